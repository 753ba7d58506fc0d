"""Reading spreadsheets staff filled in: templates, file checks and row results, for every import.

`plans.imports` and `kpis.imports` declare their columns and decide what each row does.
An upload is refused before anything parses it when it is too big, is not an .xlsx by its
content, carries macros, DTDs or DDE links, or is a ZIP whose entries are too many, damaged,
outside the archive or, each of them, larger once unpacked than `IMPORT_MAX_PART_BYTES`
(`portal.uploads`): openpyxl keeps the shared strings and the styles in memory, so that
bound is what bounds an upload's memory.
Only then does openpyxl open it, read-only, parsing its XML through defusedxml (no
entity declarations, no external references). Every filled row becomes an `ImportRow`:
what would happen to it (create, update, unchanged) or why it cannot be imported, each
reason naming the row and the column. Writing is the services' job.
"""

import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from defusedxml import DefusedXmlException
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from portal.excel import BORDER, HEADER_FILL, safe_text
from portal.periods import parse_month
from portal.uploads import check_document

MARKER_ROW, NOTE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
EXCEL_MAX_ROWS = 1_048_576
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
ACTION_LABELS = {CREATE: gettext_lazy("새로 작성"), UPDATE: gettext_lazy("수정"), UNCHANGED: gettext_lazy("변경 없음")}


@dataclass(frozen=True)
class ImportColumn:
    """One column of an import template: its key, header, width, and whether staff fill it in."""

    key: str
    header: str
    width: int = 12
    filled_in: bool = True
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportSpec:
    """A template kind: the marker in A1 that identifies it, its title and columns."""

    marker: str
    title: str
    note: str
    columns: tuple[ImportColumn, ...]

    def header(self, key):
        """The header of the column `key`."""
        return next(column.header for column in self.columns if column.key == key)


@dataclass
class ImportRow:
    """One filled row of an upload: the action it leads to with its values, or its errors."""

    number: int
    label: str
    values: dict = field(default_factory=dict)
    summary: str = ""
    action: str | None = None
    target: object = None
    errors: list[str] = field(default_factory=list)
    raw: dict = field(default_factory=dict)

    def add_error(self, column, message):
        """Record why this row cannot be imported, naming the row and the column."""
        self.errors.append(
            _("%(row)s행 [%(column)s] %(message)s") % {"row": self.number, "column": column, "message": message}
        )

    @property
    def action_label(self):
        """The action in words."""
        return ACTION_LABELS.get(self.action, "")


@dataclass
class ImportPreview:
    """What an upload would change: its checked bytes and a result for every filled row."""

    data: bytes
    rows: list[ImportRow]

    @property
    def errors(self):
        """Every row's messages, in row order."""
        return [message for row in self.rows for message in row.errors]

    @property
    def counts(self):
        """How many rows lead to each action."""
        return {action: sum(row.action == action for row in self.rows) for action in ACTION_LABELS}

    def raise_if_invalid(self):
        """Refuse the whole upload when any row is bad."""
        if self.errors:
            raise ValidationError(self.errors)

    def apply(self, write_row):
        """Write every row that changes something with `write_row(row)`; a refusal names its row.

        Call inside the service's transaction: the first refused row raises, so all rows are
        written or none. Unchanged rows are not touched (no history row).
        """
        self.raise_if_invalid()
        for row in self.rows:
            if row.action == UNCHANGED:
                continue
            try:
                write_row(row)
            except (ValidationError, PermissionDenied) as error:
                messages = getattr(error, "messages", [str(error)])
                raise ValidationError(
                    [_("%(row)s행: %(message)s") % {"row": row.number, "message": message} for message in messages]
                ) from error
        return self


def named_rows(spec, raw_rows, label):
    """One `ImportRow` per filled row of a workbook sheet, named "[sheet] label" and keeping its raw cells."""
    return [
        ImportRow(number=number, label=f"[{spec.title}] {label(values)}", raw=values) for number, values in raw_rows
    ]


def write_template(spec, rows, target):
    """Write the template `spec` with `rows` (lists of values) to `target` (a path or binary file)."""
    write_workbook([(spec, rows)], target)


def write_workbook(sheets, target):
    """Write several templates, one sheet each, from (spec, rows) pairs to `target`."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec, rows in sheets:
        _write_sheet(workbook.create_sheet(spec.title[:31]), spec, rows)
    workbook.save(target)


def _write_sheet(ws, spec, rows):
    ws.cell(MARKER_ROW, 1, spec.marker).font = Font(color="808080", size=8)
    ws.cell(NOTE_ROW, 1, spec.note).font = Font(bold=True)
    for index, column in enumerate(spec.columns, 1):
        cell = ws.cell(HEADER_ROW, index, column.header)
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = column.width
    rows = list(rows)
    for number, values in enumerate(rows, FIRST_ROW):
        for index, value in enumerate(values, 1):
            cell = ws.cell(number, index, value)
            cell.border = BORDER
            if safe_text(value):
                cell.data_type, cell.quotePrefix = "s", True
    last = max(FIRST_ROW + len(rows) - 1, FIRST_ROW) + 200
    for index, column in enumerate(spec.columns, 1):
        if column.choices:
            validation = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True)
            ws.add_data_validation(validation)
            validation.add(f"{get_column_letter(index)}{FIRST_ROW}:{get_column_letter(index)}{last}")
    ws.freeze_panes = f"A{FIRST_ROW}"


def read_rows(uploaded, spec):
    """The checked bytes of an upload and its filled rows as (row number, {column key: value}).

    Refuses, with the reason, anything that is not this template or has nothing filled in.
    """
    data, sheets = read_workbook(uploaded, [spec], first_sheet_only=True)
    if not sheets[spec.marker]:
        raise ValidationError(_("가져올 행이 없습니다. 양식에 값을 입력했는지 확인하세요."))
    return data, sheets[spec.marker]


def read_workbook(uploaded, specs, *, first_sheet_only=False):
    """The checked bytes of an upload and, for each spec's marker, the filled rows of its sheet.

    Each sheet is found by the marker in its A1 cell; a sheet whose marker no spec names is
    refused, a spec whose sheet is missing gets no rows. With `first_sheet_only`, the first
    sheet must be the one spec given.
    """
    data = check_document(
        uploaded, allowed=["xlsx"], max_bytes=settings.IMPORT_MAX_BYTES, part_bytes=settings.IMPORT_MAX_PART_BYTES
    )[2]
    last_row = HEADER_ROW + settings.IMPORT_MAX_ROWS
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise ValidationError(_("시트가 없는 파일입니다."))
            if first_sheet_only:
                sheets = {specs[0].marker: _sheet_rows(workbook.worksheets[0], specs[0], last_row)}
            else:
                sheets = _every_sheet(workbook, specs, last_row)
        finally:
            workbook.close()
    except ValidationError:
        raise
    # Whatever a malformed workbook makes openpyxl raise, the file is refused; openpyxl wraps
    # the errors of its first reading in a ValueError, hence the look down the chain.
    except Exception as error:
        if _caused_by(error, DefusedXmlException):
            raise ValidationError(_("허용되지 않는 XML 구성(DTD·엔티티 선언)이 들어 있는 파일입니다.")) from None
        raise ValidationError(_("엑셀 파일을 읽을 수 없습니다. 내려받은 양식에 입력해 다시 올리세요.")) from None
    return data, sheets


def _every_sheet(workbook, specs, last_row):
    by_marker = {spec.marker: spec for spec in specs}
    sheets = {spec.marker: [] for spec in specs}
    for ws in workbook.worksheets:
        marker = next(ws.iter_rows(min_row=MARKER_ROW, max_row=MARKER_ROW, max_col=1, values_only=True), (None,))[0]
        spec = by_marker.get(marker)
        if spec is None:
            raise ValidationError(
                _("'%(sheet)s' 시트는 이 양식의 시트가 아닙니다 (A1 셀: %(found)s). 내려받은 양식을 쓰세요.")
                % {"sheet": ws.title[:31], "found": repr(marker)[:60]}
            )
        sheets[marker] = _sheet_rows(ws, spec, last_row)
    return sheets


def _caused_by(error, kind):
    while error is not None:
        if isinstance(error, kind):
            return True
        error = error.__cause__ or error.__context__
    return False


def _sheet_rows(ws, spec, last_row):
    width = len(spec.columns)
    # max_col, and max_row at Excel's own limit, bound the work whatever size the sheet declares.
    cells = ws.iter_rows(min_row=1, max_row=EXCEL_MAX_ROWS, max_col=width, values_only=True)
    found = {}
    for number, row in enumerate(cells, 1):
        if number > last_row and any(value not in (None, "") for value in row):
            raise ValidationError(
                _("'%(sheet)s' 시트의 행이 너무 많습니다 (최대 %(count)s행).")
                % {"sheet": ws.title[:31], "count": settings.IMPORT_MAX_ROWS}
            )
        if number in (MARKER_ROW, HEADER_ROW) or any(row):
            found[number] = row
    marker = (found.get(MARKER_ROW) or (None,))[0]
    if marker != spec.marker:
        raise ValidationError(
            _("%(title)s 양식이 아닙니다 (A1 셀: %(found)s). 이 화면에서 내려받은 양식을 쓰세요.")
            % {"title": spec.title, "found": repr(marker)[:60]}
        )
    header = tuple(cell_text(value) for value in found.get(HEADER_ROW) or ())
    if header != tuple(column.header for column in spec.columns):
        raise ValidationError(_("양식의 머리글 행(3행)이 바뀌었습니다. 열을 옮기거나 지우지 마세요."))
    filled = [column.filled_in for column in spec.columns]
    return [
        (number, {column.key: value for column, value in zip(spec.columns, row, strict=False)})
        for number, row in found.items()
        if number >= FIRST_ROW
        and any(value not in (None, "") and want for value, want in zip(row, filled, strict=False))
    ]


def cell_text(value):
    """A cell as trimmed text; whole numbers Excel stores as floats lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_int(row, header, value, low, high, message=None):
    """A whole number between `low` and `high` from a cell, or None with the reason recorded on `row`."""
    text = cell_text(value)
    if not text:
        row.add_error(header, _("값을 입력하세요."))
        return None
    number = parse_decimal(row, header, value)
    if number is None:
        return None
    if number != number.to_integral_value():
        row.add_error(header, _("정수가 아닙니다: %(value)s") % {"value": text})
        return None
    if not low <= number <= high:
        row.add_error(header, message or _("%(low)s에서 %(high)s 사이여야 합니다.") % {"low": low, "high": high})
        return None
    return int(number)


def parse_decimal(row, header, value):
    """A number from a cell (thousands separators allowed), or None with the reason recorded on `row`."""
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = cell_text(value)
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        row.add_error(header, _("숫자가 아닙니다: '%(value)s'") % {"value": text[:40]})
        return None
    return number


def parse_choice(row, header, value, choices):
    """The stored value of a choice given by its label or its value, or None with the reason recorded."""
    text = cell_text(value)
    by_label = {str(label): key for key, label in choices}
    if text in by_label or text in dict(choices):
        return by_label.get(text, text)
    row.add_error(
        header,
        _("'%(value)s'은(는) 쓸 수 없습니다. 다음 중 하나를 입력하세요: %(choices)s")
        % {"value": text[:40], "choices": ", ".join(by_label)},
    )
    return None


def check_duplicates(rows, key_of, what):
    """Mark every row whose key (`key_of(row)`, None to skip) already appeared in an earlier row."""
    seen = {}
    for row in rows:
        key = key_of(row)
        if key is None:
            continue
        if key in seen:
            row.add_error(what, _("%(first)s행과 같은 항목이 다시 나옵니다 (중복 행).") % {"first": seen[key]})
        else:
            seen[key] = row.number


def record_errors(row, error, spec, fields):
    """Copy a model's ValidationError (or a PermissionDenied) onto `row`, under the columns it names."""
    if isinstance(error, PermissionDenied):
        row.add_error(spec.columns[0].header, str(error))
        return
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            row.add_error(spec.columns[0].header, message)
        return
    keys = {column.key for column in spec.columns}
    for name, messages in error.message_dict.items():
        key = fields.get(name, name)
        header = spec.header(key) if key in keys else spec.columns[0].header
        for message in messages:
            row.add_error(header, message)


def parse_text(row, header, value, *, required=False, limit=None):
    """A cell as trimmed text; a missing required value or one over `limit` characters is recorded on `row`."""
    text = cell_text(value)
    if required and not text:
        row.add_error(header, _("값을 입력하세요."))
    if limit and len(text) > limit:
        row.add_error(header, _("%(limit)s자를 넘습니다.") % {"limit": limit})
    return text


def parse_month_cell(row, header, value, *, required=False):
    """The first day of the month a cell names (2026-03, 2026. 3., '22.6.), or None with the reason recorded."""
    text = cell_text(value)
    if not text:
        if required:
            row.add_error(header, _("값을 입력하세요."))
        return None
    day = parse_month(value)
    if day is None:
        row.add_error(header, _("달을 알 수 없습니다: '%(value)s' (예: 2026-03)") % {"value": text[:20]})
    return day


def parse_date_cell(row, header, value):
    """A date from a date cell or text (2018-02-24, 2018. 2. 24.); blank is None; anything else is recorded."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date) or not cell_text(value):
        return value or None
    text = re.sub(r"[.\s]+", "-", cell_text(value)).strip("-")
    try:
        return datetime.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        row.add_error(
            header, _("날짜를 알 수 없습니다: '%(value)s' (예: 2018-02-24)") % {"value": cell_text(value)[:20]}
        )
        return None
