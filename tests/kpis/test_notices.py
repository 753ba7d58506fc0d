"""Event notices of KPI actuals and of corrections: submit → the head, review → the author, once, after commit."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from kpis.models import Indicator
from kpis.services import measurement_approve, measurement_return, measurement_save
from plans.models import OrgUnit
from portal import roles
from portal.models import OutboxMessage
from portal.review import correction_approve, open_correction
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def people(seeded):
    smart = OrgUnit.objects.get(municipality__slug="namyangju", name="스마트도시과")
    other = OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")
    return {
        "staff": staff_user(smart, username="kpi-writer"),
        "head": staff_user(smart, role=roles.MANAGER, username="kpi-head"),
        "other_head": staff_user(other, role=roles.MANAGER, username="kpi-other-head"),
    }


@pytest.fixture
def indicator(seeded):
    return Indicator.objects.get(key="nyj-smart-intersections-2026")


def to(username):
    return [m for m in mail.outbox if m.to == [f"{username}@example.com"]]


def enter(people, indicator, value, measurement=None):
    values = {"indicator": indicator, "period": "year", "year": 2026, "label": "2026", "value": Decimal(value)}
    return measurement_save(user=people["staff"], values=values, measurement=measurement)


def test_an_entered_actual_tells_its_head_and_the_review_tells_who_entered_it(
    people, indicator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        measurement = enter(people, indicator, "4")
    [submitted] = to("kpi-head")
    assert submitted.subject.endswith("실적 제출") and indicator.name in submitted.subject
    assert f"/admin/kpis/measurement/{measurement.pk}/change/" in submitted.body
    assert not to("kpi-other-head") and not to("kpi-writer")
    with django_capture_on_commit_callbacks(execute=True):
        measurement_return(user=people["head"], measurement=measurement, reason="근거 자료 누락")
    [returned] = to("kpi-writer")
    assert returned.subject.endswith("실적 반려") and "반려 사유: 근거 자료 누락" in returned.body
    with django_capture_on_commit_callbacks(execute=True):
        measurement = enter(people, indicator, "5", measurement)
        measurement_approve(user=people["head"], measurement=measurement)
    assert [m.subject[-5:] for m in to("kpi-writer")] == ["실적 반려", "실적 승인"]
    assert len(to("kpi-head")) == 2


def test_a_correction_of_an_approved_actual_tells_the_head_and_its_approval_the_author(
    people, indicator, django_capture_on_commit_callbacks
):
    measurement = enter(people, indicator, "4")
    measurement_approve(user=people["head"], measurement=measurement)
    OutboxMessage.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        enter(people, indicator, "6", measurement)
    [corrected] = to("kpi-head")
    assert corrected.subject == f"[시정계획 포털] {measurement} 정정"
    assert f"/admin/kpis/measurement/{measurement.pk}/change/" in corrected.body
    with django_capture_on_commit_callbacks(execute=True):
        correction_approve(user=people["head"], correction=open_correction(measurement))
    [approved] = to("kpi-writer")
    assert approved.subject == f"[시정계획 포털] {measurement} 정정 승인"
    assert OutboxMessage.objects.filter(kind="notice").count() == 2


def test_a_head_who_turned_notices_off_hears_nothing(people, indicator, django_capture_on_commit_callbacks):
    people["head"].event_notices = False
    people["head"].save(update_fields=["event_notices"])
    with django_capture_on_commit_callbacks(execute=True):
        enter(people, indicator, "4")
    assert not to("kpi-head")
