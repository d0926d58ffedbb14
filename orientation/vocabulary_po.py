"""Situations, glossary terms and national vocabulary labels as a PO catalogue, for
translators' tools: one entry per French text (msgctxt "situation:<slug>:<field>",
"glossary:<slug>:<field>" or "<vocabulary>:<code>" for a label, directory/label_po.py), msgstr
the current translation (any state) or empty. Importing never publishes: every entry that changes
a translation leaves it « à relire » for a moderator (orientation/wagtail_hooks.py).

A machine translator can pre-fill the empty entries (marked fuzzy, so a translator checks
them) when WAGTAILLOCALIZE_MACHINE_TRANSLATOR is configured: wagtail-localize's translators
take plain strings as `StringValue.from_plaintext`. None is configured by default."""

from __future__ import annotations

from dataclasses import dataclass, field

import polib
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.strings import StringValue

from core.languages import ensure_content_locales
from directory.label_po import import_po_labels, is_label_context, label_sources

from .models import (
    GlossaryTerm,
    GlossaryTermTranslation,
    Situation,
    SituationTranslation,
    TranslationStatus,
    translation_language_choices,
)
from .translations import GLOSSARY_FIELDS, SITUATION_FIELDS


class VocabularyError(ValueError):
    """A catalogue that cannot be read or a language not translated into."""


def check_language(language: str) -> str:
    codes = [code for code, _name in translation_language_choices()]
    if language not in codes:
        raise VocabularyError(
            f"langue « {language} » inconnue : choisir parmi {', '.join(codes)} "
            "(MAILLAGE_CONTENT_LANGUAGES, sans le français)"
        )
    return language


def _in(translations, language: str):
    return next((t for t in translations if t.language == language), None)


def _sources(language: str):
    """(kind, slug, field, French text, current translation text) for every text to translate."""
    situations = Situation.objects.prefetch_related("translations")
    for situation in situations:
        translation = next(
            (t for t in situation.translations.all() if t.language == language), None
        )
        for name in SITUATION_FIELDS:
            french = getattr(situation, name)
            if french:
                current = getattr(translation, name) if translation else ""
                yield "situation", situation.slug, name, french, current
    for term in GlossaryTerm.objects.prefetch_related("translations"):
        translation = _in(term.translations.all(), language)
        for name in GLOSSARY_FIELDS:
            french = getattr(term, name)
            if french:
                current = getattr(translation, name) if translation else ""
                yield "glossary", term.slug, name, french, current


def machine_translations(language: str, texts: list[str]) -> dict[str, str]:
    """French text → machine translation, {} when no translator is configured."""
    translator = get_machine_translator()
    if translator is None or not texts:
        return {}
    ensure_content_locales()
    source = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    target = Locale.objects.get(language_code=language)
    if not translator.can_translate(source, target):
        return {}
    values = [StringValue.from_plaintext(text) for text in texts]
    translated = translator.translate(source, target, values)
    return {
        value.render_text(): translated[value].render_text()
        for value in values
        if value in translated
    }


def export_po(language: str, machine: bool = False) -> polib.POFile:
    check_language(language)
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {
        "Project-Id-Version": "Maillage vocabulary",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
        "POT-Creation-Date": timezone.now().strftime("%Y-%m-%d %H:%M%z"),
    }
    sources = [
        (f"{kind}:{slug}:{name}", french, current)
        for kind, slug, name, french, current in _sources(language)
    ]
    sources += label_sources(language)
    suggested = (
        machine_translations(language, [s[1] for s in sources if not s[2]]) if machine else {}
    )
    for msgctxt, french, current in sources:
        entry = polib.POEntry(msgctxt=msgctxt, msgid=french, msgstr=current)
        if not current and french in suggested:
            entry.msgstr = suggested[french]
            entry.flags.append("fuzzy")
        catalogue.append(entry)
    return catalogue


@dataclass
class ImportReport:
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)


def _group(catalogue: polib.POFile, report: ImportReport) -> dict[tuple[str, str], dict]:
    grouped: dict[tuple[str, str], dict[str, str]] = {}
    for entry in catalogue:
        if entry.obsolete or not entry.msgstr.strip() or is_label_context(entry.msgctxt):
            continue  # labels: directory.label_po
        if entry.fuzzy:
            report.skipped.append(f"{entry.msgctxt} : à vérifier (fuzzy), non importée")
            continue
        parts = (entry.msgctxt or "").split(":")
        allowed = {"situation": SITUATION_FIELDS, "glossary": GLOSSARY_FIELDS}
        if len(parts) != 3 or parts[0] not in allowed or parts[2] not in allowed[parts[0]]:
            report.skipped.append(f"{entry.msgctxt!r} : contexte inconnu")
            continue
        grouped.setdefault((parts[0], parts[1]), {})[parts[2]] = entry.msgstr.strip()
    return grouped


@transaction.atomic
def import_po(catalogue: polib.POFile, language: str | None = None) -> ImportReport:
    language = check_language(language or catalogue.metadata.get("Language", ""))
    report = ImportReport()
    labels = import_po_labels(catalogue, language)
    report.updated += labels.updated
    report.unchanged += labels.unchanged
    report.skipped += labels.skipped
    for (kind, slug), texts in _group(catalogue, report).items():
        if kind == "situation":
            owner = Situation.objects.filter(slug=slug).first()
            model, key, required = SituationTranslation, "situation", ("label",)
        else:
            owner = GlossaryTerm.objects.filter(slug=slug).first()
            model, key, required = GlossaryTermTranslation, "glossary_term", GLOSSARY_FIELDS
        if owner is None:
            report.skipped.append(f"{kind}:{slug} : n'existe plus")
            continue
        translation = model.objects.filter(**{key: owner, "language": language}).first()
        if translation is None:
            missing = [name for name in required if name not in texts]
            if missing:
                report.skipped.append(f"{kind}:{slug} : {', '.join(missing)} manquant")
                continue
            translation = model(**{key: owner, "language": language})
        changed = [name for name, text in texts.items() if getattr(translation, name) != text]
        if not changed and translation.pk:
            report.unchanged += 1
            continue
        for name, text in texts.items():
            setattr(translation, name, text)
        # Never published by an import: a moderator reviews it first.
        translation.status = TranslationStatus.TO_REVIEW
        translation.reviewed_by = None
        translation.reviewed_at = None
        translation.save()
        report.updated.append(f"{kind}:{slug}")
    return report
