"""부진공약 as a workbook for the 총괄부서 and the half-year 보고회: the rule, then one row per lagging pledge."""

import datetime

from plans.models import Municipality
from pledges.lagging import lagging_pledges, rule_text
from pledges.models import Pledge
from portal.excel import PERCENT, Column, Report, Sheet
from portal.periods import Period, PeriodKind, quarter, seoul_today

COLUMNS = [
    Column("지방자치단체", 12),
    Column("공약번호", 10),
    Column("공약명", 32, wrap=True),
    Column("주관부서", 14),
    Column("부진 사유", 36, wrap=True),
    Column("진척률(%)", **PERCENT),
    Column("기대 진척률(%)", **PERCENT),
    Column("최근 자체평가", 12),
    Column("원인", 30, wrap=True),
    Column("대책", 30, wrap=True),
]


def lagging_day(filters) -> datetime.date:
    """The day the rule is applied on: the end of the filters' quarter or year, never after today."""
    today = seoul_today()
    if not filters.year:
        return today
    first = datetime.date(filters.year, 1, 1)
    period = quarter(filters.year, filters.quarter) if filters.quarter else Period.of(PeriodKind.YEAR, first)
    return min(period.end, today)


def _rows(municipality, on, within):
    for row in lagging_pledges(municipality, on, within=within):
        yield [
            municipality.name,
            row.pledge.code,
            row.pledge.title,
            row.pledge.lead_unit.name,
            row.reason,
            "-" if row.progress is None else row.progress,
            "-" if row.expected is None else row.expected,
            str(row.evaluation.period) if row.evaluation else "-",
            row.cause or "-",
            row.measures or "-",
        ]


def lagging_report(filters) -> Report:
    """The lagging pledges of every city in the filters' scope, on `lagging_day(filters)`, the rule stated above them.

    The day is the report's 자료 기준일, which the sheet's header states as the 부진 판정일.
    """
    on = lagging_day(filters)
    within = filters.scope(Pledge.objects.all(), "lead_unit", "term__municipality")
    cities = Municipality.objects.filter(
        pk__in=within.filter(term__start__lte=on, term__end__gte=on).values("term__municipality")
    ).order_by("name")
    title = "부진공약 현황"
    rows = [values for city in cities for values in _rows(city, on, within)]
    preamble = [["부진공약 기준 (하나라도 해당하면 부진):"]]
    preamble += [[f"· {line}"] for line in rule_text()]
    sheet = Sheet(
        name=title,
        title=title,
        unit_label="(단위: %)",
        columns=COLUMNS,
        rows=rows,
        preamble=preamble,
    )
    report = Report(name="pledge-lagging", title=title, sheets=[sheet], as_of=on)
    report.as_of_note = "부진 판정일"
    return report
