"""Read API over indicators and milestones: targets, measurements and achievement; filters; hidden data."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kpis.models import EvaluationMilestone, Indicator, Measurement, Target
from tests.factories import PlanFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(seeded):
    indicator = Indicator.objects.filter(municipality__slug="namyangju").first()
    Target.objects.create(indicator=indicator, period="year", year=2030, label="2030", value=Decimal(200))
    Measurement.objects.create(
        indicator=indicator,
        period="year",
        year=2030,
        label="2030",
        value=Decimal(150),
        note="공개 비고",
        evidence_note="SECRET 근거",
        entered_by=UserFactory(username="kpi-secret", email="kpi-secret@example.com"),
        state="approved",
    )
    return indicator


def test_indicator_carries_targets_measurements_and_achievement(client, indicator):
    response = client.get(f"/api/v1/indicators/{indicator.pk}/")
    data = response.json()
    row = next(row for row in data["series"] if row["label"] == "2030")
    assert row == {"label": "2030", "target": "200.00", "actual": "150.00", "achievement_rate": "75.0"}
    assert any(m["note"] == "공개 비고" for m in data["measurements"])
    assert "SECRET" not in response.content.decode()
    assert "kpi-secret" not in response.content.decode()


def test_indicators_of_an_unpublished_plan_never_appear(client, indicator):
    hidden = PlanFactory(municipality=indicator.municipality, is_published=False)
    Indicator.objects.filter(pk=indicator.pk).update(plan=hidden)
    assert client.get(f"/api/v1/indicators/{indicator.pk}/").status_code == 404
    assert client.get("/api/v1/indicators/", {"year": 2030}).json()["count"] == 0


@pytest.mark.parametrize(("params", "found"), [({"year": 2030}, True), ({"municipality": "seoul"}, False)])
def test_indicator_filters(client, indicator, params, found):
    ids = {row["id"] for row in client.get("/api/v1/indicators/", {**params, "page_size": 500}).json()["results"]}
    assert (indicator.pk in ids) is found


def test_milestone_filters(client, seeded):
    milestones = EvaluationMilestone.objects.filter(municipality__slug="namyangju", year=2026)
    data = client.get("/api/v1/milestones/", {"municipality": "namyangju", "year": 2026, "page_size": 500}).json()
    assert data["count"] == milestones.count() > 0
    track = milestones.first().track
    data = client.get("/api/v1/milestones/", {"municipality": "namyangju", "track": track}).json()
    assert {row["track"] for row in data["results"]} == {track}
    assert client.get("/api/v1/milestones/", {"active_on": "2026-05-01"}).json()["count"] > 0


@pytest.mark.parametrize("resource", ["indicators", "milestones"])
def test_list_query_count_is_constant_as_the_data_grows_tenfold(client, seeded, resource):
    template = Indicator.objects.first()

    def grow(count, prefix):
        for index in range(count):
            grown = Indicator.objects.create(
                municipality=template.municipality,
                key=f"{prefix}-{index}",
                name=f"지표 {index}",
                unit="개",
                responsible_unit=template.responsible_unit,
            )
            Target.objects.create(indicator=grown, year=2026, label="2026", value=1)
            Measurement.objects.create(indicator=grown, year=2026, label="2026", value=1, state="approved")
            EvaluationMilestone.objects.create(
                municipality=template.municipality,
                year=2026,
                track="내부평가",
                title=f"일정 {index}",
                start="2026-01-01",
                end="2026-02-01",
                responsible_unit=template.responsible_unit,
            )

    grow(3, "small")
    with CaptureQueriesContext(connection) as small:
        client.get(f"/api/v1/{resource}/", {"page_size": 500})
    grow(30, "large")
    with CaptureQueriesContext(connection) as large:
        client.get(f"/api/v1/{resource}/", {"page_size": 500})
    assert len(small) == len(large)


def test_a_milestone_of_the_list_is_the_same_as_its_detail(client, seeded):
    recurring = EvaluationMilestone.objects.exclude(recurrence="").first()
    for milestone in [EvaluationMilestone.objects.filter(recurrence="").first(), recurring]:
        params = {"municipality": milestone.municipality.slug, "page_size": 500}
        row = next(r for r in client.get("/api/v1/milestones/", params).json()["results"] if r["id"] == milestone.pk)
        assert row == client.get(f"/api/v1/milestones/{milestone.pk}/").json()
        assert row["months_label"] == milestone.months_label


def test_every_indicator_of_the_list_is_the_same_as_its_detail(client, indicator):
    rows = client.get("/api/v1/indicators/", {"page_size": 500}).json()["results"]
    assert len(rows) == Indicator.objects.published().count() > 20
    for row in rows:
        assert row == client.get(f"/api/v1/indicators/{row['id']}/").json()
    ours = next(row for row in rows if row["id"] == indicator.pk)
    assert {"label": "2030", "target": "200.00", "actual": "150.00", "achievement_rate": "75.0"} in ours["series"]
