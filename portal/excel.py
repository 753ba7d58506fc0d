"""The shared Excel writer of managers' reports (DESIGN.md §5).

Each app's `reports.py` declares its columns and yields rows from QuerySets; this module
turns them into a workbook in the layout offices file: title, 기준일, 단위 row, bold
bordered header, frozen header, autofilter, #,##0 formats, widths and A4 landscape print
setup with the header repeated. openpyxl's write-only mode keeps memory flat: the sheet's
top (column widths, frozen pane) must be set before the first row is appended, its tail
(autofilter, page setup) and the print titles may be set after the last.
"""

import datetime
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@")
# The widest sheet, in Excel character widths, that prints on A4 landscape between the
# margins below at a scale of about 80 % or more (LibreOffice and Excel shrink to fit the width).
A4_LANDSCAPE_MAX_WIDTH = 175
MARGIN_INCHES = 0.4
HEADER_MARGIN_INCHES = 0.2
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
SUBTOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
DATE_FORMAT = "yyyy-mm-dd"
LINE_POINTS = 14.5
MAX_ROW_POINTS = 409
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
    align: str | None = None


MONEY = {"width": 12, "number_format": "#,##0", "fraction_format": "#,##0"}
PERCENT = {"width": 8, "number_format": "#,##0.0", "fraction_format": "#,##0.0"}


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
    merges: Sequence[str] = field(default_factory=list)
    header: bool = True
    fit_to_height: int = 0
    orientation: str = "landscape"


@dataclass
class Report:
    """A whole report: its file name stem, its sheets (an iterable, so sheets can stream too).

    `as_of` is the 자료 기준일: the newest approval or source date of what the report holds
    (None when the documents give none); `issuer` the unit that issues it, for the footer.
    """

    name: str
    title: str
    sheets: Iterable[Sheet]
    as_of: datetime.date | None = None
    as_of_note: str = ""
    issuer: str = ""


def newest_date(*values):
    """The latest of `values` as a date (datetimes in Seoul time), ignoring None; None if all are."""
    dates = []
    for value in values:
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        if value is not None:
            dates.append(value)
    return max(dates, default=None)


def safe_text(value):
    """Text that a spreadsheet could read as a formula (=, +, -, @) stays text."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and len(value) > 1


def _cell(ws, value, *, column=None, bold=False, header=False, styles=None, index=0):
    """A write-only cell; with `styles`, one cell per (column, style) is kept and given each new value.

    The write-only sheet serialises a row as it is appended, so a kept cell can carry the
    next row's value: a data row then costs no new cell and no style lookup.
    """
    plain = _plain(value)
    quoted = safe_text(plain)
    number = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    whole = number and (isinstance(value, int) or value == int(value))
    dated = isinstance(plain, datetime.date)
    key = (index, id(column), header, bold, number, whole, quoted, dated)
    kept = styles.get(key) if styles is not None else None
    if kept is not None:
        kept.value = plain
        if quoted:
            kept.data_type = "s"
        return kept
    cell = WriteOnlyCell(ws, value=plain)
    if quoted:
        cell.data_type = "s"
    _style(cell, column=column, bold=bold, header=header, number=number, whole=whole)
    if quoted:
        cell.quotePrefix = True
    if styles is not None:
        styles[key] = cell
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
        elif isinstance(cell.value, datetime.date):
            cell.number_format = DATE_FORMAT
        cell.alignment = Alignment(wrap_text=column.wrap, vertical="top", horizontal=column.align)
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


def _wide_characters():
    """A pattern of every character Unicode calls wide or fullwidth (East Asian Width W or F).

    Built once from `unicodedata` (none lies below U+1100; unassigned code points are left
    out), so that measuring a cell's text is one regular-expression pass instead of a
    lookup per character.
    """
    ranges, start = [], None
    for code in range(0x1100, 0x40000):
        char = chr(code)
        wide = unicodedata.east_asian_width(char) in "WF" and unicodedata.category(char) != "Cn"
        if wide and start is None:
            start = code
        elif not wide and start is not None:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
            start = None
    return re.compile(f"[{''.join(ranges)}]")


WIDE_CHARACTERS = _wide_characters()


def text_width(text):
    """Width of `text` in Excel character units: Hangul and other wide characters count double."""
    return len(text) + len(WIDE_CHARACTERS.findall(text))


def row_height(values, columns, *, wrap_all=False, spans=None):
    """Points a row needs so its wrapped text shows whole (spreadsheets do not grow rows on opening).

    `spans` maps a column index to the width of the merged cell starting there. None when
    one line is enough (the default height).
    """
    lines = 1
    spans = spans or {}
    for index, (value, column) in enumerate(zip(values, columns, strict=False)):
        if not (column.wrap or wrap_all) or value is None:
            continue
        usable = max(spans.get(index, column.width) * 0.9 - 1, 1)
        text = str(value)
        if len(text) * 2 <= usable and "\n" not in text:
            continue  # one line even if every character is wide
        lines = max(lines, sum(max(1, math.ceil(text_width(part) / usable)) for part in text.split("\n")))
    return min(LINE_POINTS * lines + 2, MAX_ROW_POINTS) if lines > 1 else None


def sheet_name(text, used):
    """A valid, unique sheet name from `text`."""
    base = text.translate(SHEET_NAME_FORBIDDEN).strip()[:SHEET_NAME_MAX] or "Sheet"
    name, number = base, 2
    while name in used:
        suffix = f" ({number})"
        name, number = base[: SHEET_NAME_MAX - len(suffix)] + suffix, number + 1
    used.add(name)
    return name


def _dated(label, value, note=""):
    text = f"{value:%Y-%m-%d}" if value else _("문서에 일자 없음")
    return f"{label}: {text}" + (f" ({note})" if note and value else "")


def write_sheet(workbook, sheet, *, report, written_on, filters_text, used_names):
    """Append one formatted sheet to a write-only workbook; returns the number of data rows.

    Rows 1-3: title; 작성일 and 자료 기준일; scope and the 단위 row (right-aligned). Print:
    A4 landscape, fit to width, header row repeated, page header with the report and sheet
    name and the 자료 기준일, footer with the issuing unit, page X / Y and the 작성일.
    """
    ws = workbook.create_sheet(sheet_name(sheet.name, used_names))
    width = len(sheet.columns)
    for index, column in enumerate(sheet.columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    header_row = 4 + len(sheet.preamble) + (1 if sheet.preamble else 0)
    if sheet.header:
        ws.freeze_panes = f"A{header_row + 1}"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    spans = {}
    for merge in sheet.merges:
        ws.merged_cells.add(merge)
        first, last = merge.split(":")
        (col, row), (end, _row) = coordinate_from_string(first), coordinate_from_string(last)
        start, stop = column_index_from_string(col), column_index_from_string(end)
        spans.setdefault(row, {})[start - 1] = sum(column.width for column in sheet.columns[start - 1 : stop])

    title = WriteOnlyCell(ws, value=sheet.title)
    title.font = Font(bold=True, size=14)
    ws.append([title])
    dates = " · ".join(
        [
            _dated(_("작성일"), written_on),
            _dated(_("자료 기준일"), report.as_of, report.as_of_note),
        ]
    )
    ws.append([_cell(ws, dates)])
    unit = WriteOnlyCell(ws, value=sheet.unit_label)
    unit.alignment = Alignment(horizontal="right")
    ws.append([_cell(ws, filters_text), *([None] * (width - 2)), unit] if width > 1 else [unit])
    for values in sheet.preamble:
        ws.append([_cell(ws, value) for value in values])
    if sheet.preamble:
        ws.append([])
    if sheet.header:
        height = row_height([column.header for column in sheet.columns], sheet.columns, wrap_all=True)
        if height:
            ws.row_dimensions[header_row].height = height
        ws.append([_cell(ws, column.header, header=True) for column in sheet.columns])
    count, styles = 0, {}
    next_row = header_row + 1 if sheet.header else header_row
    for row in sheet.rows:
        bold = isinstance(row, Row) and row.bold
        values = row.values if isinstance(row, Row) else row
        height = row_height(values, sheet.columns, spans=spans.get(next_row))
        if height:
            ws.row_dimensions[next_row].height = height
        ws.append(
            [
                _cell(ws, value, column=column, bold=bold, styles=styles, index=index)
                for index, (value, column) in enumerate(zip(values, sheet.columns, strict=False))
            ]
        )
        ws.row_dimensions.pop(next_row, None)  # written; keep memory flat
        count, next_row = count + 1, next_row + 1
    last = get_column_letter(width)
    if sheet.autofilter and sheet.header:
        ws.auto_filter.ref = f"A{header_row}:{last}{header_row + count}"
    if sheet.header:
        ws.print_title_rows = f"{header_row}:{header_row}"
    _page_setup(ws, sheet, report=report, written_on=written_on)
    return count


def _page_setup(ws, sheet, *, report, written_on):
    ws.page_setup.orientation = sheet.orientation
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = sheet.fit_to_height
    ws.page_margins = PageMargins(
        left=MARGIN_INCHES,
        right=MARGIN_INCHES,
        top=MARGIN_INCHES + 0.3,
        bottom=MARGIN_INCHES + 0.3,
        header=HEADER_MARGIN_INCHES,
        footer=HEADER_MARGIN_INCHES,
    )
    page = ws.HeaderFooter
    page.oddHeader.left.text = _header_text(report.title)
    page.oddHeader.center.text = _header_text(sheet.title if sheet.title != report.title else "")
    page.oddHeader.right.text = _header_text(_dated(_("자료 기준일"), report.as_of))
    page.oddFooter.left.text = _header_text(report.issuer or _("시정계획 포털"))
    page.oddFooter.center.text = "&P / &N"
    page.oddFooter.right.text = _header_text(_dated(_("작성일"), written_on))
    for part in (page.oddHeader.left, page.oddHeader.center, page.oddHeader.right):
        part.size = 8
    for part in (page.oddFooter.left, page.oddFooter.center, page.oddFooter.right):
        part.size = 8


def _header_text(text):
    """Text for a page header or footer: "&" starts a code there, so a literal one is doubled."""
    return str(text).replace("&", "&&")


def write_report(report, target, *, as_of=None, written_on=None, filters_text=""):
    """Stream every sheet of `report` into a write-only workbook saved to `target` (path or file).

    `as_of` overrides the report's own 자료 기준일; `written_on` (작성일) defaults to today.
    """
    workbook = Workbook(write_only=True)
    used = set()
    rows = 0
    if as_of is not None:
        report.as_of = as_of
    written_on = written_on or datetime.date.today()
    for sheet in report.sheets:
        rows += write_sheet(
            workbook, sheet, report=report, written_on=written_on, filters_text=filters_text, used_names=used
        )
    if not used:
        workbook.create_sheet(report.title[:SHEET_NAME_MAX])
    workbook.save(target)
    return rows
