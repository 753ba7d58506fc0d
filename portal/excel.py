"""The shared Excel writer of managers' reports (DESIGN.md §5).

Each app's `reports.py` declares its columns and yields rows from QuerySets; this module
turns them into a workbook in the layout offices file: title, 기준일, 단위 row, bold
bordered header, frozen header, autofilter, #,##0 formats, widths and A4 landscape print
setup with the header repeated. openpyxl's write-only mode keeps memory flat: the sheet's
top (column widths, frozen pane) must be set before the first row is appended, its tail
(autofilter, page setup) and the print titles may be set after the last.
"""

import datetime
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
SUBTOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
# Excel's limit for a sheet name, and the characters it refuses in one.
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})


@dataclass(frozen=True)
class Column:
    """One column of a report: its header, width in characters and number format."""

    header: str
    width: int = 12
    number_format: str | None = None
    fraction_format: str = "#,##0.0##"
    wrap: bool = False


MONEY = {"width": 14, "number_format": "#,##0"}
PERCENT = {"width": 10, "number_format": "#,##0.0"}


@dataclass
class Row:
    """A row with emphasis: subtotals and section headings are bold on a grey ground."""

    values: Sequence
    bold: bool = True


@dataclass
class Sheet:
    """One worksheet: its tab name, title row, unit row, columns and rows (any iterable)."""

    name: str
    title: str
    unit_label: str
    columns: Sequence[Column]
    rows: Iterable
    preamble: Sequence[Sequence] = field(default_factory=list)
    autofilter: bool = True


@dataclass
class Report:
    """A whole report: its file name stem and its sheets (an iterable, so sheets can stream too)."""

    name: str
    title: str
    sheets: Iterable[Sheet]


def safe_text(value):
    """Text that a spreadsheet could read as a formula (=, +, -, @) stays text."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and len(value) > 1


def _cell(ws, value, *, column=None, bold=False, header=False, styles=None):
    """A write-only cell; the style of each (column, number kind, bold) is built once and copied."""
    cell = WriteOnlyCell(ws, value=_plain(value))
    quoted = safe_text(cell.value)
    if quoted:
        cell.data_type = "s"
    number = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    whole = number and (isinstance(value, int) or value == int(value))
    key = (id(column), header, bold, number, whole, quoted)
    if styles is not None and key in styles:
        cell._style = copy(styles[key])
        return cell
    _style(cell, column=column, bold=bold, header=header, number=number, whole=whole)
    if quoted:
        cell.quotePrefix = True
    if styles is not None:
        styles[key] = copy(cell._style)
    return cell


def _style(cell, *, column, bold, header, number, whole):
    if header:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        return
    if column is not None:
        cell.border = BORDER
        if number and column.number_format:
            cell.number_format = column.number_format if whole else column.fraction_format
        if column.wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)
        cell.fill = SUBTOTAL_FILL


def _plain(value):
    """Decimals become numbers Excel keeps, lazy translations text; dates stay dates, None empty."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def sheet_name(text, used):
    """A valid, unique sheet name from `text`."""
    base = text.translate(SHEET_NAME_FORBIDDEN).strip()[:SHEET_NAME_MAX] or "Sheet"
    name, number = base, 2
    while name in used:
        suffix = f" ({number})"
        name, number = base[: SHEET_NAME_MAX - len(suffix)] + suffix, number + 1
    used.add(name)
    return name


def write_sheet(workbook, sheet, *, as_of, filters_text, used_names):
    """Append one formatted sheet to a write-only workbook; returns the number of data rows."""
    ws = workbook.create_sheet(sheet_name(sheet.name, used_names))
    width = len(sheet.columns)
    for index, column in enumerate(sheet.columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    header_row = 4 + len(sheet.preamble) + (1 if sheet.preamble else 0)
    ws.freeze_panes = f"A{header_row + 1}"
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    title = WriteOnlyCell(ws, value=sheet.title)
    title.font = Font(bold=True, size=14)
    ws.append([title])
    ws.append([_cell(ws, _("기준일: %(date)s") % {"date": f"{as_of:%Y-%m-%d}"}), _cell(ws, filters_text)])
    unit = WriteOnlyCell(ws, value=sheet.unit_label)
    unit.alignment = Alignment(horizontal="right")
    ws.append([*([None] * (width - 1)), unit])
    for values in sheet.preamble:
        ws.append([_cell(ws, value) for value in values])
    if sheet.preamble:
        ws.append([])
    ws.append([_cell(ws, column.header, header=True) for column in sheet.columns])
    count, styles = 0, {}
    for row in sheet.rows:
        bold = isinstance(row, Row)
        values = row.values if bold else row
        ws.append(
            [
                _cell(ws, value, column=column, bold=bold, styles=styles)
                for value, column in zip(values, sheet.columns, strict=False)
            ]
        )
        count += 1
    last = get_column_letter(width)
    if sheet.autofilter:
        ws.auto_filter.ref = f"A{header_row}:{last}{header_row + count}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    return count


def write_report(report, target, *, as_of=None, filters_text=""):
    """Stream every sheet of `report` into a write-only workbook saved to `target` (path or file)."""
    workbook = Workbook(write_only=True)
    used = set()
    rows = 0
    as_of = as_of or datetime.date.today()
    for sheet in report.sheets:
        rows += write_sheet(workbook, sheet, as_of=as_of, filters_text=filters_text, used_names=used)
    if not used:
        workbook.create_sheet(report.title[:SHEET_NAME_MAX])
    workbook.save(target)
    return rows
