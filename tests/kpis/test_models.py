"""Achievement rates and the calendar's month arithmetic."""

import datetime
from decimal import Decimal

import pytest

from kpis.models import EvaluationMilestone, Indicator, achievement_rate

pytestmark = pytest.mark.django_db


def test_achievement_rate_needs_both_figures():
    assert achievement_rate(Decimal(200), Decimal(150), "increase") == Decimal("75.0")
    assert achievement_rate(None, Decimal(150), "increase") is None
    assert achievement_rate(Decimal(200), None, "increase") is None
    assert achievement_rate(Decimal(0), Decimal(5), "increase") is None


def test_lower_is_better_indicators_invert_the_rate():
    assert achievement_rate(Decimal(10), Decimal(20), "decrease") == Decimal("50.0")


def test_may_2026_calendar_of_namyangju(seeded):
    may = datetime.date(2026, 5, 1)
    active = set(
        EvaluationMilestone.objects.filter(municipality__slug="namyangju")
        .active_in(may)
        .values_list("title", flat=True)
    )
    assert {"성과관리 기초평가", "추진실적 보고회", "외부평가 대응 보고회", "성과관리 지표 상시 모니터링"} == active
    starting = set(
        EvaluationMilestone.objects.filter(municipality__slug="namyangju")
        .starting_in(datetime.date(2026, 6, 1))
        .values_list("title", flat=True)
    )
    assert starting == {"정성지표 전문 컨설팅 (3차)"}


def test_main_evaluation_runs_into_the_next_year(seeded):
    main = EvaluationMilestone.objects.get(title="본평가 실시")
    assert (main.year, main.start, main.end) == (2026, datetime.date(2027, 1, 1), datetime.date(2027, 1, 1))
    assert main in EvaluationMilestone.objects.active_in(datetime.date(2027, 1, 1))


def test_yearly_rule_is_due_in_its_month_only(seeded):
    rule = EvaluationMilestone.objects.get(municipality__slug="seoul", recurrence="yearly")
    assert rule in EvaluationMilestone.objects.active_in(datetime.date(2020, 1, 1))
    assert rule not in EvaluationMilestone.objects.active_in(datetime.date(2020, 2, 1))
    assert rule not in EvaluationMilestone.objects.active_in(datetime.date(2023, 1, 1))


def test_seoul_kpi_table_is_held_with_dashes_as_unknown(seeded):
    tenants = Indicator.objects.get(municipality__slug="seoul", group__startswith="도심제조", name="입주기업수")
    assert (tenants.unit, tenants.subtotal) == ("개", Decimal(1000))
    targets = {t.year: (t.value, t.text) for t in tenants.targets.all()}
    assert targets[2018] == (None, "-")
    assert targets[2022] == (Decimal(300), "")
    anchors = Indicator.objects.get(municipality__slug="seoul", group__startswith="도심제조", name="앵커시설조성")
    assert anchors.targets.get(year=2022).value == 0


def test_namyangju_facility_counts(seeded):
    counts = {
        i.name: i.measurements.get().value
        for i in Indicator.objects.filter(
            kind="count", municipality__slug="namyangju", measurements__period="point"
        ).distinct()
    }
    assert counts["버스정보 시스템"] == 1062
    assert Decimal(6249) in counts.values()
