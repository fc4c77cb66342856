"""Tables as an Office Open XML spreadsheet (.xlsx), one sheet each: what the follow-up's
readers open in Excel or LibreOffice without an import dialog (numbers as numbers, days as
dates, the header row bold and frozen)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

MAX_TITLE = 31  # the format's limit on a sheet's name
_BOLD = Font(bold=True)
_DATE_FORMAT = "yyyy-mm-dd"


def workbook(sheets: Sequence[tuple[str, Sequence[Sequence[object]]]]) -> bytes:
    """``sheets`` as (title, rows), the first row of each its header."""
    book = Workbook()
    first = True
    for title, rows in sheets:
        sheet: Worksheet = book.active if first else book.create_sheet()  # type: ignore[assignment]
        first = False
        sheet.title = title[:MAX_TITLE]
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=c, value=_value(value))
                if r == 1:
                    cell.font = _BOLD
                if isinstance(value, date):
                    cell.number_format = _DATE_FORMAT
        sheet.freeze_panes = "A2"
        for c in range(1, max((len(row) for row in rows), default=0) + 1):
            widest = max((len(str(row[c - 1])) for row in rows if len(row) >= c), default=8)
            sheet.column_dimensions[get_column_letter(c)].width = min(60, max(10, widest + 2))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


Value = bool | int | float | str | date | None


def _value(value: object) -> Value:
    """A cell's value: a number, text or a day; an instant (its zone would be lost) or anything
    else is a programming error."""
    if isinstance(value, datetime) or not isinstance(value, bool | int | float | str | date | None):
        raise TypeError(f"a spreadsheet cell takes a number, text or a day, not {type(value)}")
    return value
