"""Every public page is bounded: a fixed page of each growing list, the same rows, size and queries at 1× and 10×."""

import pytest
from django.urls import reverse

from tests.portal.city import build_city

pytestmark = pytest.mark.django_db


def between(html, start, end):
    return html.split(start, 1)[1].split(end, 1)[0]


def urls(city):
    slug = city.municipality.slug
    return {
        "plan_list": reverse("plans:plan_list", kwargs={"slug": slug}),
        "plan": city.plan.get_absolute_url(),
        "unit": city.lead.get_absolute_url(),
        "unit_partner": city.partner.get_absolute_url(),
        "search": reverse("plans:search") + "?q=시험 과제&kind=tasks",
        "organisation": reverse("plans:organisation", kwargs={"slug": slug}),
        "indicators": reverse("kpis:indicators", kwargs={"slug": slug}),
        "calendar": reverse("kpis:calendar", kwargs={"slug": slug}) + "?year=2026",
        "calendar_month": reverse("kpis:calendar", kwargs={"slug": slug}) + "?year=2026&month=3",
        "tracker": reverse("pledges:tracker", kwargs={"slug": slug}),
        "budget": reverse("budgets:municipality", kwargs={"slug": slug}),
        "unit_budget": reverse("budgets:unit", kwargs={"slug": slug, "pk": city.lead.pk}),
    }


def rows_shown(page, html, slug):
    """How many rows of the page's growing lists the page shows."""
    if page == "plan_list":
        return between(html, 'class="card-list plan-cards"', "</ul>").count("<li>")
    if page in ("plan", "search", "unit", "unit_partner"):
        return html.count('class="task-card"')
    if page == "organisation":
        headcounts = between(between(html, 'id="headcounts"', "</tbody>"), "<tbody>", "</tbody>").count("<tr>")
        return (between(html, 'id="org-tree"', 'id="headcounts"').count('class="org-unit-name"'), headcounts)
    if page == "indicators":
        return html.count(f'<th scope="row"><a href="/{slug}/indicators/')
    if page.startswith("calendar"):
        return between(between(html, 'id="calendar"', "</tbody>"), "<tbody>", "</tbody>").count("<tr>")
    if page == "tracker":
        return html.count(f'<th scope="row"><a href="/{slug}/pledges/')
    lines = between(between(html, 'class="all-lines"', "</details>"), "<tbody>", "</tbody>").count("<tr")
    tables = between(html, 'id="printed-tables"', 'id="all-lines"').count("<caption>")
    tasks = between(html, 'id="task-budgets"', "</tbody>").count("<tr>") - 1
    return (lines, tables, tasks)


# One page of each list: what the views promise (portal.paging and each view's page size).
EXPECTED = {
    "plan_list": 20,
    "plan": 20,
    "unit": 20,  # led tasks; its shared list is empty
    "unit_partner": 20,  # shared tasks; it leads none
    "search": 20,
    "organisation": (30, 50),  # ten top units with their two 과 each; fifty headcount rows
    "indicators": 30,
    "calendar": 50,
    "calendar_month": None,  # the month's milestones: five at 1×, fifty (a page) at 10×
    "tracker": 30,
    "budget": (50, 40, 30),
    "unit_budget": (50, 40, 30),
}


@pytest.fixture(scope="module")
def cities(django_db_setup, django_db_blocker):
    """The same city at 1× and 10×, built once for the module and removed after it."""
    from django.db import transaction

    from plans.models import Municipality

    with django_db_blocker.unblock(), transaction.atomic():
        built = {1: build_city(1, "bound-small"), 10: build_city(10, "bound-large")}
    yield built
    with django_db_blocker.unblock():
        from tests.portal.city import remove_city

        for city in built.values():
            remove_city(city)
        assert not Municipality.objects.filter(slug__startswith="bound-").exists()


@pytest.mark.parametrize("page", list(EXPECTED))
def test_each_page_shows_one_page_of_its_lists_at_any_size(client, cities, page, django_assert_max_num_queries):
    seen = {}
    for scale, city in cities.items():
        with django_assert_max_num_queries(25) as captured:
            response = client.get(urls(city)[page])
        assert response.status_code == 200
        html = response.content.decode()
        seen[scale] = (rows_shown(page, html, city.municipality.slug), len(captured), len(response.content))
    (small_rows, small_queries, small_size), (large_rows, large_queries, large_size) = seen[1], seen[10]
    print(f"{page}: rows {small_rows} / {large_rows}, queries {small_queries} / {large_queries}, "
          f"bytes {small_size} / {large_size}")  # fmt: skip
    assert large_queries == small_queries
    if EXPECTED[page] is not None:
        assert small_rows == large_rows == EXPECTED[page]
    if EXPECTED[page] is not None:
        assert large_size < small_size * 1.15
