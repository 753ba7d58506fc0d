"""Excel import of 집행액 per budget line and period: the pre-filled template and the reading of a filled one.

The file checks, the reading and the row results are those of `portal.spreadsheet`; this
module knows the columns, which lines a unit gets, and when a row creates, updates or
leaves alone a period's figure. Amounts are typed in the line's own unit (천원, 백만원 …).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from budgets.models import WON_PER_UNIT, BudgetExecution, BudgetLine
from portal.corrections import ReviewState
from portal.import_decisions import decide_against_stored
from portal.periods import MONTHS_PER_KIND, Period, PeriodKind
from portal.spreadsheet import (
    UPDATE,
    ImportColumn,
    ImportPreview,
    ImportRow,
    ImportSpec,
    cell_text,
    check_duplicates,
    parse_choice,
    parse_decimal,
    parse_int,
    parse_text,
    read_rows,
    write_template,
)

EXECUTION_SPEC = ImportSpec(
    marker="budget-execution-import v1",
    title="기간별 집행액 입력",
    note="집행액(각 행의 단위)이나 집행액 원문('-' 등)과 비고를 입력하세요. 1~3행과 예산·기간 열은 고치지 마세요. 비워 둔 행은 건너뜁니다.",
    columns=(
        ImportColumn("key", "예산 식별자", 10, filled_in=False),
        ImportColumn("document", "출처 문서", 9, filled_in=False),
        ImportColumn("unit", "소관 조직", 16, filled_in=False),
        ImportColumn("group", "단위사업", 22, filled_in=False),
        ImportColumn("name", "사업명", 28, filled_in=False),
        ImportColumn("source", "재원", 8, filled_in=False),
        ImportColumn("kind", "기간 종류", 8, filled_in=False),
        ImportColumn("year", "연도", 7, filled_in=False),
        ImportColumn("number", "반기·분기·월", 10, filled_in=False),
        ImportColumn("label", "기간 표시", 14, filled_in=False),
        ImportColumn("planned", "예산액", 12, filled_in=False),
        ImportColumn("display_unit", "단위", 7, filled_in=False),
        ImportColumn("executed", "집행액", 12),
        ImportColumn("text", "집행액 원문", 10),
        ImportColumn("note", "비고", 24),
    ),
)
COMPARED_FIELDS = ("executed", "executed_text", "note")


def in_unit(won, unit):
    """An amount of 원 in a line's display unit, as a plain number for a spreadsheet cell."""
    if won is None:
        return None
    amount = Decimal(won) / WON_PER_UNIT[unit]
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def execution_lines(user, period: Period):
    """The lines a template for `period` lists: the user's budget lines of the period's fiscal year, totals included."""
    return (
        BudgetLine.objects.for_user(user)
        .filter(year=period.year, amount_kind=BudgetLine.AmountKind.PLANNED)
        .select_related("unit")
        .order_by("source_document", "seq")
    )


def execution_import_template(*, user, period: Period, target) -> int:
    """Write the execution template for `period`: one row per line of the user's, with its figure if filed."""
    lines = list(execution_lines(user, period))
    stored = {
        execution.line_id: execution
        for execution in BudgetExecution.objects.filter(line__in=lines).of_period(period).order_by("pk")
    }
    kind = PeriodKind(period.kind).label
    rows = []
    for line in lines:
        filed = stored.get(line.pk)
        number = None if period.kind == PeriodKind.YEAR else period.number
        values = [line.pk, line.source_document, line.unit.name if line.unit else "", line.group, line.name]
        values += [line.source, str(kind), period.year, number, period.label, in_unit(line.planned, line.display_unit)]
        values.append(line.display_unit)
        if filed:
            values += [in_unit(filed.executed, line.display_unit), filed.executed_text, filed.note]
        rows.append(values)
    write_template(EXECUTION_SPEC, rows, target)
    return len(rows)


def preview_execution_import(uploaded, *, user) -> ImportPreview:
    """Check an upload of the execution template and say, row by row, what importing it would do."""
    data, raw_rows = read_rows(uploaded, EXECUTION_SPEC)
    ids = {int(text) for text in (cell_text(values["key"]) for _n, values in raw_rows) if text.isdigit()}
    known = set(BudgetLine.objects.filter(pk__in=ids).values_list("pk", flat=True))
    lines = {line.pk: line for line in BudgetLine.objects.for_user(user).filter(pk__in=ids).select_related("unit")}
    existing = {
        (execution.line_id, execution.kind, execution.year, execution.number): execution
        for execution in BudgetExecution.objects.filter(line__in=list(lines.values())).order_by("pk")
    }
    rows = [_execution_row(number, values, known, lines) for number, values in raw_rows]
    check_duplicates(rows, lambda row: row.values.get("key"), EXECUTION_SPEC.header("key"))
    for row in rows:
        if not row.errors:
            _decide(row, existing)
    return ImportPreview(data=data, rows=rows)


def _line_of(row, value, known, lines):
    header = EXECUTION_SPEC.header("key")
    text = cell_text(value)
    if not text:
        row.add_error(header, _("예산 식별자가 비어 있습니다."))
    elif not text.isdigit() or int(text) not in known:
        row.add_error(header, _("예산 '%(key)s'을(를) 찾을 수 없습니다.") % {"key": text[:20]})
    elif int(text) not in lines:
        row.add_error(header, _("예산 '%(key)s'은(는) 소관 조직의 예산이 아닙니다.") % {"key": text})
    else:
        return lines[int(text)]
    return None


def _period_of(row, values):
    header = EXECUTION_SPEC.header
    kind = parse_choice(row, header("kind"), values["kind"], PeriodKind.choices)
    year = parse_int(row, header("year"), values["year"], 2000, 2100)
    if kind is None or year is None:
        return None
    if kind == PeriodKind.YEAR:
        if cell_text(values["number"]) not in ("", "1"):
            row.add_error(header("number"), _("연 단위 집행액에는 반기·분기·월을 쓰지 않습니다."))
            return None
        return Period(kind, year)
    number = parse_int(row, header("number"), values["number"], 1, 12 // MONTHS_PER_KIND[PeriodKind(kind)])
    return None if number is None else Period(kind, year, number)


def _won(row, value, line):
    """The 집행액 cell, typed in the line's unit, as whole 원; None when blank or wrong (recorded)."""
    if not cell_text(value):
        return None
    header = EXECUTION_SPEC.header("executed")
    amount = parse_decimal(row, header, value)
    if amount is None:
        return None
    won = amount * WON_PER_UNIT[line.display_unit]
    if amount < 0:
        row.add_error(header, _("음수는 쓸 수 없습니다."))
    elif won != won.to_integral_value():
        row.add_error(
            header,
            _("%(unit)s 단위로 1원 미만이 남는 금액입니다: %(value)s") % {"unit": line.display_unit, "value": amount},
        )
    else:
        return int(won)
    return None


def _execution_row(number, values, known, lines):
    header = EXECUTION_SPEC.header
    row = ImportRow(
        number=number, label=f"{cell_text(values['name'])} {cell_text(values['label'])}".strip(), raw=values
    )
    line = _line_of(row, values["key"], known, lines)
    period = _period_of(row, values)
    executed = _won(row, values["executed"], line) if line is not None else None
    text = parse_text(row, header("text"), values["text"], limit=30)
    note = parse_text(row, header("note"), values["note"], limit=300)
    if line is not None and executed is None and not text and not row.errors:
        row.add_error(header("executed"), _("집행액이나 집행액 원문('-' 등)을 입력하세요."))
    if row.errors:
        return row
    row.label = f"{line} {period.label}"
    row.values = {
        "key": (line.pk, period.kind, period.year, period.number),
        "line": line,
        "kind": period.kind,
        "year": period.year,
        "number": period.number,
        "executed": executed,
        "executed_text": text,
        "note": note,
    }
    row.summary = f"{text or cell_text(values['executed'])} {line.display_unit}" + (f" · {note[:40]}" if note else "")
    return row


def _decide(row, existing):
    """Unchanged when equal to the stored figure; a changed approved figure becomes its correction."""
    stored = decide_against_stored(
        row,
        existing,
        model=BudgetExecution,
        compared=COMPARED_FIELDS,
        spec=EXECUTION_SPEC,
        error_fields={"line": "key", "executed_text": "text"},
    )
    if row.action == UPDATE and stored.state == ReviewState.APPROVED:
        row.summary += " · " + _("승인된 값의 정정 (승인 후 반영)")
