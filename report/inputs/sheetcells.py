"""A workbook cell as the data's text: the one rule for numbers, and what a spreadsheet can hold that a CSV cannot.

The rule: **a number cell reads as the number it shows.** A cell formatted as a percentage shows its value
times 100, so 0.101 in a cell formatted 0.0% reads as 10.1, the same as 10.1 typed into a plain cell; a share
is always a percentage from 0 to 100. A decimal keeps at least the decimal places the cell shows (9 shown as
9.0 reads as 9.0, which the briefing prints as 9.0%) and any further ones it holds (4.476 shown as 4.5 still
reads as 4.476). A value is read to 15 significant digits, as a spreadsheet shows it, so 63447.0 and a
formula's 0.30000000000000004 read as 63447 and 0.3; a whole number is whole however many places it shows.

A number stored as text, a date, TRUE/FALSE, an error such as #DIV/0! and a formula with no saved value are
each reported where a number belongs, with the fix.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from report.inputs.cells import show
from report.inputs.schema import number_kind
from report.inputs.table import UNREADABLE, Column, parse_value

UNSAVED = (
    "found a formula with no saved value, expected a value; open the workbook in a spreadsheet program and "
    "save it, so the value of each formula is saved with it"
)


@dataclass(frozen=True)
class SheetCell:
    """One cell as saved: its value, openpyxl's type for it (n, s, b, d, e) and its number format."""

    value: Any = None
    kind: str = "n"
    number_format: str = "General"
    unsaved: bool = False  # a formula that was never calculated and saved: it reads as empty, but is not

    @classmethod
    def of(cls, cell: Any, unsaved: bool) -> SheetCell:
        value = cell.value
        if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
            kind = "d"
        else:
            kind = getattr(cell, "data_type", "n") or "n"
        return cls(value, kind, getattr(cell, "number_format", None) or "General", unsaved)

    @property
    def empty(self) -> bool:
        return not self.unsaved and (self.value is None or (isinstance(self.value, str) and not self.value.strip()))


def sheet_value(cell: SheetCell, column: Column) -> tuple[Any, str | None]:
    """The cell's value for ``column``, or UNREADABLE and the message a CSV cell would get (and more)."""
    kind = number_kind(column)
    wants = "a number" if kind else "text"
    if cell.unsaved:
        return UNREADABLE, UNSAVED
    if cell.kind == "e":
        return UNREADABLE, f"found the error {cell.value}, expected {wants}; correct the formula or type the value"
    if cell.kind == "b":
        return UNREADABLE, f"found {'TRUE' if cell.value else 'FALSE'}, expected {wants}"
    if cell.kind == "d":
        fix = "format the cell as a number, not a date" if kind else "format the cell as text and type it again"
        return UNREADABLE, f"found the date {_date(cell.value)}, expected {wants}; {fix}"
    if isinstance(cell.value, str):
        text = cell.value.strip()
        if not kind or not text:
            return parse_value(text, column)
        value, message = parse_value(text, column, shown=f"text {show(text)}")
        if message is not None:
            return value, message
        return UNREADABLE, (
            f"found text {show(text)}, expected a number; convert the cell to a number (it is stored as text)"
        )
    if cell.value is None:
        return parse_value("", column)
    text = number_text(cell.value, cell.number_format, kind == "decimal")
    return parse_value(text, column, shown=text)


def cell_text(cell: SheetCell, column: Column | None) -> str:
    """The cell as the data's text, whatever it holds: for a header, the change report and `report data import`.

    A cell that `sheet_value` would reject still gets a text here (a date its ISO date, an error its code).
    """
    if cell.unsaved or cell.value is None:
        return ""
    if cell.kind == "d":
        return _date(cell.value)
    if cell.kind == "b":
        return "TRUE" if cell.value else "FALSE"
    if isinstance(cell.value, str):
        return cell.value.strip()
    if isinstance(cell.value, int | float | Decimal):
        decimal = column is not None and number_kind(column) == "decimal"
        return number_text(cell.value, cell.number_format, decimal)
    return str(cell.value)


def number_text(value: float | Decimal, number_format: str, decimal: bool) -> str:
    """The number a cell shows (see the module's rule), written as a CSV cell holds it: 63447, 10.1, 9.0."""
    number = Decimal(f"{value:.15g}") if isinstance(value, float) else Decimal(value)
    places, percent = _format_shape(number_format)
    if percent:
        number = number.scaleb(2)
    if number.is_zero():
        number = abs(number)
    text = format(number.normalize(), "f")
    whole, _, fraction = text.partition(".")
    if decimal and len(fraction) < places:
        fraction = fraction.ljust(places, "0")
    return f"{whole}.{fraction}" if fraction else whole


_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def _format_shape(number_format: str) -> tuple[int, bool]:
    """How many decimal places a number format always shows, and whether it shows a percentage."""
    section = _QUOTED.sub("", number_format.split(";")[0])
    percent = "%" in section
    if "E" in section.upper() or "." not in section:
        return 0, percent
    fraction = section.split(".", 1)[1]
    return len(fraction) - len(fraction.lstrip("0")), percent


def _date(value: Any) -> str:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
