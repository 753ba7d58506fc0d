"""The KPI report (성과지표 달성 현황): indicator × period, target, actual and achievement rate."""

from kpis.models import Indicator
from portal.excel import PERCENT, Column, Report, Sheet
from portal.periods import quarter as period_of_quarter

COLUMNS = [
    Column("구분", 20, wrap=True),
    Column("지표명", 32, wrap=True),
    Column("단위", 8),
    Column("방향", 12),
    Column("담당 조직", 14),
    Column("기간", 16),
    Column("목표", 12, number_format="#,##0", fraction_format="#,##0.0#"),
    Column("실적", 12, number_format="#,##0", fraction_format="#,##0.0#"),
    Column("달성률(%)", **PERCENT),
    Column("비고", 24, wrap=True),
]
QUARTER_OF_HALF = {1: (1, 2), 2: (3, 4)}


def in_period(row, year, quarter):
    """True when the target or measurement of `row` belongs to the filtered year and quarter."""
    value = row["target"] or row["measurement"]
    if year and value.year not in (None, year):
        return False
    period = value.reporting_period
    if not quarter or value.sub is None or period is None:
        return True
    asked = period_of_quarter(value.year, quarter)
    return period.overlaps(asked.start, asked.end)


def _value(item):
    if item is None:
        return "-"
    return (item.text or "-") if item.value is None else item.value


def kpi_rows(filters):
    """One row per indicator and period, in the document's order."""
    indicators = filters.scope(Indicator.objects.with_series(), "responsible_unit").order_by(
        "municipality__name", "source_document", "order", "pk"
    )
    directions = dict(Indicator.Direction.choices)
    for indicator in indicators:
        for row in indicator.series():
            if not in_period(row, filters.year, filters.quarter):
                continue
            measurement = row["measurement"]
            yield [
                indicator.group,
                indicator.name,
                indicator.unit,
                directions[indicator.direction],
                indicator.responsible_unit.name,
                row["label"],
                _value(row["target"]),
                _value(measurement),
                "-" if row["rate"] is None else row["rate"],
                measurement.note if measurement else "",
            ]


def kpis_report(filters):
    """성과지표 달성 현황."""
    title = "성과지표 달성 현황"
    return Report(
        name="kpis",
        title=title,
        sheets=[
            Sheet(
                name=title,
                title=title,
                unit_label="(단위: 지표별 단위 열, 달성률 %)",
                columns=COLUMNS,
                rows=kpi_rows(filters),
            )
        ],
    )
