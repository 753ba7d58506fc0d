"""Every staff write through the admin is in history (who, when, before, after), inline rows too; nothing reverts by a click."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from kpis.models import Indicator, Target
from plans.models import OrgUnit, Task, TaskObjective
from pledges.models import Pledge
from portal import roles
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _value(bound):
    value = bound.field.prepare_value(bound.value())
    if isinstance(value, bool):
        return "on" if value else None
    return value


def form_data(response):
    """The POST a browser would send back for the change page it received, unchanged."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = _value(form[name])
        if value is not None:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for row in formset.forms:
            for name in row.fields:
                value = _value(row[name])
                if value is not None:
                    data[row.add_prefix(name)] = value
    return data


def prefix_of(response, model):
    return next(f.formset.prefix for f in response.context["inline_admin_formsets"] if f.formset.model is model)


@pytest.fixture
def policy(seeded):
    return OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")


def test_task_objectives_edited_by_staff_are_in_the_tasks_history(client, policy):
    staff = staff_user(policy, first_name="영희", last_name="김")
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-1")
    objective = task.objectives.order_by("order").first()
    client.force_login(staff)
    url = reverse("admin:plans_task_change", args=[task.pk])
    page = client.get(url)
    data = form_data(page)
    prefix = prefix_of(page, TaskObjective)
    index = next(
        i for i in range(int(data[f"{prefix}-TOTAL_FORMS"])) if str(data[f"{prefix}-{i}-id"]) == str(objective.pk)
    )
    data[f"{prefix}-{index}-text"] = "바뀐 추진목표"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    row = TaskObjective.history.filter(id=objective.pk, text="바뀐 추진목표").get()
    assert row.history_user == staff and row.history_type == "~"

    history = client.get(reverse("admin:plans_task_history", args=[task.pk]))
    assert history.status_code == 200
    text = history.content.decode()
    assert "딸린 항목의 변경 이력" in text
    assert "바뀐 추진목표" in text and f"{objective.text[:20]}" in text


def test_kpi_targets_edited_by_the_coordinating_office_are_in_history(client, seeded):
    office = OrgUnit.objects.get(municipality__slug="namyangju", name="기획조정실")
    coordinator = staff_user(office, role=roles.COORDINATOR)
    indicator = Indicator.objects.filter(municipality__slug="namyangju", targets__isnull=False).first()
    target = indicator.targets.order_by("order").first()
    client.force_login(coordinator)
    url = reverse("admin:kpis_indicator_change", args=[indicator.pk])
    page = client.get(url)
    data = form_data(page)
    prefix = prefix_of(page, Target)
    index = next(
        i for i in range(int(data[f"{prefix}-TOTAL_FORMS"])) if str(data[f"{prefix}-{i}-id"]) == str(target.pk)
    )
    data[f"{prefix}-{index}-value"] = "123"
    assert client.post(url, data).status_code == 302
    row = Target.history.filter(id=target.pk).order_by("-history_id").first()
    assert (row.value, row.history_user) == (123, coordinator)
    assert "123" in client.get(reverse("admin:kpis_indicator_history", args=[indicator.pk])).content.decode()


def test_an_old_version_can_be_viewed_but_not_posted_back(client, policy):
    staff = staff_user(policy)
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-1")
    version = task.history.first()
    client.force_login(staff)
    url = reverse("admin:plans_task_simple_history", args=[task.pk, version.history_id])
    assert client.get(url).status_code == 200
    before = task.history.count()
    assert client.post(url, {"title": "되돌림"}).status_code == 403
    assert task.history.count() == before


def test_history_is_out_of_reach_outside_the_scope(client, seeded):
    other = staff_user(OrgUnit.objects.get(municipality__slug="goyang", name="기업지원과"))
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-1")
    client.force_login(other)
    response = client.get(reverse("admin:plans_task_history", args=[task.pk]))
    assert response.status_code in (302, 403, 404)
    pledge = Pledge.objects.filter(term__municipality__slug="goyang").first()
    assert client.get(reverse("admin:pledges_pledge_history", args=[pledge.pk])).status_code == 200
