"""목표달성도: the yearly rate from the decisions, on the seed pledge and on a generated city."""

from decimal import Decimal

import pytest

from citygen.services import city_generate
from pledges.models import Pledge, TargetDecision, YearlyTarget
from tests.pledges.plan_data import target

pytestmark = pytest.mark.django_db


def test_rate_counts_partly_achieved_as_half_and_leaves_undecided_targets_out(pledge):
    other = Pledge.objects.create(term=pledge.term, code="9-9-9", title="시험 공약", lead_unit=pledge.lead_unit)
    target(pledge, 2019, TargetDecision.ACHIEVED)
    target(other, 2019, TargetDecision.PARTLY)
    target(pledge, 2020, TargetDecision.NOT_ACHIEVED)
    target(other, 2020)
    target(pledge, 2021)
    rates = {row["year"]: row for row in YearlyTarget.objects.filter(pledge__term=pledge.term).rates_by_year()}
    assert list(rates) == [2019, 2020, 2021]
    assert rates[2019]["rate"] == Decimal("75.0") and rates[2019]["score"] == Decimal("1.5")
    assert (rates[2020]["decided"], rates[2020]["pending"], rates[2020]["rate"]) == (1, 1, Decimal("0.0"))
    assert rates[2021]["rate"] is None and rates[2021]["pending"] == 1


def test_the_seed_pledge_has_no_targets_so_no_rate(pledge):
    assert YearlyTarget.objects.filter(pledge__term=pledge.term).rates_by_year() == []


def test_a_generated_citys_rates_follow_its_decisions(roles_synced):
    city_generate(slug="gen", scale=4, seed=2)
    targets = YearlyTarget.objects.filter(pledge__term__municipality__slug="gen")
    rates = targets.rates_by_year()
    assert [row["year"] for row in rates] == [2023, 2024, 2025, 2026]
    for row in rates:
        of_year = targets.filter(year=row["year"])
        achieved = of_year.filter(decision=TargetDecision.ACHIEVED).count()
        partly = of_year.filter(decision=TargetDecision.PARTLY).count()
        decided = of_year.decided().count()
        assert row["targets"] == of_year.count() and row["decided"] == decided
        expected = None if not decided else round(100 * (achieved + Decimal("0.5") * partly) / decided, 1)
        assert row["rate"] == expected
    assert rates[-1]["rate"] is None and rates[-1]["pending"] == rates[-1]["targets"] > 0
