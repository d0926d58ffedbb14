"""Interface catalogues of the content-only languages (ar, es, pt, ro, ta, zh-hans).

Those languages translate only the pages tenants read (core.languages `tenant_facing`): the
site's shell, « Qui appeler ? », guides, glossary, posters, agenda. This script

- takes the tenant msgid set: the entries of locale/en/LC_MESSAGES/django.po (kept current by
  `make messages`) found in the tenant-facing sources (TENANT_SOURCES below);
- writes locale/<dir>/LC_MESSAGES/django.po for each language: exactly that set, each entry with
  its existing translation (kept unless `--replace`), or the one given in the JSON files of
  `--from DIR`
  (`tenant_<code>*.json`: {"msgid": "translation"}, plural {"msgid": ["form0", …]} with the
  language's nplurals forms, msgctxt entries keyed "context\\u0004msgid"); the header carries
  the Plural-Forms of Django's own catalogue for the language;
- with `--check`, writes nothing: lists the tenant msgids without a translation in each
  language and fails if there is any.

    python scripts/tenant_catalogues.py --from /path/to/translations
    python scripts/tenant_catalogues.py --check

Then `manage.py compilemessages` (make setup / make messages) compiles every locale.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import django
import polib

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
DJANGO_LOCALE = Path(django.__file__).resolve().parent / "conf" / "locale"

# Content-only languages (settings.MAILLAGE_CONTENT_LANGUAGES minus settings.UI_LANGUAGES) and
# their locale directory names (tests/portal/test_tenant_languages.py checks the settings).
LANGUAGES = {"ar": "ar", "es": "es", "pt": "pt", "ro": "ro", "ta": "ta", "zh-hans": "zh_Hans"}

# The sources of the tenant-facing pages' interface strings: their templates (with the shell:
# base, includes, components), views, forms and the vocabularies and formats they show.
TENANT_SOURCES = [
    r"^templates/base\.html$",
    r"^templates/includes/",
    r"^templates/components/",
    r"^templates/guides/(?!admin/)",  # not the translation editor's review panel
    r"^templates/home/",
    r"^templates/orientation/(index|call_sheet|glossary)\.html$",
    r"^templates/orientation/includes/(emergency|map_results|referents|residence_body"
    r"|service_card|favourite_button|favourites_summary|callbacks_links)\.html$",
    r"^templates/events/(event_index_page|event_page|index|month|commune|organisation|archive"
    r"|register|registration|receipt)\.html$",
    r"^templates/events/(includes|blocks)/",
    r"^templates/directory/(service|service_print|organisation)\.html$",
    r"^templates/directory/includes/",
    r"^directory/(views|sharing|label_translations)\.py$",
    r"^directory/templatetags/directory_tags\.py$",
    r"^orientation/forms\.py$",
    r"^orientation/views\.py$",
    r"^guides/(views|reader|vocabularies|forms|posters?|pdf|exports|contacts|commune_form)\.py$",
    r"^guides/templatetags/(?!translation_review)",
    r"^events/forms\.py$",
    r"^events/models\.py$",
    r"^events/views\.py$",
    r"^events/templatetags/",
    r"^directory/vocabularies\.py$",
    r"^directory/templatetags/formats\.py$",
    r"^directory/opening\.py$",
    r"^core/templatetags/",
    r"^core/languages\.py$",
    # What those pages show from elsewhere: the menu, the home search box, the feed links, the
    # reasons of « Qui appeler ? » answers, the registration form's checks.
    r"^home/context_processors\.py$",
    r"^templates/search/_home_search\.html$",
    r"^templates/api/includes/feed_links\.html$",
    r"^orientation/reasons\.py$",
    r"^events/registrations\.py$",
    r"^core/honeypot\.py$",
]
SOURCE_RX = re.compile("|".join(TENANT_SOURCES))
PLACEHOLDER_RX = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
HEADER_COMMENT = (
    "Interface of the tenant-facing pages in {name}: written by scripts/tenant_catalogues.py\n"
    "from reviewed translations; edit the translations, the set of msgids follows the sources."
)


def key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def tenant_entries(english: Path = ENGLISH) -> list[polib.POEntry]:
    """The English catalogue's entries used by the tenant-facing sources, in its order."""
    return [
        entry
        for entry in polib.pofile(str(english))
        if not entry.obsolete and any(SOURCE_RX.search(path) for path, _line in entry.occurrences)
    ]


def catalogue_path(directory: str) -> Path:
    return ROOT / "locale" / directory / "LC_MESSAGES" / "django.po"


def plural_forms(directory: str) -> str:
    return polib.pofile(str(DJANGO_LOCALE / directory / "LC_MESSAGES" / "django.po")).metadata[
        "Plural-Forms"
    ]


def nplurals(forms: str) -> int:
    return int(re.search(r"nplurals\s*=\s*(\d+)", forms).group(1))


def existing_translations(path: Path) -> dict[str, str | list[str]]:
    if not path.exists():
        return {}
    found: dict[str, str | list[str]] = {}
    for entry in polib.pofile(str(path)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            if forms and all(forms):
                found[key(entry)] = forms
        elif entry.msgstr:
            found[key(entry)] = entry.msgstr
    return found


def json_translations(directory: Path | None, code: str) -> dict[str, str | list[str]]:
    """Every tenant_<code>*.json of `directory` (the translators' files, in parts or whole)."""
    if directory is None:
        return {}
    found: dict[str, str | list[str]] = {}
    names = {f"tenant_{code}", f"tenant_{LANGUAGES[code]}"}
    for path in sorted(directory.glob("tenant_*.json")):
        stem = path.name.removesuffix(".json")
        if not any(stem == name or stem.startswith(f"{name}.") for name in names):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise SystemExit(f"{path}: a JSON object {{msgid: translation}} expected")
        found.update(data)
    return found


def problem(entry: polib.POEntry, value, forms: int) -> str | None:
    """Why a translation cannot go into the catalogue, or None."""
    sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
    expected = set().union(*(PLACEHOLDER_RX.findall(s) for s in sources))
    if entry.msgid_plural:
        if not isinstance(value, list) or len(value) != forms:
            return f"{forms} plural forms expected, got {value!r}"
        values = value
    elif not isinstance(value, str):
        return f"a string expected, got {value!r}"
    else:
        values = [value]
    for text in values:
        if not isinstance(text, str) or not text.strip():
            return "empty translation"
        extra = set(PLACEHOLDER_RX.findall(text)) - expected
        if extra:
            return f"placeholders {sorted(extra)} not in the msgid"
    if not entry.msgid_plural and set(PLACEHOLDER_RX.findall(values[0])) != expected:
        return f"placeholders {sorted(expected)} expected"
    return None


def build(
    code: str, entries: list[polib.POEntry], new: dict, replace: bool = False
) -> tuple[polib.POFile, list, list]:
    """The catalogue of one language, its missing msgids and the refused JSON translations."""
    directory = LANGUAGES[code]
    forms_header = plural_forms(directory)
    forms = nplurals(forms_header)
    known = existing_translations(catalogue_path(directory))
    refused = []
    po = polib.POFile(wrapwidth=100)
    po.header = HEADER_COMMENT.format(name=code)
    po.metadata = {
        "Project-Id-Version": "maillage",
        "Language": directory,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": forms_header,
    }
    missing = []
    for source in entries:
        value = None
        if key(source) in known and problem(source, known[key(source)], forms) is None:
            value = known[key(source)]  # a translation in the catalogue stays (--replace)
        if key(source) in new and (value is None or replace):
            reason = problem(source, new[key(source)], forms)
            if reason is None:
                value = new[key(source)]
            else:
                refused.append((source.msgid, reason))
        entry = polib.POEntry(
            msgid=source.msgid,
            msgctxt=source.msgctxt,
            occurrences=[(path, "") for path in dict.fromkeys(p for p, _ in source.occurrences)],
            flags=[flag for flag in source.flags if flag != "fuzzy"],
        )
        if source.msgid_plural:
            entry.msgid_plural = source.msgid_plural
            entry.msgstr_plural = {i: (value[i] if value else "") for i in range(forms)}
        else:
            entry.msgstr = value or ""
        if value is None:
            missing.append(source.msgid)
        po.append(entry)
    return po, missing, refused


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", type=Path, help="folder of tenant_<code>*.json")
    parser.add_argument(
        "--replace", action="store_true", help="the JSON translations replace the catalogue's"
    )
    parser.add_argument("--check", action="store_true", help="write nothing; fail if incomplete")
    args = parser.parse_args(argv)
    if args.source is not None and not args.source.is_dir():
        parser.error(f"--from {args.source}: no such folder")
    entries = tenant_entries()
    status = 0
    for code, directory in LANGUAGES.items():
        po, missing, refused = build(
            code, entries, json_translations(args.source, code), args.replace
        )
        for msgid, reason in refused:
            print(f"{code}: refused {msgid!r}: {reason}", file=sys.stderr)
            status = 1
        path = catalogue_path(directory)
        if args.check:
            # Entries no longer used are harmless (the next write drops them); a tenant msgid
            # the catalogue lacks is missing.
            for msgid in missing:
                print(f"{code}: no translation for {msgid!r}", file=sys.stderr)
            if missing:
                status = 1
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(str(po), encoding="utf-8")
        print(f"{code}: {len(entries) - len(missing)}/{len(entries)} translated")
    return status


if __name__ == "__main__":
    sys.exit(main())
