"""Every message to a person leaves through the outbox (DESIGN.md §2): only
notifications/sending.py may touch Django's mail API (allauth sends its own account mails)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["portal", "core", "accounts", "home", "notifications", "directory", "orientation",
        "offers", "events", "guides", "search", "api"]  # fmt: skip
SENDER = ROOT / "notifications" / "sending.py"


def mail_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.core.mail"):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        elif isinstance(node, ast.ImportFrom) and node.module == "django.core":
            if any(alias.name == "mail" for alias in node.names):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        elif isinstance(node, ast.Import) and any(
            alias.name.startswith("django.core.mail") for alias in node.names
        ):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_only_the_outbox_sender_uses_the_mail_api():
    offenders = [
        place
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if path != SENDER
        for place in mail_imports(path)
    ]
    assert offenders == []
    assert mail_imports(SENDER), "the sender itself must still be found by this scan"
