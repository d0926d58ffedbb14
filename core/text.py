"""Plain-text helpers shared by every app (no domain knowledge)."""

from __future__ import annotations

import re

ELLIPSIS = "…"
# Punctuation left dangling before an ellipsis reads badly ("chaque semaine, …").
_TRAILING = " \t\r\n,;:.-–—(«'\""


def excerpt(text: str, limit: int = 220) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis when cut
    ("Accueil de jour pour les aidants" → "Accueil de jour…"). A single word longer than the
    limit is cut inside (nothing else can be shown)."""
    text = " ".join(str(text or "").split())
    if limit < 1:
        raise ValueError("excerpt limit must be a positive number of characters")
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    cut = text[: room + 1]
    if cut[-1:] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    cut = cut[:room].rstrip(_TRAILING)
    return cut + ELLIPSIS


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", str(text or "").casefold())


def ends_with_words(text: str, tail: str) -> bool:
    """True when `text` already ends with the words of `tail`, whatever the case and
    punctuation ("SAAD Vivre Chez Soi — Bobigny", "bobigny"): a card then does not repeat it."""
    tail_words = _words(tail)
    return bool(tail_words) and _words(text)[-len(tail_words) :] == tail_words
