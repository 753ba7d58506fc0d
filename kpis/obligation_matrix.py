"""The city-wide matrix of units × obligations, for the coordinating office's screen and the report.

Columns are what is owed for one period (2026년 3분기 분기별 추진실적, 2026년 하반기
공약관리카드 …) due around the day; each cell says in words how many of a unit's items stand
in each state ("제출 2 · 기한 지남 1"), never by colour alone. One query, whatever the size.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from kpis.obligations import Obligation, ObligationState
from portal.excel import Column, Report, Sheet
from portal.periods import seoul_today

STATE_ORDER = [
    ObligationState.LOCKED,
    ObligationState.OVERDUE,
    ObligationState.RETURNED,
    ObligationState.NOT_STARTED,
    ObligationState.DRAFT,
    ObligationState.SUBMITTED,
    ObligationState.APPROVED,
]


@dataclass
class Matrix:
    """Rows of units, columns of obligation groups, cells of state counts."""

    as_of: object
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)

    def cell_text(self, counts):
        """A cell in words: each state with its count, the worst first; '-' where the unit owes nothing."""
        if not counts:
            return "-"
        return " · ".join(f"{state.label} {counts[state]}" for state in STATE_ORDER if counts.get(state))


def obligation_matrix(obligations, as_of=None) -> Matrix:
    """The matrix of `obligations` (a scoped QuerySet) due around `as_of`, milestones aside."""
    as_of = as_of or seoul_today()
    counted = (
        obligations.exclude(kind=Obligation.Kind.MILESTONE)
        .around(as_of)
        .with_state(as_of)
        .values("unit_id", "unit__name", "kind", "period_kind", "period_year", "period_number", "period_label", "state")
        .annotate(count=Count("pk"))
        .order_by()
    )
    kinds = dict(Obligation.Kind.choices)
    cells, units, columns = defaultdict(dict), {}, {}
    for row in counted:
        column = (row["period_year"], row["period_kind"], row["period_number"], row["kind"])
        columns[column] = f"{row['period_label']} {kinds[row['kind']]}"
        units[row["unit_id"]] = row["unit__name"]
        cells[(row["unit_id"], column)][ObligationState(row["state"])] = row["count"]
    matrix = Matrix(as_of=as_of)
    ordered = sorted(columns)
    matrix.columns = [columns[column] for column in ordered]
    for unit_id, name in sorted(units.items(), key=lambda item: item[1]):
        matrix.rows.append([name, *(matrix.cell_text(cells.get((unit_id, column))) for column in ordered)])
    return matrix


def obligations_report(filters):
    """제출 현황: units × obligations due around today, each cell the state counts in words."""
    matrix = obligation_matrix(filters.scope(Obligation.objects.all(), "unit"))
    title = "제출 현황 (부서 × 제출 의무)"
    return Report(
        name="obligations",
        title=title,
        sheets=[
            Sheet(
                name="제출 현황",
                title=title,
                unit_label=f"(단위: 건, {matrix.as_of:%Y-%m-%d} 기준 상태)",
                columns=[Column("조직", 18), *(Column(header, 22, wrap=True) for header in matrix.columns)],
                rows=matrix.rows,
            )
        ],
    )
