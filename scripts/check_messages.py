"""Fails when the message files are stale or the English translation is incomplete.

Runs makemessages (which rewrites locale/en/LC_MESSAGES/*.po from the sources), then checks
that the set of msgids did not change and that every entry has a non-fuzzy translation."""

import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale" / "en" / "LC_MESSAGES"
DOMAINS = ["django", "djangojs"]


def msgids(path: Path) -> set[tuple[str, str]]:
    if not path.exists():
        return set()
    return {
        (entry.msgctxt or "", entry.msgid)
        for entry in polib.pofile(str(path))
        if not entry.obsolete
    }


def main() -> int:
    before = {domain: msgids(LOCALE / f"{domain}.po") for domain in DOMAINS}
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=var",
            "--ignore=tests",
            "--ignore=bench",
            "--ignore=node_modules",
            "-v",
            "0",
        ],
        cwd=ROOT,
        check=True,
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-d",
            "djangojs",
            "-l",
            "en",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=var",
            "--ignore=tests",
            "--ignore=bench",
            "--ignore=node_modules",
            "-v",
            "0",
        ],
        cwd=ROOT,
        check=True,
    )
    problems = []
    for domain in DOMAINS:
        path = LOCALE / f"{domain}.po"
        after = msgids(path)
        added, removed = after - before[domain], before[domain] - after
        if added or removed:
            problems.append(
                f"{path.relative_to(ROOT)} was out of date ({len(added)} new, {len(removed)} "
                "removed messages); it has been regenerated: translate, compile and commit it."
            )
        if path.exists():
            po = polib.pofile(str(path))
            untranslated = [e.msgid for e in po.untranslated_entries()]
            fuzzy = [e.msgid for e in po.fuzzy_entries()]
            for label, items in (("untranslated", untranslated), ("fuzzy", fuzzy)):
                if items:
                    shown = "\n    ".join(items[:15])
                    problems.append(f"{path.name}: {len(items)} {label}:\n    {shown}")
    if problems:
        print("Message files check failed:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print("Message files up to date, English translation complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
