"""Read API over units, plans, strategies, tasks and progress reports: shape, filters, hidden data, query counts."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import OrgUnit, ProgressReport
from tests.factories import (
    ActionItemFactory,
    OrgUnitFactory,
    PlanFactory,
    ProgressReportFactory,
    StrategyFactory,
    TaskFactory,
    TaskObjectiveFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HIDDEN = ["SECRET-DRAFT", "SECRET-RETURNED", "SECRET-SUBMITTED", "반려 사유 비밀", "staff-secret@example.com"]


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def assert_hidden(response_text):
    for text in HIDDEN:
        assert text not in response_text


@pytest.fixture
def city():
    """A published plan with a task carrying every report state, and an unpublished plan's task."""
    plan = PlanFactory(slug="api-plan", author="작성자 비밀", author_phone="010-0000-0000")
    bureau = OrgUnitFactory(municipality=plan.municipality, name="시험국", kind=OrgUnit.Kind.BUREAU)
    division = OrgUnitFactory(municipality=plan.municipality, name="시험국 하위과", parent=bureau)
    other = OrgUnitFactory(municipality=plan.municipality, name="다른과")
    strategy = StrategyFactory(plan=plan, number=1)
    task = TaskFactory(strategy=strategy, code="1-1", lead_unit=division, title="공개 과제")
    TaskObjectiveFactory(task=task, text="목표 하나")
    ActionItemFactory(task=task, title="추진계획 하나")
    staff = UserFactory(unit=division, email="staff-secret@example.com", username="staff-secret")
    ProgressReportFactory(task=task, year=2026, quarter=1, approved=True, narrative="1분기 승인 실적", author=staff)
    ProgressReportFactory(task=task, year=2026, quarter=2, narrative="SECRET-DRAFT", author=staff)
    ProgressReportFactory(
        task=task, year=2026, quarter=3, narrative="SECRET-RETURNED", state="returned", return_reason="반려 사유 비밀"
    )
    ProgressReportFactory(task=task, year=2026, quarter=4, narrative="SECRET-SUBMITTED", state="submitted")
    TaskFactory(strategy=strategy, code="2-1", lead_unit=other, title="=HYPERLINK(1) 다른 과제")
    hidden_plan = PlanFactory(municipality=plan.municipality, is_published=False, title="SECRET-DRAFT 계획")
    hidden_task = TaskFactory(strategy=StrategyFactory(plan=hidden_plan), code="1-1", lead_unit=division)
    ProgressReportFactory(task=hidden_task, approved=True, narrative="SECRET-DRAFT 실적")
    return {"plan": plan, "task": task, "bureau": bureau, "division": division, "hidden_task": hidden_task}


def test_municipalities_list_every_city_by_slug(client, seeded):
    data = get(client, "/api/v1/municipalities/")
    assert {row["slug"] for row in data["results"]} == {"namyangju", "goyang", "seoul"}
    assert get(client, "/api/v1/municipalities/namyangju/")["name"] == "남양주시"


def test_units_show_head_and_latest_headcount_and_filter_by_subtree(client, seeded):
    office = OrgUnit.objects.get(municipality__slug="namyangju", name="기획조정실")
    data = get(client, "/api/v1/units/", unit=office.pk, page_size=500)
    names = {row["name"] for row in data["results"]}
    assert {"기획조정실", "정책기획과", "기획팀"} <= names
    assert "경제정책과" not in names  # another city
    top = next(row for row in data["results"] if row["name"] == "기획조정실")
    assert top["head_name"] == "오철수"
    assert top["headcount"] == {"as_of": "2026-01-06", "authorized": 119, "current": 126}


def test_plans_show_published_plans_only_without_author_fields(client, city):
    data = get(client, "/api/v1/plans/", municipality=city["plan"].municipality.slug)
    assert [row["slug"] for row in data["results"]] == ["api-plan"]
    detail = client.get(f"/api/v1/plans/{city['plan'].pk}/")
    assert detail.json()["task_count"] == 2
    assert detail.json()["strategies"][0]["number"] == 1
    assert "author" not in detail.json()
    assert "작성자 비밀" not in detail.content.decode()
    hidden_plan = city["hidden_task"].strategy.plan
    assert client.get(f"/api/v1/plans/{hidden_plan.pk}/").status_code == 404
    assert_hidden(client.get("/api/v1/plans/", {"q": "SECRET"}).content.decode())


def test_strategies_of_unpublished_plans_never_appear(client, city):
    data = get(client, "/api/v1/strategies/", municipality=city["plan"].municipality.slug)
    assert [row["plan"]["slug"] for row in data["results"]] == ["api-plan"]


def test_task_list_carries_the_latest_approved_report_only(client, city):
    data = get(client, "/api/v1/tasks/", plan="api-plan")
    row = next(row for row in data["results"] if row["code"] == "1-1")
    assert row["latest_report"] == {
        "year": 2026,
        "quarter": 1,
        "status": "on_track",
        "status_label": "정상추진",
        "progress": 50,
        "reviewed_at": "2026-04-07T18:00:00+09:00",
    }
    assert row["lead_unit"]["name"] == "시험국 하위과"
    assert row["url"] == city["task"].get_absolute_url()
    assert next(row for row in data["results"] if row["code"] == "2-1")["latest_report"] is None


def test_task_detail_shows_approved_reports_and_never_drafts_returned_or_staff(client, city):
    response = client.get(f"/api/v1/tasks/{city['task'].pk}/")
    data = response.json()
    assert [(report["quarter"], report["narrative"]) for report in data["reports"]] == [(1, "1분기 승인 실적")]
    assert data["objectives"] == [{"text": "목표 하나", "half": ""}]
    assert_hidden(response.content.decode())
    assert "staff-secret" not in response.content.decode()
    assert client.get(f"/api/v1/tasks/{city['hidden_task'].pk}/").status_code == 404


def test_tasks_of_unpublished_plans_never_appear_in_lists_or_search(client, city):
    body = client.get("/api/v1/tasks/", {"municipality": city["plan"].municipality.slug, "page_size": 500})
    ids = {row["id"] for row in body.json()["results"]}
    assert city["hidden_task"].pk not in ids
    assert_hidden(client.get("/api/v1/tasks/", {"q": "SECRET"}).content.decode())


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"status": "on_track"}, {"1-1"}),
        ({"status": "none"}, {"2-1"}),
        ({"code": "1"}, {"1-1"}),
        ({"code": "1-1"}, {"1-1"}),
        ({"q": "목표 하나"}, {"1-1"}),
        ({"year": 2026}, {"1-1", "2-1"}),
        ({"year": 2027}, set()),
        ({"type": "신규"}, {"1-1", "2-1"}),
    ],
)
def test_task_filters(client, city, params, codes):
    data = get(client, "/api/v1/tasks/", plan="api-plan", **params)
    assert {row["code"] for row in data["results"]} == codes


def test_task_unit_filter_includes_sub_units(client, city):
    data = get(client, "/api/v1/tasks/", unit=city["bureau"].pk)
    assert [row["code"] for row in data["results"]] == ["1-1"]


def test_invalid_filter_values_are_a_400_not_a_500(client, city):
    for params in [{"year": "abc"}, {"year": 99999999999999999999}, {"status": "bogus"}, {"unit": 999999}]:
        assert client.get("/api/v1/tasks/", params).status_code == 400


def test_progress_reports_are_approved_reports_of_published_tasks_only(client, city):
    response = client.get("/api/v1/progress-reports/", {"municipality": city["plan"].municipality.slug})
    data = response.json()
    assert [(row["task"]["code"], row["quarter"]) for row in data["results"]] == [("1-1", 1)]
    assert set(data["results"][0]) == {
        "id",
        "municipality",
        "task",
        "year",
        "quarter",
        "status",
        "status_label",
        "progress",
        "narrative",
        "problems",
        "next_steps",
        "reviewed_at",
    }
    assert_hidden(response.content.decode())
    draft = ProgressReport.objects.get(narrative="SECRET-DRAFT")
    assert client.get(f"/api/v1/progress-reports/{draft.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("params", "count"),
    [({"quarter": 1}, 1), ({"quarter": 2}, 0), ({"year": 2025}, 0), ({"status": "done"}, 0), ({"q": "승인"}, 1)],
)
def test_progress_report_filters(client, city, params, count):
    data = get(client, "/api/v1/progress-reports/", plan="api-plan", **params)
    assert data["count"] == count


def test_page_size_is_capped_and_ordering_applies(client, seeded):
    data = get(client, "/api/v1/budget-lines/", page_size=100000)
    assert len(data["results"]) == 500
    names = [row["name"] for row in get(client, "/api/v1/units/", ordering="-name", page_size=5)["results"]]
    assert names == sorted(names, reverse=True)


def test_csv_download_is_the_whole_filtered_table_and_quotes_formulas(client, city):
    response = client.get("/api/v1/tasks/", {"format": "csv", "plan": "api-plan"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row["code"] for row in rows] == ["1-1", "2-1"]
    assert rows[0]["lead_unit.name"] == "시험국 하위과"
    assert rows[1]["title"] == "'=HYPERLINK(1) 다른 과제"


def grow_tasks(count, batch):
    plan = PlanFactory(slug=f"grow-{batch}")
    strategy = StrategyFactory(plan=plan)
    for index in range(count):
        task = TaskFactory(strategy=strategy, code=f"{batch}-{index}", co_units=[OrgUnitFactory()])
        ProgressReportFactory(task=task, approved=True)
        TaskObjectiveFactory(task=task)
    return plan


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("resource", ["tasks", "progress-reports", "plans", "strategies", "units"])
def test_list_query_count_is_constant_as_the_data_grows_tenfold(client, db, resource, django_assert_max_num_queries):
    grow_tasks(3, "a")
    small = count_queries(client, f"/api/v1/{resource}/", {"page_size": 500})
    grow_tasks(30, "b")
    large = count_queries(client, f"/api/v1/{resource}/", {"page_size": 500})
    assert small == large
    with django_assert_max_num_queries(small):
        client.get(f"/api/v1/{resource}/", {"format": "csv"})


def test_task_detail_query_count_does_not_grow_with_reports(client, db):
    task = TaskFactory()
    ProgressReportFactory(task=task, approved=True)
    few = count_queries(client, f"/api/v1/tasks/{task.pk}/", {})
    for quarter in (2, 3, 4):
        ProgressReportFactory(task=task, quarter=quarter, approved=True)
        TaskObjectiveFactory(task=task)
    assert count_queries(client, f"/api/v1/tasks/{task.pk}/", {}) == few


def test_a_task_of_the_list_has_the_fields_of_its_detail(client, city):
    rows = client.get("/api/v1/tasks/", {"page_size": 500}).json()["results"]
    assert any(row["latest_report"] for row in rows)
    assert any(row["latest_report"] is None for row in rows)
    for row in rows:
        detail = client.get(f"/api/v1/tasks/{row['id']}/").json()
        assert row == {name: detail[name] for name in row}
