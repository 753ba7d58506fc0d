"""Read API over pledges: status history and approved periods only, filters, no staff account, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pledges.models import PledgeCard, PledgeStatusChange
from tests.factories import PlanFactory, StrategyFactory, TaskFactory, UserFactory
from tests.pledges.conftest import grow_pledges

pytestmark = pytest.mark.django_db


def test_pledge_shows_status_history_periods_officials_and_published_tasks(client, pledge):
    changer = UserFactory(email="changer-secret@example.com", username="changer-secret")
    PledgeStatusChange.objects.create(
        pledge=pledge,
        previous_status="unassessed",
        status="on_track",
        changed_on=datetime.date(2022, 1, 5),
        changed_by=changer,
        reason="정상 추진 확인",
    )
    hidden_task = TaskFactory(strategy=StrategyFactory(plan=PlanFactory(is_published=False)), title="SECRET 과제")
    pledge.tasks.add(hidden_task)
    PledgeCard.objects.create(
        pledge=pledge,
        label="SECRET 작성중 카드",
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 6, 1),
        state="draft",
        problems="SECRET 문제",
    )
    response = client.get(f"/api/v1/pledges/{pledge.pk}/")
    data = response.json()
    text = response.content.decode()
    assert data["code"] == "1-2-4"
    assert data["category_codes"] == ["1", "1-2"]
    assert data["status_history"] == [
        {"changed_on": "2022-01-05", "previous_status": "unassessed", "status": "on_track", "reason": "정상 추진 확인"}
    ]
    assert [period["label"] for period in data["periods"]] == ["2021년 하반기"]
    assert data["periods"][0]["entries"][0]["events"]
    assert data["officials"][0] == {"role": "과장", "name": "박인석", "phone": "8075-3570"}
    assert hidden_task.pk not in [task["id"] for task in data["tasks"]]
    for secret in ["SECRET", "changer-secret"]:
        assert secret not in text


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"municipality": "goyang"}, 1),
        ({"municipality": "seoul"}, 0),
        ({"code": "1-2"}, 1),
        ({"code": "1-3"}, 0),
        ({"status": "unassessed"}, 1),
        ({"status": "completed"}, 0),
        ({"q": "기업유치"}, 1),
    ],
)
def test_pledge_filters(client, pledge, params, count):
    assert client.get("/api/v1/pledges/", params).json()["count"] == count


def test_pledge_unit_filter_includes_sub_units(client, pledge):
    assert client.get("/api/v1/pledges/", {"unit": pledge.lead_unit_id}).json()["count"] == 1


def test_draft_cards_never_appear_in_the_list(client, pledge):
    grow_pledges(pledge.term, pledge.lead_unit, 2, approved=False)
    data = client.get("/api/v1/pledges/", {"page_size": 500}).json()
    assert sum(len(row["periods"]) for row in data["results"]) == 1


def test_pledge_list_query_count_is_constant_as_pledges_grow_tenfold(client, pledge):
    grow_pledges(pledge.term, pledge.lead_unit, 3, batch=1)
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/pledges/", {"page_size": 500})
    grow_pledges(pledge.term, pledge.lead_unit, 30, batch=2)
    with CaptureQueriesContext(connection) as large:
        data = client.get("/api/v1/pledges/", {"page_size": 500}).json()
    assert data["count"] == 34
    assert len(small) == len(large)


def test_the_list_links_each_approved_card_instead_of_nesting_its_contents(client, pledge):
    card = PledgeCard.objects.get(pledge=pledge, state="approved")
    row = next(row for row in client.get("/api/v1/pledges/").json()["results"] if row["id"] == pledge.pk)
    assert row["periods"] == [
        {
            "id": card.pk,
            "label": "2021년 하반기",
            "period_start": "2021-07-01",
            "period_end": "2021-12-01",
            "reviewed_at": row["periods"][0]["reviewed_at"],
            "url": f"/api/v1/pledge-cards/{card.pk}/",
        }
    ]
    assert "entries" not in str(row)
    detail = client.get(f"/api/v1/pledges/{pledge.pk}/").json()
    for name in ("id", "municipality", "term", "code", "category_codes", "title", "lead_unit", "status", "url"):
        assert row[name] == detail[name]


def test_a_card_detail_has_the_contents_the_pledge_detail_nests(client, pledge):
    card = PledgeCard.objects.get(pledge=pledge, state="approved")
    data = client.get(f"/api/v1/pledge-cards/{card.pk}/").json()
    nested = client.get(f"/api/v1/pledges/{pledge.pk}/").json()["periods"][0]
    assert data["pledge"] == pledge.pk
    assert {name: value for name, value in data.items() if name not in ("id", "pledge")} == nested
    assert data["entries"][0]["events"]
    assert {row["category"] for row in data["participation"]}


def test_draft_cards_have_no_detail_and_stay_out_of_the_card_list(client, pledge):
    draft = grow_pledges(pledge.term, pledge.lead_unit, 1, approved=False)[0].cards.get()
    assert client.get(f"/api/v1/pledge-cards/{draft.pk}/").status_code == 404
    data = client.get("/api/v1/pledge-cards/", {"page_size": 500}).json()
    assert draft.pk not in {row["id"] for row in data["results"]}
    assert data["count"] == PledgeCard.objects.filter(state="approved").count()


def test_card_list_filters_by_pledge(client, pledge):
    grow_pledges(pledge.term, pledge.lead_unit, 2)
    rows = client.get("/api/v1/pledge-cards/", {"pledge": pledge.pk}).json()["results"]
    assert [row["pledge"] for row in rows] == [pledge.pk]
    assert client.get("/api/v1/pledge-cards/", {"municipality": "seoul"}).json()["count"] == 0


def test_card_list_query_count_is_constant_as_cards_grow_tenfold(client, pledge):
    grow_pledges(pledge.term, pledge.lead_unit, 3, batch=1)
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/pledge-cards/", {"page_size": 500})
    grow_pledges(pledge.term, pledge.lead_unit, 30, batch=2)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/api/v1/pledge-cards/", {"page_size": 500}).json()["count"] == 34
    assert len(small) == len(large)


def test_pledge_list_as_csv_carries_the_card_links(client, pledge):
    response = client.get("/api/v1/pledges/", {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    assert "/api/v1/pledge-cards/" in text
    assert "2021-07-01" in text
