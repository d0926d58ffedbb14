"""Refresh the English catalogue and fill translations from a JSON file {msgid: msgstr}.

    flock var/messages.lock .venv/bin/python scripts/translate.py [translations.json]

Runs makemessages, applies the given translations to untranslated or fuzzy entries,
compiles, and lists what is still untranslated with where it comes from. The lock keeps
several people (or helpers) from rewriting the catalogue at the same time."""

import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
IGNORE = [
    "--ignore=.venv",
    "--ignore=var",
    "--ignore=tests",
    "--ignore=bench",
    "--ignore=node_modules",
]


def main() -> int:
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "makemessages", "-l", "en", "--no-obsolete", *IGNORE, "-v", "0"],
        cwd=ROOT,
        check=True,
    )
    subprocess.run(
        [
            *manage,
            "makemessages",
            "-d",
            "djangojs",
            "-l",
            "en",
            "--no-obsolete",
            *IGNORE,
            "-v",
            "0",
        ],
        cwd=ROOT,
        check=True,
    )
    translations = json.loads(Path(sys.argv[1]).read_text()) if len(sys.argv) > 1 else {}
    po = polib.pofile(str(PO))
    filled = 0
    for entry in po:
        if entry.msgid in translations and (not entry.translated() or "fuzzy" in entry.flags):
            if entry.msgid_plural:
                value = translations[entry.msgid]
                forms = value if isinstance(value, list) else [value, value]
                entry.msgstr_plural = {0: forms[0], 1: forms[1]}
            else:
                entry.msgstr = translations[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
    po.save()
    subprocess.run([*manage, "compilemessages", "--ignore=.venv", "-v", "0"], cwd=ROOT, check=True)
    missing = po.untranslated_entries() + po.fuzzy_entries()
    print(f"filled {filled}; still untranslated or fuzzy: {len(missing)}")
    for entry in missing:
        where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
        print(f"  {entry.msgid!r}  ({where})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
