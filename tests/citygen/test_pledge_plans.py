"""The generated city's pledge texts and yearly targets: a fixed share of pledges, the same rows per seed, replaced whole."""

import pytest

from citygen.services import city_generate
from pledges.models import Pledge, PledgeText, TargetDecision, YearlyTarget

pytestmark = pytest.mark.django_db


def texts_of(slug):
    return PledgeText.objects.filter(pledge__term__municipality__slug=slug)


def targets_of(slug):
    return YearlyTarget.objects.filter(pledge__term__municipality__slug=slug)


def test_a_fixed_share_of_pledges_has_each_text_and_the_planned_ones_have_decided_targets(roles_synced):
    city_generate(slug="gen", scale=4, seed=3)
    pledges = Pledge.objects.filter(term__municipality__slug="gen").count()
    texts = texts_of("gen")
    assert texts.filter(kind="election").count() == sum(1 for i in range(pledges) if i % 5 != 4)
    assert texts.filter(kind="plan").count() == sum(1 for i in range(pledges) if i % 5 in (0, 1, 2))
    assert texts.filter(kind="current").count() == sum(1 for i in range(pledges) if i % 5 in (0, 1))
    assert set(texts.values_list("state", flat=True)) == {PledgeText.State.APPROVED}
    targets = targets_of("gen")
    assert targets.count() == 4 * texts.filter(kind="plan").count()
    assert set(targets.decided().values_list("year", flat=True)) == {2023, 2024, 2025}
    assert not targets.filter(year=2026).decided().exists()
    assert set(targets.decided().values_list("decision", flat=True)) <= set(TargetDecision.values)
    for row in [*texts[:10], *targets[:10]]:
        row.full_clean()


def test_the_same_seed_gives_the_same_texts_and_targets_and_generating_again_replaces_them(roles_synced):
    def snapshot():
        return (
            sorted(texts_of("gen").values_list("pledge__code", "kind", "goal", "content", "total_cost")),
            sorted(targets_of("gen").values_list("pledge__code", "year", "decision", "target_value")),
        )

    city_generate(slug="gen", scale=2, seed=5)
    first, first_ids = snapshot(), set(texts_of("gen").values_list("pk", flat=True))
    city_generate(slug="gen", scale=2, seed=5)
    assert snapshot() == first
    assert not PledgeText.objects.filter(pk__in=first_ids).exists()
