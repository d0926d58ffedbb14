"""A dashboard table as CSV (core/csv.py's safe writer: semicolons, UTF-8 with BOM) or as an
OpenDocument spreadsheet (odfpy) for steering committees: French headers, numbers as numbers."""

import io
import re

from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableColumnProperties, TextProperties
from odf.table import Table as SheetTable
from odf.table import TableCell, TableColumn, TableRow
from odf.text import P

from core import csv as safe_csv

from .indicators import Table

CSV_TYPE = "text/csv; charset=utf-8"
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
# Characters a sheet name may not hold (LibreOffice refuses them).
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]*?:/\\']")


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def as_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    buffer.write(safe_csv.BOM)
    writer = safe_csv.writer(buffer, delimiter=";")
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return buffer.getvalue().encode("utf-8")


def sheet_name(title: str) -> str:
    return _SHEET_NAME_FORBIDDEN.sub(" ", title).strip()[:31] or "Maillage"


def as_ods(table: Table) -> bytes:
    """One sheet: the headers (bold) then the rows; numbers are float cells, text is text
    (never a formula: an ODS string cell is not evaluated)."""
    document = OpenDocumentSpreadsheet()
    bold = Style(name="entete", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    wide = Style(name="large", family="table-column")
    wide.addElement(TableColumnProperties(columnwidth="7cm"))
    narrow = Style(name="etroite", family="table-column")
    narrow.addElement(TableColumnProperties(columnwidth="4cm"))
    document.automaticstyles.addElement(bold)
    document.automaticstyles.addElement(wide)
    document.automaticstyles.addElement(narrow)

    sheet = SheetTable(name=sheet_name(table.title))
    sheet.addElement(TableColumn(stylename=wide))
    for _header in table.headers[1:]:
        sheet.addElement(TableColumn(stylename=narrow))
    header_row = TableRow()
    for header in table.headers:
        cell = TableCell(valuetype="string", stylename=bold)
        cell.addElement(P(text=str(header)))
        header_row.addElement(cell)
    sheet.addElement(header_row)
    for values in table.rows:
        row = TableRow()
        for value in values:
            if _is_number(value):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text="" if value is None else str(value)))
            row.addElement(cell)
        sheet.addElement(row)
    document.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()
