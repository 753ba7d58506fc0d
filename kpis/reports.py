"""The KPI report (성과지표 달성 현황): indicator × period, target, actual and achievement rate."""

from django.db.models import Max

from kpis.models import Indicator, Measurement
from plans.models import Plan
from portal.excel import PERCENT, Column, Report, Sheet, newest_date
from portal.periods import quarter as period_of_quarter

COLUMNS = [
    Column("구분", 16, wrap=True),
    Column("지표명", 24, wrap=True),
    Column("단위", 6, align="center"),
    Column("방향", 8, wrap=True),
    Column("담당 조직", 12, wrap=True),
    Column("기간", 12, wrap=True),
    Column("목표", 11, number_format="#,##0", fraction_format="#,##0.0#"),
    Column("실적", 11, number_format="#,##0", fraction_format="#,##0.0#"),
    Column("달성률(%)", **PERCENT),
    Column("소계(문서)", 11, number_format="#,##0", fraction_format="#,##0.0#"),
    Column("비고", 20, wrap=True),
]


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


def _subtotal(indicator):
    """소계/계 as the document states it: its number, else its word ("-"), never computed."""
    return (indicator.subtotal_text or "-") if indicator.subtotal is None else indicator.subtotal


def kpi_as_of(filters):
    """자료 기준일: the newest measurement date and approval date of the plans the indicators belong to."""
    indicators = filters.scope(Indicator.objects.all(), "responsible_unit")
    measured = Measurement.objects.filter(indicator__in=indicators).aggregate(last=Max("date"))["last"]
    approved = Plan.objects.filter(municipality__in=indicators.values("municipality")).aggregate(
        approved=Max("approved_on"), produced=Max("produced_on")
    )
    return newest_date(measured, approved["approved"], approved["produced"])


def kpi_rows(filters):
    """One row per indicator and period, in the document's order."""
    indicators = filters.for_plan(filters.scope(Indicator.objects.with_series(), "responsible_unit"), "plan").order_by(
        "municipality__name", "source_document", "order", "pk"
    )
    directions = dict(Indicator.Direction.choices)
    for indicator in indicators.iterator(chunk_size=500):  # prefetched a chunk at a time: memory stays flat
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
                _subtotal(indicator),
                measurement.note if measurement else "",
            ]


def kpis_report(filters):
    """성과지표 달성 현황."""
    title = "성과지표 달성 현황"
    return Report(
        name="kpis",
        title=title,
        as_of=kpi_as_of(filters),
        as_of_note="측정일과 계획 결재·생산일자 중 최근",
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
