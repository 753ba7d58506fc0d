"""Read API over budget lines and roll-ups: integers of 원 with their unit, filters, hidden lines, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets.models import BudgetLine
from plans.models import OrgUnit, Task
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_amounts_are_integers_of_won_with_the_display_unit_and_unknown_is_null(client, seeded):
    line = BudgetLine.objects.get(source_document="002", seq=1)
    data = client.get(f"/api/v1/budget-lines/{line.pk}/").json()
    assert data["planned"] == 253_363_000_000
    assert isinstance(data["planned"], int)
    assert data["display_unit"] == "백만원"
    assert data["secured"] is None
    assert "overrun_reason" not in data
    unknown = BudgetLine.objects.filter(planned__isnull=True).exclude(planned_text="").first()
    row = client.get(f"/api/v1/budget-lines/{unknown.pk}/").json()
    assert row["planned"] is None
    assert row["planned_text"] == unknown.planned_text


def test_lines_of_an_unpublished_plan_never_appear(client, seeded):
    line = BudgetLine.objects.get(source_document="002", seq=1)
    plan = PlanFactory(municipality=line.municipality, is_published=False)
    BudgetLine.objects.filter(pk=line.pk).update(plan=plan)
    assert client.get(f"/api/v1/budget-lines/{line.pk}/").status_code == 404
    ids = {row["id"] for row in client.get("/api/v1/budget-lines/", {"page_size": 500}).json()["results"]}
    assert line.pk not in ids
    assert client.get("/api/v1/budget-lines/").json()["count"] == BudgetLine.objects.count() - 1


@pytest.mark.parametrize(
    "params",
    [
        {"municipality": "namyangju", "year": 2026},
        {"source": "국비"},
        {"level": "item", "phase": "year"},
        {"account": "일반회계"},
        {"q": "사업"},
    ],
)
def test_line_filters_match_the_queryset(client, seeded, params):
    lines = BudgetLine.objects.all()
    for name, value in params.items():
        lookup = {"municipality": "municipality__slug", "q": "name__icontains"}.get(name, name)
        lines = lines.filter(**{lookup: value})
    assert client.get("/api/v1/budget-lines/", params).json()["count"] == lines.count()


def test_unit_filter_includes_sub_units(client, seeded):
    office = OrgUnit.objects.get(municipality__slug="namyangju", name="기획조정실")
    expected = BudgetLine.objects.filter(unit_id__in=OrgUnit.objects.subtree_ids(office)).count()
    assert expected > BudgetLine.objects.filter(unit=office).count()
    assert client.get("/api/v1/budget-lines/", {"unit": office.pk}).json()["count"] == expected


def test_rollup_by_source_adds_item_lines_only_as_the_queryset_does(client, seeded):
    rows = client.get("/api/v1/budget-rollups/", {"by": "source", "municipality": "namyangju"}).json()
    expected = list(BudgetLine.objects.filter(municipality__slug="namyangju").by_source())
    assert [(row["key"], row["planned_sum"], row["planned_unknown"]) for row in rows] == [
        (row["source"], row["planned_sum"], row["planned_unknown"]) for row in expected
    ]
    assert {row["display_unit"] for row in rows} <= {"원", "천원", "백만원", "억원"}


@pytest.mark.parametrize("by", ["unit", "year", "task", "strategy", "plan"])
def test_every_rollup_grouping_answers(client, seeded, by):
    rows = client.get("/api/v1/budget-rollups/", {"by": by}).json()
    assert rows
    assert all(isinstance(row["key"], str) for row in rows)


def test_rollup_needs_a_valid_grouping(client, seeded):
    assert client.get("/api/v1/budget-rollups/").status_code == 400
    assert client.get("/api/v1/budget-rollups/", {"by": "colour"}).status_code == 400


def test_line_list_query_count_is_constant_as_lines_grow_tenfold(client, seeded):
    template = BudgetLine.objects.filter(level="item").first()

    def grow(count, start):
        for seq in range(start, start + count):
            BudgetLine.objects.create(
                **{
                    field.name: getattr(template, field.name)
                    for field in BudgetLine._meta.concrete_fields
                    if field.name not in {"id", "seq", "source_document"}
                },
                source_document="999",
                seq=seq,
            )

    grow(5, 0)
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/budget-lines/", {"document": "999"})
    grow(45, 100)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/api/v1/budget-lines/", {"document": "999"}).json()["count"] == 50
    assert len(small) == len(large)


def test_task_rollup_says_the_voucher_is_only_a_part_of_task_1_4(client, seeded):
    rows = client.get("/api/v1/budget-rollups/", {"by": "task", "municipality": "namyangju"}).json()
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-4")
    row = next(r for r in rows if r["key"] == str(task.pk))
    assert (row["part_lines"], row["planned_sum"]) == (1, 9_561_000_000)
    assert all(r["part_lines"] == 0 for r in rows if r["key"] != str(task.pk))
    voucher = BudgetLine.objects.get(task=task, year=2026)
    assert client.get(f"/api/v1/budget-lines/{voucher.pk}/").json()["is_part"] is True


def test_a_line_of_the_list_is_the_same_as_its_detail(client, seeded):
    unknown = BudgetLine.objects.filter(planned__isnull=True, unit__isnull=False).first()
    for line in [BudgetLine.objects.get(source_document="002", seq=1), unknown]:
        rows = client.get("/api/v1/budget-lines/", {"document": line.source_document, "page_size": 500}).json()
        row = next(row for row in rows["results"] if row["id"] == line.pk)
        assert row == client.get(f"/api/v1/budget-lines/{line.pk}/").json()


def test_line_list_as_csv_is_the_whole_filtered_table(client, seeded):
    response = client.get("/api/v1/budget-lines/", {"document": "002", "format": "csv"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == BudgetLine.objects.filter(source_document="002").count() + 1
    assert "unit.name" in lines[0]
