"""Figures and rules in a text: amounts, percentages, ages and durations in years, dates
and legal articles. Content that states one must say where it comes from (a source line
under the block); this module only finds them, in French text, without knowing any domain."""

from __future__ import annotations

import re

from django.utils.html import strip_tags

_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)
_NUMBER = r"\d[\d\u00a0\u202f .]*(?:,\d+)?"

FIGURE_PATTERNS = (
    # an amount: « 3 500 € », « 3500 euros »
    re.compile(rf"{_NUMBER}\s?(?:€|euros?\b)", re.IGNORECASE),
    # a percentage: « 25 % », « 5,5 pour cent »
    re.compile(rf"{_NUMBER}\s?(?:%|pour\s?cent\b)", re.IGNORECASE),
    # an age or a duration in years: « plus de 15 ans », « 60 ans »
    re.compile(r"\b\d+\s?ans\b", re.IGNORECASE),
    # a date rule: « avant le 31/12 », « 31/12/N+2 », « 31 mars », « 1er novembre »
    re.compile(r"\b\d{1,2}/\d{1,2}(?:/(?:\d{2,4}|N(?:\s?\+\s?\d)?))?", re.IGNORECASE),
    re.compile(rf"\b(?:1er|\d{{1,2}})\s+(?:{_MONTHS})\b", re.IGNORECASE),
    # a legal rule: « article 1391 C », « article L. 411-9 »
    re.compile(r"\barticles?\s+(?:[LRD]\.?\s?)?\d", re.IGNORECASE),
)


def figures_in(text: str) -> list[str]:
    """The figures and rules stated in `text` (plain or HTML), in order, each once."""
    plain = strip_tags(text or "").replace("&nbsp;", " ")
    found: list[tuple[int, str]] = []
    for pattern in FIGURE_PATTERNS:
        found.extend((m.start(), m.group(0).strip()) for m in pattern.finditer(plain))
    seen: list[str] = []
    for _, figure in sorted(found):
        if figure not in seen:
            seen.append(figure)
    return seen
