"""The budget report (예산 현황): lines by unit in tree order, with sub-unit subtotals, in 백만원."""

from decimal import Decimal

from django.db.models import Case, IntegerField, Q, Value, When

from budgets.models import AMOUNT_FIELDS, BudgetLine, execution_rate
from budgets.money import format_amount
from budgets.tables import printed_tables
from plans.models import OrgUnit
from plans.org_tree import UnitTree
from portal.excel import MONEY, PERCENT, Column, Report, Row, Sheet

MILLION = 1_000_000
COLUMNS = [
    Column("조직", 18),
    Column("구분", 10),
    Column("사업명", 40, wrap=True),
    Column("회계", 10),
    Column("재원", 10),
    Column("기간", 10),
    Column("예산액", **MONEY),
    Column("확보액", **MONEY),
    Column("집행액", **MONEY),
    Column("집행률(%)", **PERCENT),
]
LINE_FIELDS = (
    "unit_id",
    "level",
    "group",
    "name",
    "account",
    "source",
    "phase",
    "year",
    "period_label",
    "planned",
    "planned_text",
    "secured",
    "secured_text",
    "executed",
    "executed_text",
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


def budget_lines(filters, positions):
    """The lines in scope as tuples, city-wide lines first, then by unit in tree order and document order."""
    lines = BudgetLine.objects.all()
    if filters.municipality_id:
        lines = lines.filter(municipality_id=filters.municipality_id)
    if filters.unit_ids is not None:
        in_scope = Q(unit_id__in=filters.unit_ids)
        lines = lines.filter(in_scope | Q(unit__isnull=True) if filters.citywide else in_scope)
    elif not filters.citywide:
        lines = lines.filter(unit__isnull=False)
    if filters.year:
        lines = lines.filter(year=filters.year)
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


def _line_row(unit_name, line):
    title = " · ".join(part for part in dict.fromkeys([line["group"], line["name"]]) if part)
    return [
        unit_name,
        str(LEVELS[line["level"]]),
        title,
        line["account"],
        line["source"] or "계",
        line["period_label"] or line["year"] or "-",
        *(_amount(line[field], line[f"{field}_text"]) for field in AMOUNT_FIELDS),
        _rate(line["planned"], line["executed"]) if line["level"] == BudgetLine.Level.ITEM else None,
    ]


class _Sums:
    """Running sums of the item lines under one unit, known amounts only."""

    def __init__(self, unit_id, label):
        self.unit_id, self.label, self.lines = unit_id, label, 0
        self.won = dict.fromkeys(AMOUNT_FIELDS)

    def add(self, line):
        self.lines += 1
        for field in AMOUNT_FIELDS:
            if line[field] is not None:
                self.won[field] = (self.won[field] or 0) + line[field]

    def row(self):
        """The subtotal row; a column with no known amount stays "-", never 0."""
        planned, executed = self.won["planned"], self.won["executed"]
        return Row(
            [
                self.label,
                "소계",
                "세부 사업 합계 (명시 총액 제외)",
                "",
                "",
                "",
                *(_amount(self.won[field], "") for field in AMOUNT_FIELDS),
                _rate(planned, executed),
            ]
        )


def budget_rows(filters):
    """Rows of lines; after each unit with sub-units, a subtotal of the item lines of its subtree.

    Subtotals add item lines only: a stated total is a different level and is shown as the
    document states it, never added to its items.
    """
    names, parents, positions = unit_tree(filters)
    with_sub_units = set(parents.values())
    open_units, grand = [], _Sums(None, "합계")

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
        if line["level"] == BudgetLine.Level.ITEM:
            grand.add(line)
            for sums in open_units:
                sums.add(line)
        yield _line_row(names.get(line["unit_id"], "시 전체"), line)
    while open_units:
        if subtotal := close():
            yield subtotal
    if grand.lines:
        yield grand.row()


def budget_report(filters):
    """예산 현황."""
    title = "예산 현황"
    return Report(
        name="budget",
        title=title,
        sheets=[
            Sheet(name=title, title=title, unit_label="(단위: 백만원)", columns=COLUMNS, rows=budget_rows(filters))
        ],
    )


def pledge_investment_sections(pledges):
    """The card's 연도별 투자계획 and 확보(집행)액 tables for each pledge, from one query."""
    lines = BudgetLine.objects.published().filter(pledge__in=pledges).order_by("seq")
    by_pledge = {}
    for line in lines:
        by_pledge.setdefault(line.pledge_id, []).append(line)
    return {pledge_id: list(_investment_rows(pledge_lines)) for pledge_id, pledge_lines in by_pledge.items()}


def _investment_rows(lines):
    for table in printed_tables(lines):
        heading = "연도별 투자계획" if table.amount == "planned" else "연도별 확보(집행)액"
        yield Row([f"{heading}: {table.title}", f"(단위: {table.unit})", "", ""])
        for row in table.rows:
            cells = []
            for column, line in zip(table.columns, row.cells, strict=True):
                won = getattr(line, table.amount) if line else None
                text = getattr(line, f"{table.amount}_text") if line else ""
                cells.append(f"{column} {format_amount(won, table.unit, text)}")
            yield ["", row.label, "  ".join(cells), ""]
