"""National vocabulary labels as PO entries (msgctxt "<vocabulary>:<code>", e.g.
"thematiques:famille--soutien-aidants"; msgid the French label, msgstr the translation), for
`export_vocabulary` / `import_vocabulary` (orientation/vocabulary_po.py) and for the translations
shipped in directory/label_translations/<language>.json ({vocabulary: {code: label}}, loaded by
`load_label_translations`).

An import never publishes: a new or changed label is left « à relire » for a moderator."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.db import transaction

from core.reviewed_translations import translation_language_choices

from .models import LabelTranslation
from .vocabularies import NATIONAL_VOCABULARIES

SHIPPED_DIR = Path(__file__).resolve().parent / "label_translations"


class LabelCatalogueError(ValueError):
    """A catalogue that cannot be read or a language not translated into."""


@dataclass
class LabelImport:
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)


def check_language(language: str) -> str:
    codes = [code for code, _name in translation_language_choices()]
    if language not in codes:
        raise LabelCatalogueError(
            f"langue « {language} » inconnue : choisir parmi {', '.join(codes)} "
            "(MAILLAGE_CONTENT_LANGUAGES, sans le français)"
        )
    return language


def is_label_context(msgctxt: str) -> bool:
    return (msgctxt or "").split(":", 1)[0] in NATIONAL_VOCABULARIES


def label_sources(language: str) -> Iterator[tuple[str, str, str]]:
    """(msgctxt, French label, current translation in any state or "") of every label."""
    current = {
        (row.vocabulary, row.code): row.label
        for row in LabelTranslation.objects.filter(language=language)
    }
    for vocabulary, labels in NATIONAL_VOCABULARIES.items():
        for code, french in labels.items():
            yield f"{vocabulary}:{code}", french, current.get((vocabulary, code), "")


def labels_from_po(entries: Iterable[polib.POEntry], report: LabelImport) -> dict:
    """{vocabulary: {code: translation}} from the label entries of a PO catalogue (the others
    are left to their owner); a fuzzy entry is reported, not imported."""
    labels: dict[str, dict[str, str]] = {}
    for entry in entries:
        if not is_label_context(entry.msgctxt) or entry.obsolete or not entry.msgstr.strip():
            continue
        if entry.fuzzy:
            report.skipped.append(f"{entry.msgctxt} : à vérifier (fuzzy), non importée")
            continue
        vocabulary, _sep, code = entry.msgctxt.partition(":")
        labels.setdefault(vocabulary, {})[code] = entry.msgstr
    return labels


@transaction.atomic
def import_labels(
    labels: dict[str, dict[str, str]],
    language: str,
    *,
    keep_existing: bool = False,
    report: LabelImport | None = None,
) -> LabelImport:
    """{vocabulary: {code: translation}} into LabelTranslation. A new or changed label is
    saved « à relire »; `keep_existing` leaves alone every label already translated (shipped
    translations never overwrite a moderator's work). Unknown vocabularies and codes are
    reported and refused."""
    check_language(language)
    report = report or LabelImport()
    existing = {
        (row.vocabulary, row.code): row
        for row in LabelTranslation.objects.filter(language=language)
    }
    for vocabulary, translations in labels.items():
        known = NATIONAL_VOCABULARIES.get(vocabulary)
        if known is None or not isinstance(translations, dict):
            report.skipped.append(f"{vocabulary} : vocabulaire national inconnu")
            continue
        for code, text in translations.items():
            context = f"{vocabulary}:{code}"
            text = text.strip() if isinstance(text, str) else ""
            if code not in known:
                report.skipped.append(f"{context} : code inconnu du vocabulaire national")
                continue
            if not text:
                continue
            row = existing.get((vocabulary, code))
            if row is not None and (keep_existing or row.label == text):
                report.unchanged += 1
                continue
            if row is None:
                row = LabelTranslation(vocabulary=vocabulary, code=code, language=language)
            row.label = text
            # Never published by an import: a moderator reviews it first.
            row.send_back_to_review()
            row.save()
            report.updated.append(context)
    return report


def import_po_labels(entries: Iterable[polib.POEntry], language: str) -> LabelImport:
    report = LabelImport()
    return import_labels(labels_from_po(entries, report), language, report=report)


def shipped_files() -> dict[str, Path]:
    """language → the shipped JSON file ({vocabulary: {code: label}}), for every file present."""
    return {path.stem: path for path in sorted(SHIPPED_DIR.glob("*.json"))}


def read_shipped(path: Path) -> dict:
    try:
        labels = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise LabelCatalogueError(f"{path} illisible : {error}") from error
    if not isinstance(labels, dict):
        raise LabelCatalogueError(f"{path} : un objet {{vocabulaire: {{code: libellé}}}} attendu")
    return labels


def load_shipped(languages: Iterable[str] | None = None) -> dict[str, LabelImport]:
    """The shipped translations of the labels not translated yet, « à relire »: idempotent."""
    files = shipped_files()
    if languages is None:  # every shipped language this site translates into
        configured = {code for code, _name in translation_language_choices()}
        chosen = [language for language in files if language in configured]
    else:
        chosen = list(languages)
    reports = {}
    for language in chosen:
        if language not in files:
            raise LabelCatalogueError(f"aucune traduction livrée pour « {language} »")
        labels = read_shipped(files[language])
        reports[language] = import_labels(labels, language, keep_existing=True)
    return reports
