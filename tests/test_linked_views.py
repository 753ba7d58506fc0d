"""Task ↔ pledge ↔ KPI ↔ budget and unit ↔ unit budget: every link followed both ways, on the seeds."""

import datetime
import re

import pytest
from django.urls import reverse

from budgets.models import BudgetLine
from kpis.models import Indicator
from plans.models import OrgUnit, Task
from pledges.models import Pledge, PledgeCard, Term
from tests.factories import ProgressReportFactory, TaskFactory

pytestmark = pytest.mark.django_db


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def hrefs(html):
    return set(re.findall(r'href="([^"]+)"', html))


@pytest.fixture
def linked(seeded):
    """A 남양주 pledge carried out by two seed tasks, one of them with an approved report."""
    reported, unreported = Task.objects.filter(strategy__plan__municipality__slug="namyangju").order_by("pk")[:2]
    ProgressReportFactory(task=reported, approved=True, progress=40)
    term = Term.objects.create(
        municipality=reported.strategy.plan.municipality,
        name="민선8기",
        start=datetime.date(2022, 7, 1),
        end=datetime.date(2026, 6, 30),
    )
    pledge = Pledge.objects.create(term=term, code="2-1", title="남북경제협력 거점 조성", lead_unit=reported.lead_unit)
    pledge.tasks.set([reported, unreported])
    return {"pledge": pledge, "reported": reported, "unreported": unreported}


def test_task_page_names_its_pledge_and_the_pledge_page_lists_the_task_with_its_progress(client, linked):
    pledge, reported, unreported = linked["pledge"], linked["reported"], linked["unreported"]
    task_page = html_of(client, reported.get_absolute_url())
    assert pledge.get_absolute_url() in hrefs(task_page)
    assert "이행하는 공약" in task_page and pledge.title in task_page

    pledge_page = html_of(client, pledge.get_absolute_url())
    assert {reported.get_absolute_url(), unreported.get_absolute_url()} <= hrefs(pledge_page)
    tasks_section = pledge_page.split('id="pledge-tasks"')[1]
    assert "추진률 40%" in tasks_section
    # One task has no approved report: the overall figure is its partner's alone, and it is named.
    assert "40.0%" in tasks_section and "1/2" in tasks_section
    assert unreported.title in tasks_section.split("추진률에 넣지 않은 과제")[1]


def test_a_task_of_no_pledge_says_so(client, seeded):
    task = Task.objects.filter(strategy__plan__municipality__slug="namyangju", pledges=None).first()
    assert "이 과제와 연결된 공약이 없습니다." in html_of(client, task.get_absolute_url())


def test_pledge_page_shows_budget_and_kpis_whatever_the_card_state(client, seeded):
    pledge = Pledge.objects.get(term__municipality__slug="goyang", code="1-2-4")
    indicator = Indicator.objects.create(
        municipality=pledge.term.municipality,
        key="goyang-pledge-jobs",
        name="기업 지원 건수",
        unit="건",
        pledge=pledge,
        responsible_unit=pledge.lead_unit,
    )
    PledgeCard.objects.filter(pledge=pledge).update(state=PledgeCard.State.DRAFT)
    assert BudgetLine.objects.published().filter(pledge=pledge).exists()

    page = html_of(client, pledge.get_absolute_url())
    assert "아직 승인된 공약관리카드가 없습니다." in page
    assert "연도별 투자계획 및 확보(집행)액" in page
    assert indicator.get_absolute_url() in hrefs(page)
    assert pledge.get_absolute_url() in hrefs(html_of(client, indicator.get_absolute_url()))


def test_units_and_their_budget_pages_link_each_other(client, seeded):
    unit = OrgUnit.objects.get(municipality__slug="namyangju", name="정보통신과")
    budget_url = reverse("budgets:unit", kwargs={"slug": "namyangju", "pk": unit.pk})
    assert budget_url in hrefs(html_of(client, unit.get_absolute_url()))
    assert unit.get_absolute_url() in hrefs(html_of(client, budget_url))

    city_budget = html_of(client, reverse("budgets:municipality", kwargs={"slug": "namyangju"}))
    unit_budget_links = {href for href in hrefs(city_budget) if "/budgets/units/" in href}
    assert unit_budget_links
    for href in unit_budget_links:
        assert client.get(href).status_code == 200


def test_a_unit_without_budget_lines_says_so_instead_of_linking(client, seeded):
    covered = BudgetLine.objects.filter(unit__isnull=False).values("unit_id")
    unit = OrgUnit.objects.filter(municipality__slug="namyangju", children=None).exclude(pk__in=covered).first()
    page = html_of(client, unit.get_absolute_url())
    assert "/budgets/units/" not in page
    assert "공개된 예산 항목이 없습니다." in page


def test_linked_pages_keep_their_query_count_when_links_grow_tenfold(client, linked, django_assert_max_num_queries):
    pledge, task = linked["pledge"], linked["reported"]
    counts = {"pledge": [], "task": []}
    for size in (2, 20):
        strategy = task.strategy
        tasks = [TaskFactory(strategy=strategy, lead_unit=task.lead_unit, code=f"8-{size}-{n}") for n in range(size)]
        for extra in tasks[: size // 2]:
            ProgressReportFactory(task=extra, approved=True)
        pledge.tasks.add(*tasks)
        for n in range(size):
            other = Pledge.objects.create(
                term=pledge.term, code=f"3-{size}-{n}", title="연계 공약", lead_unit=task.lead_unit
            )
            other.tasks.add(task)
        for name, url in (("pledge", pledge.get_absolute_url()), ("task", task.get_absolute_url())):
            with django_assert_max_num_queries(30) as captured:
                html_of(client, url)
            counts[name].append(len(captured))
    assert counts["pledge"][0] == counts["pledge"][1]
    assert counts["task"][0] == counts["task"][1]
