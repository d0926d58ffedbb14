"""Lighthouse (mobile) scores of the pages people open on a phone, against a running server.

    npm ci                                      # lighthouse 12 into ./node_modules
    .venv/bin/python bench/lighthouse.py --base-url http://127.0.0.1:8000 [--query "CMP"]

Pages: the home page, search results (`/recherche/?q=…`), the first service sheet those
results link to and the first guide of `/guides/` (or `--service` / `--guide` paths), plus any
`--page NAME=PATH` (repeatable: a widget, the agenda, a page in Arabic…). For each
it runs `lighthouse` with its default mobile emulation (Moto G power, slow 4G throttling
simulated) in Debian's Chromium (`CHROME_PATH`, default /usr/bin/chromium, headless, no
sandbox) and prints the four category scores: performance, accessibility, best practices,
SEO. Exit status 1 when a score is under `--min` (default 95), with the failing audits listed.

Run it against a server as production runs: `DEBUG=False`, static files collected and served
by whitenoise (compressed, hashed names), e.g. production settings under gunicorn with
`SECURE_SSL_REDIRECT=false` (README, "Lighthouse"). The JSON reports stay in `--out`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-background-networking --disable-gpu"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our server)
        return response.read().decode()


def first_link(html: str, pattern: str, what: str) -> str:
    found = re.search(rf'href="({pattern})"', html)
    if found is None:
        raise SystemExit(f"no {what} link found: pass it with its option")
    return found.group(1)


def pages(base: str, options) -> dict[str, str]:
    search = "/recherche/?" + urllib.parse.urlencode({"q": options.query})
    service = options.service or first_link(
        fetch(base + search), r"/annuaire/services/[^\"]+/", "service sheet"
    )
    guide = options.guide or first_link(
        fetch(base + "/guides/"), r"/guides/(?!pdf)[^\"/]+/", "guide"
    )
    chosen = {"home": "/", "search": search, "service": service, "guide": guide}
    for extra in options.page:
        name, separator, path = extra.partition("=")
        if not separator or not path.startswith("/"):
            raise SystemExit(f"--page {extra!r}: NAME=/path expected")
        chosen[name] = path
    return chosen


def audit(url: str, report: Path) -> dict:
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `npm ci` at the project root")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env=env,
        check=True,
    )
    return json.loads(report.read_text())


def failing_audits(result: dict, category: str) -> list[str]:
    audits = result["audits"]
    lines = []
    for ref in result["categories"][category]["auditRefs"]:
        found = audits[ref["id"]]
        if ref["weight"] and found.get("score") is not None and found["score"] < 0.9:
            lines.append(f"    {category}: {found['id']} ({found['score']:.2f}) {found['title']}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--query", default="aide à domicile", help="the search of the results page")
    parser.add_argument("--service", help="path of a service sheet (default: first result)")
    parser.add_argument("--guide", help="path of a guide (default: first of /guides/)")
    parser.add_argument(
        "--page", action="append", default=[], metavar="NAME=PATH", help="another page to audit"
    )
    parser.add_argument("--min", type=int, default=95, help="lowest acceptable score")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "lighthouse")
    options = parser.parse_args()
    base = options.base_url.rstrip("/")
    options.out.mkdir(parents=True, exist_ok=True)

    print(f"{'page':<12} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'seo':>5}  url")
    below = []
    for name, path in pages(base, options).items():
        result = audit(base + path, options.out / f"{name}.json")
        scores = {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}
        print(f"{name:<12} " + " ".join(f"{scores[c]:>5}" for c in CATEGORIES) + f"  {path}")
        for category, score in scores.items():
            if score < options.min:
                below.append(f"  {name} {category} {score}")
                below.extend(failing_audits(result, category))
    if below:
        print(f"\nunder {options.min}:", *below, sep="\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
