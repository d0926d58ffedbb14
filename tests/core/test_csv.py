"""core.csv: every cell of every export is safe to open in spreadsheet software."""

import csv
import io
from decimal import Decimal

import pytest

from core.csv import line_writer, neutralise, writer
from directory.imports.report import report_csv


@pytest.mark.parametrize(
    "text", ["=1+1", "+33 cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")']
)
def test_a_formula_is_written_as_text(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Awa Traoré", "", "a=b", "1+1", "'déjà cité"])
def test_ordinary_text_is_unchanged(text):
    assert neutralise(text) == text


def test_real_numbers_stay_numbers_and_none_is_empty():
    assert neutralise(-3) == -3
    assert neutralise(-2.5) == -2.5
    assert neutralise(Decimal("-1.10")) == Decimal("-1.10")
    assert neutralise("-3") == "'-3"  # text that looks like a number: quoted
    assert neutralise(None) == ""
    assert neutralise(True) == "True"


def test_writer_neutralises_every_cell_of_every_row():
    buffer = io.StringIO()
    out = writer(buffer, delimiter=";")
    out.writerow(["Nom", "=cmd", -4])
    out.writerows([["@x", "ok"], ["+1", "\t2"]])
    rows = list(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";"))
    assert rows == [["Nom", "'=cmd", "-4"], ["'@x", "ok"], ["'+1", "'\t2"]]


def test_line_writer_returns_each_line():
    assert line_writer().writerow(["=a", "b"]) == "'=a,b\r\n"


def test_the_import_report_is_neutralised_too():
    hostile = {"line": 2, "name": "=cmd|' /C calc'!A0", "message": "-x", "outcome": "error"}
    report = report_csv([hostile])
    rows = list(csv.reader(io.StringIO(report.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][3] == "'=cmd|' /C calc'!A0"
    assert rows[1][5] == "'-x"
