"""Read API over the three texts and yearly targets: approved texts and decided targets only, filters, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import OrgUnit
from pledges.models import Pledge, PledgeText, PledgeTextKind
from pledges.plan_services import pledge_text_approve, pledge_text_correct, pledge_text_save, pledge_text_submit
from tests.pledges.plan_data import ELECTION, PLAN, approved_text, target

pytestmark = pytest.mark.django_db


@pytest.fixture
def texts(pledge, goyang):
    reviewer = goyang["coordinator"]
    election = approved_text(pledge, PledgeTextKind.ELECTION, reviewer, **ELECTION)
    plan = approved_text(pledge, PledgeTextKind.PLAN, reviewer, lead_unit=pledge.lead_unit, **PLAN)
    plan.cooperating_units.set([OrgUnit.objects.get(municipality=pledge.term.municipality, name="일자리정책과")])
    PledgeText.objects.create(pledge=pledge, kind=PledgeTextKind.CURRENT, goal="SECRET 작성중", state="submitted")
    return {"election": election, "plan": plan}


def grow(term, unit, reviewer, count, batch):
    """`count` pledges, each with two approved texts (one with two cooperating units), a draft, three targets."""
    helpers = list(OrgUnit.objects.filter(municipality=term.municipality)[:2])
    for index in range(count):
        pledge = Pledge.objects.create(term=term, code=f"8-{batch}-{index}", title=f"시험 {index}", lead_unit=unit)
        approved_text(pledge, PledgeTextKind.ELECTION, reviewer, goal=f"목표 {index}")
        plan = approved_text(pledge, PledgeTextKind.PLAN, reviewer, goal=f"계획 {index}", lead_unit=unit)
        plan.cooperating_units.set(helpers)
        PledgeText.objects.create(pledge=pledge, kind=PledgeTextKind.CURRENT, goal="SECRET")
        target(pledge, 2019, "achieved", target_value=index)
        target(pledge, 2020, "partly")
        target(pledge, 2021, target="SECRET 미판정")


def test_only_approved_texts_appear_with_their_units_and_amounts(client, texts, pledge):
    response = client.get("/api/v1/pledge-texts/")
    rows = response.json()["results"]
    assert [(row["pledge_code"], row["kind"]) for row in rows] == [("1-2-4", "election"), ("1-2-4", "plan")]
    plan = rows[1]
    assert plan["kind_label"] == "실천계획"
    assert (plan["total_cost"], plan["national_funds"], plan["provincial_funds"]) == (
        5_000_000_000,
        2_000_000_000,
        None,
    )
    assert (plan["period_start"], plan["period_end"]) == ("2018-07-01", "2022-06-01")
    assert plan["lead_unit"] == {"id": pledge.lead_unit_id, "name": "기업지원과"}
    assert [unit["name"] for unit in plan["cooperating_units"]] == ["일자리정책과"]
    assert (plan["pledge"], plan["municipality"], plan["term"]) == (pledge.pk, "goyang", pledge.term_id)
    assert "SECRET" not in response.content.decode()
    assert client.get(f"/api/v1/pledge-texts/{plan['id']}/").json() == plan


def test_a_text_under_review_has_no_detail(client, texts):
    hidden = PledgeText.objects.get(kind=PledgeTextKind.CURRENT)
    assert client.get(f"/api/v1/pledge-texts/{hidden.pk}/").status_code == 404


def test_a_correction_shows_only_once_approved_and_then_replaces_the_original(client, texts, goyang):
    original = texts["plan"]
    correction = pledge_text_correct(user=goyang["staff"], text=original)
    pledge_text_save(user=goyang["staff"], text=correction, values={"goal": "고친 목표"})
    pledge_text_submit(user=goyang["staff"], text=correction)
    rows = client.get("/api/v1/pledge-texts/", {"kind": "plan"}).json()["results"]
    assert [(row["id"], row["goal"]) for row in rows] == [(original.pk, PLAN["goal"])]
    pledge_text_approve(user=goyang["coordinator"], text=correction)
    rows = client.get("/api/v1/pledge-texts/", {"kind": "plan"}).json()["results"]
    assert [(row["id"], row["goal"]) for row in rows] == [(correction.pk, "고친 목표")]
    assert rows[0]["corrected_at"] is not None
    assert [unit["name"] for unit in rows[0]["cooperating_units"]] == ["일자리정책과"]


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"municipality": "goyang"}, 2),
        ({"municipality": "seoul"}, 0),
        ({"kind": "election"}, 1),
        ({"kind": "current"}, 0),
    ],
)
def test_text_filters(client, texts, params, count):
    assert client.get("/api/v1/pledge-texts/", params).json()["count"] == count


def test_text_filters_by_term_and_pledge(client, texts, pledge):
    assert client.get("/api/v1/pledge-texts/", {"term": pledge.term_id, "pledge": pledge.pk}).json()["count"] == 2
    assert client.get("/api/v1/pledge-texts/", {"pledge": pledge.pk + 1000}).json()["count"] == 0
    assert client.get("/api/v1/pledge-texts/", {"kind": "nonsense"}).status_code == 400


def test_only_decided_targets_appear_with_their_decision_and_evidence(client, pledge):
    decided = target(pledge, 2019, "partly", target_value="12.50", target_unit="개")
    target(pledge, 2020, target="SECRET 미판정")
    response = client.get("/api/v1/pledge-targets/")
    rows = response.json()["results"]
    assert rows == [
        {
            "id": decided.pk,
            "pledge": pledge.pk,
            "pledge_code": "1-2-4",
            "municipality": "goyang",
            "term": pledge.term_id,
            "year": 2019,
            "target": "2019년 목표",
            "target_value": "12.50",
            "target_unit": "개",
            "plan": "",
            "decision": "partly",
            "decision_label": "일부 달성",
            "evidence": "연말 평가 결과보고",
            "decided_on": "2019-12-20",
        }
    ]
    assert "SECRET" not in response.content.decode()
    assert client.get(f"/api/v1/pledge-targets/{decided.pk}/").json() == rows[0]
    undecided = pledge.yearly_targets.get(year=2020)
    assert client.get(f"/api/v1/pledge-targets/{undecided.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"year": 2019}, 1),
        ({"year": 2020}, 1),
        ({"decision": "achieved"}, 1),
        ({"decision": "not_achieved"}, 0),
        ({"municipality": "seoul"}, 0),
    ],
)
def test_target_filters(client, pledge, params, count):
    target(pledge, 2019, "achieved")
    target(pledge, 2020, "partly")
    target(pledge, 2021)
    assert (
        client.get("/api/v1/pledge-targets/", {"term": pledge.term_id, "pledge": pledge.pk, **params}).json()["count"]
        == count
    )


@pytest.mark.parametrize("url", ["/api/v1/pledge-texts/", "/api/v1/pledge-targets/"])
def test_query_count_is_constant_as_texts_and_targets_grow_tenfold(client, pledge, goyang, url):
    reviewer = goyang["coordinator"]
    grow(pledge.term, pledge.lead_unit, reviewer, 3, batch=1)
    with CaptureQueriesContext(connection) as small:
        first = client.get(url, {"page_size": 500}).json()
    grow(pledge.term, pledge.lead_unit, reviewer, 30, batch=2)
    with CaptureQueriesContext(connection) as large:
        data = client.get(url, {"page_size": 500}).json()
    assert data["count"] == 10 * first["count"] + 6 == 66
    assert len(small) == len(large)
    assert "SECRET" not in str(data)


def test_the_schema_documents_both_lists_and_their_filters(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    for path, filters in [
        ("/api/v1/pledge-texts/", {"municipality", "term", "pledge", "kind"}),
        ("/api/v1/pledge-targets/", {"municipality", "term", "pledge", "year", "decision"}),
    ]:
        assert filters <= {parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]}
        assert f"{path}{{id}}/" in schema["paths"]


def test_texts_as_csv(client, texts):
    response = client.get("/api/v1/pledge-texts/", {"format": "csv"})
    assert response.status_code == 200
    assert "남북경제교류 기업 10개 유치" in response.content.decode("utf-8-sig")
