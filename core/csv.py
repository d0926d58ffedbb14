"""The one CSV writer of every export: it neutralises spreadsheet formulas in every cell.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula for
spreadsheet software (CSV injection, OWASP): such text gets a leading `'`, which shows it as
typed. Real numbers (int, float, Decimal) are written unchanged; text that looks like a
negative number ("-3") gets the quote too, which is the price of not guessing."""

import csv
from collections.abc import Iterable
from decimal import Decimal
from numbers import Number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # so that spreadsheet software reads UTF-8 accents right


def neutralise(value):
    """One cell, safe to open in spreadsheet software."""
    if value is None:
        return ""
    if isinstance(value, Number | Decimal) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SafeWriter:
    """`csv.writer` whose rows are neutralised cell by cell."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable):
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream, **options) -> SafeWriter:
    """Like `csv.writer(stream, **options)`, formulas neutralised."""
    return SafeWriter(stream, **options)


class Echo:
    """A file-like object whose write() returns the line: `writer(Echo()).writerow(row)` is
    the CSV text of one row, for streamed responses."""

    def write(self, value: str) -> str:
        return value


def line_writer(**options) -> SafeWriter:
    """A writer whose `writerow()` returns the row's CSV text instead of writing it."""
    return SafeWriter(Echo(), **options)
