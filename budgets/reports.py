"""The budget report (예산 현황): lines by unit in tree order, with sub-unit subtotals, in 백만원."""

from decimal import Decimal

from django.db.models import Case, IntegerField, Max, Sum, Value, When

from budgets.models import AMOUNT_FIELDS, BudgetLine, execution_rate
from budgets.money import format_amount, in_unit
from budgets.tables import printed_tables
from plans.models import OrgUnit, Plan
from plans.org_tree import UnitTree
from portal.excel import MONEY, PERCENT, Column, Report, Row, Sheet, newest_date

MILLION = 1_000_000
THOUSAND = 1_000
COLUMNS = [
    Column("조직", 11, wrap=True),
    Column("구분", 8, wrap=True),
    Column("사업명", 24, wrap=True),
    Column("회계", 7),
    Column("재원", 8, wrap=True),
    Column("기간", 9, wrap=True),
    Column("예산액", **MONEY),
    Column("확보액", **MONEY),
    Column("집행액", **MONEY),
    Column("집행률(%)", **PERCENT),
    Column("분야", 9, wrap=True),
    Column("문서 금액", 13, wrap=True),
    Column("비고", 16, wrap=True),
]
LINE_FIELDS = (
    "unit_id",
    "level",
    "group",
    "name",
    "account",
    "source",
    "sector",
    "task_id",
    "pledge_id",
    "phase",
    "year",
    "period_label",
    "planned",
    "planned_text",
    "secured",
    "secured_text",
    "executed",
    "executed_text",
    "display_unit",
    "is_part",
    "note",
    "municipality__name",
)


def unit_tree(filters):
    """Units of the report's cities in organisation order: (unit id → name, parent id, position)."""
    units = OrgUnit.objects.order_by("municipality__name", "order", "name")
    if filters.municipality_id:
        units = units.filter(municipality_id=filters.municipality_id)
    rows = list(units.values_list("pk", "name", "parent_id"))
    names = {pk: name for pk, name, _parent in rows}
    parents = {pk: parent for pk, _name, parent in rows}
    order = UnitTree((pk, parent) for pk, _name, parent in rows).depth_first()
    return names, parents, {pk: position for position, pk in enumerate(order, 1)}


def budget_lines(filters, positions=None):
    """The lines in scope (shared report scoping), city-wide lines first, then units in tree order."""
    lines = filters.for_plan(filters.scope(BudgetLine.objects.all(), "unit", unitless=True), "plan")
    if filters.year:
        lines = lines.filter(year=filters.year)
    if positions is None:
        return lines
    position = Case(
        *(When(unit_id=pk, then=Value(rank)) for pk, rank in positions.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    return lines.order_by("municipality__name", position, "source_document", "seq").values_list(*LINE_FIELDS)


def _amount(won, text):
    return (text or "-") if won is None else Decimal(won) / MILLION


def _rate(planned, executed):
    rate = execution_rate(planned, executed)
    return "-" if rate is None else rate


LEVELS = dict(BudgetLine.Level.choices)


def _document_amount(line):
    """The figure as the document writes it, where its unit is not the report's 백만원."""
    if line["display_unit"] == "백만원" or line["planned"] is None:
        return ""
    return f"{format_amount(line['planned'], line['display_unit'])}{line['display_unit']}"


def _line_row(unit_name, line):
    title = " · ".join(part for part in dict.fromkeys([line["group"], line["name"]]) if part)
    level = "과제 예산의 일부" if line["is_part"] else str(LEVELS[line["level"]])
    if line["level"] == BudgetLine.Level.ITEM and not (line["task_id"] or line["pledge_id"] or line["is_part"]):
        level = f"{level} (과제 미배정)" if line["group"] else level
    return [
        unit_name,
        level,
        title,
        line["account"],
        line["source"] or "계",
        line["period_label"] or line["year"] or "-",
        *(_amount(line[field], line[f"{field}_text"]) for field in AMOUNT_FIELDS),
        _rate(line["planned"], line["executed"]) if line["level"] == BudgetLine.Level.ITEM else None,
        line["sector"] or "",
        _document_amount(line),
        line["note"],
    ]


class _Sums:
    """Running sums of the item lines under one unit, known amounts only."""

    def __init__(self, unit_id, label, description="세부 사업 합계 (명시 총액 제외)"):
        self.unit_id, self.label, self.description, self.lines = unit_id, label, description, 0
        self.won = dict.fromkeys(AMOUNT_FIELDS)

    def add(self, line):
        self.lines += 1
        for field in AMOUNT_FIELDS:
            if line[field] is not None:
                self.won[field] = (self.won[field] or 0) + line[field]

    def row(self, kind="소계"):
        """The subtotal row; a column with no known amount stays "-", never 0."""
        planned, executed = self.won["planned"], self.won["executed"]
        return Row(
            [
                self.label,
                kind,
                self.description,
                "",
                "",
                "",
                *(_amount(self.won[field], "") for field in AMOUNT_FIELDS),
                _rate(planned, executed),
                "",
                "",
                "",
            ]
        )


def _is_unit_total(line):
    """A unit's own stated total (기획조정실 총 예산액, 정책기획과 예산액), not a breakdown of one."""
    return (
        line["level"] == BudgetLine.Level.STATED
        and line["unit_id"] is not None
        and not any(line[key] for key in ("source", "sector", "task_id", "pledge_id", "group"))
        and not line["is_part"]
    )


class _Totals:
    """The report's closing lines per city: stated top-unit totals, item sum, and the difference."""

    def __init__(self, parents):
        self.parents, self.stated, self.items, self.by_year = parents, {}, {}, {}

    def add(self, line):
        city = line["municipality__name"]
        if line["level"] == BudgetLine.Level.ITEM:
            self.items.setdefault(city, _Sums(None, "합계", f"{city} 세부 사업 합계 (명시 총액 제외)")).add(line)
            if line["year"] is not None:
                self.by_year.setdefault((city, line["year"]), _Sums(None, "")).add(line)
        if _is_unit_total(line):
            self.stated.setdefault(city, []).append(line)

    def rows(self):
        """Per city: item sum, the stated total of its top units, and what no item covers."""
        for items in self.items.values():
            yield items.row("세부 사업 합계")
        for city, totals in self.stated.items():
            units = {line["unit_id"] for line in totals}
            top = [line for line in totals if not self._has_ancestor_in(line["unit_id"], units)]
            if any(line["planned"] is None for line in top):
                continue
            won = sum(line["planned"] for line in top)
            names = ", ".join(f"{line['period_label']} {line['name']}" for line in top)
            years = {line["year"] for line in top}
            same_year = self.by_year.get((city, years.pop())) if len(years) == 1 else None
            item_won = same_year.won["planned"] if same_year else None
            if item_won is not None:
                rest = _amount(won - item_won, "")
                label = f"{city}: 명시 총액 중 같은 해 세부 사업으로 적히지 않은 금액"
                yield Row(["합계", "총액 − 세부 사업", label, "", "", "", rest, "", "", None, "", "", ""])
            yield Row(
                ["합계", "명시 총액", f"{city}: {names}", "", "계", "", _amount(won, ""), "", "", None, "", "", ""]
            )

    def _has_ancestor_in(self, unit_id, units):
        parent = self.parents.get(unit_id)
        while parent is not None:
            if parent in units:
                return True
            parent = self.parents.get(parent)
        return False


def budget_rows(filters):
    """Rows of lines; after each unit with sub-units, a subtotal of the item lines of its subtree.

    Subtotals add item lines only: a stated total is a different level and is shown as the
    document states it, never added to its items. The closing lines say what they add: the
    item sum, the stated total of the top units (002: 253,363) and the difference.
    """
    names, parents, positions = unit_tree(filters)
    with_sub_units = set(parents.values())
    open_units, totals = [], _Totals(parents)

    def close():
        closed = open_units.pop()
        return closed.row() if closed.lines and closed.unit_id in with_sub_units else None

    def ancestors(unit_id):
        chain = []
        while unit_id is not None:
            if filters.unit_ids is None or unit_id in filters.unit_ids:
                chain.append(unit_id)
            unit_id = parents.get(unit_id)
        return chain[::-1]

    for values in budget_lines(filters, positions).iterator(chunk_size=5000):
        line = dict(zip(LINE_FIELDS, values, strict=True))
        chain = ancestors(line["unit_id"])
        while open_units and open_units[-1].unit_id not in chain:
            if subtotal := close():
                yield subtotal
        for unit_id in chain[len(open_units) :]:
            open_units.append(_Sums(unit_id, f"{names[unit_id]} 소계"))
        totals.add(line)
        if line["level"] == BudgetLine.Level.ITEM:
            for sums in open_units:
                sums.add(line)
        yield _line_row(names.get(line["unit_id"], "시 전체"), line)
    while open_units:
        if subtotal := close():
            yield subtotal
    yield from totals.rows()


def budget_as_of(filters):
    """자료 기준일: the newest approval or production date of the plans the lines come from."""
    plans = Plan.objects.filter(pk__in=budget_lines(filters).values("plan"))
    dated = plans.aggregate(approved=Max("approved_on"), produced=Max("produced_on"))
    return newest_date(dated["approved"], dated["produced"])


def budget_report(filters):
    """예산 현황."""
    title = "예산 현황"
    return Report(
        name="budget",
        title=title,
        as_of=budget_as_of(filters),
        as_of_note="출처 계획의 결재·생산일자",
        sheets=[
            Sheet(name=title, title=title, unit_label="(단위: 백만원)", columns=COLUMNS, rows=budget_rows(filters))
        ],
    )


def plan_report_columns(filters):
    """The plan-progress report's 소요예산 columns: per task, its item sum in 천원 and what it covers.

    A task whose figures are only known parts of it shows "-" and names the parts; a sum
    over several periods says so. One query.
    """
    lines = filters.scope(BudgetLine.objects.items(), "task__lead_unit", "task__strategy__plan__municipality")
    lines = filters.for_plan(lines.filter(task__isnull=False), "task__strategy__plan").order_by("task_id", "seq")
    if filters.year:
        lines = lines.filter(year=filters.year)
    entries = {}
    for line in lines.only("task_id", "name", "planned", "is_part", "period_label", "phase", "display_unit"):
        entry = entries.setdefault(line.task_id, {"won": 0, "unknown": 0, "periods": [], "parts": []})
        if line.period_label not in entry["periods"]:
            entry["periods"].append(line.period_label)
        if line.is_part:
            entry["parts"].append(line)
        elif line.planned is None:
            entry["unknown"] += 1
        else:
            entry["won"] += line.planned
    columns = [Column("소요예산", **MONEY), Column("예산 비고", 14, wrap=True)]
    return columns, {task_id: _task_budget_cells(entry) for task_id, entry in entries.items()}, "소요예산 천원"


def _task_budget_cells(entry):
    notes = []
    if len(entry["periods"]) > 1:
        notes.append(f"{entry['periods'][0]}~{entry['periods'][-1]} 합계")
    elif entry["periods"] and not entry["periods"][0].isdigit():
        notes.append(entry["periods"][0])
    if entry["unknown"]:
        notes.append(f"미확정 {entry['unknown']}건 제외")
    if entry["parts"]:
        parts = ", ".join(
            f"{line.name} {format_amount(line.planned, line.display_unit)}{line.display_unit}"
            for line in entry["parts"]
        )
        return ["-", f"총액 미기재 · 알려진 일부: {parts}"]
    return [Decimal(entry["won"]) / THOUSAND, " · ".join(notes)]


def pledge_investment_sections(pledges):
    """The card's 연도별 투자계획 and 확보(집행)액 grids for each pledge, from one query.

    Rows fit the card sheet: A heading or 공약사업명, B 재원, then one cell per term phase
    (계, 기투자, '18.7. … 임기후) as numbers in the table's unit; unknown is "-".
    """
    lines = BudgetLine.objects.published().filter(pledge__in=pledges).order_by("seq")
    by_pledge = {}
    for line in lines:
        by_pledge.setdefault(line.pledge_id, []).append(line)
    return {pledge_id: list(_investment_rows(pledge_lines)) for pledge_id, pledge_lines in by_pledge.items()}


def _investment_rows(lines):
    for table in printed_tables(lines):
        heading = "연도별 투자계획" if table.amount == "planned" else "연도별 확보(집행)액"
        yield Row([f"{heading}: {table.title}", f"(단위: {table.unit})"])
        yield Row(["공약사업명", "구분", *table.columns], bold=True)
        for number, row in enumerate(table.rows):
            cells = []
            for line in row.cells:
                won = getattr(line, table.amount) if line else None
                text = getattr(line, f"{table.amount}_text") if line else ""
                cells.append((text or "-") if won is None else in_unit(won, table.unit))
            yield [table.title if number == 0 else "", row.label, *cells]


def pledge_finance_totals(pledges):
    """Per pledge: (투자계획, 확보액, 집행액) sums of its known item amounts in 원, None where none is known."""
    sums = (
        BudgetLine.objects.published()
        .items()
        .filter(pledge__in=pledges)
        .values("pledge_id")
        .annotate(planned=Sum("planned"), secured=Sum("secured"), executed=Sum("executed"))
        .order_by("pledge_id")
    )
    return {row["pledge_id"]: (row["planned"], row["secured"], row["executed"]) for row in sums}
