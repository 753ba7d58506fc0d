"""The coordinating office reopens a locked quarter for one unit, with a reason, on record; the lock comes back after."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from plans.models import OrgUnit, PeriodReopening, ProgressReport, Task
from plans.services import period_reopen, progress_report_save
from portal import roles
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

# 2026-11-23, Seoul: the third quarter locked on 2026-10-26.
TODAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def people(seeded):
    policy = OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")
    budget = OrgUnit.objects.get(municipality__slug="namyangju", name="예산과")
    office = OrgUnit.objects.get(municipality__slug="namyangju", name="기획조정실")
    goyang = OrgUnit.objects.get(municipality__slug="goyang", name="기업지원과")
    return {
        "policy": policy,
        "staff": staff_user(policy),
        "manager": staff_user(policy, role=roles.MANAGER),
        "other_staff": staff_user(budget),
        "coordinator": staff_user(office, role=roles.COORDINATOR),
        "goyang_coordinator": staff_user(goyang, role=roles.COORDINATOR),
    }


def write(user, code, quarter=3):
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code=code)
    return progress_report_save(
        user=user, task=task, year=2026, quarter=quarter, status="on_track", progress=50, narrative="늦은 실적"
    )


def reopen(people, **overrides):
    values = {"unit": people["policy"], "year": 2026, "quarter": 3, "until": datetime.date(2026, 11, 30)}
    return period_reopen(user=people["coordinator"], **{**values, "reason": "시스템 장애로 입력 못함", **overrides})


def test_a_reopened_quarter_opens_for_that_unit_only_and_the_decision_is_recorded(people):
    with pytest.raises(ValidationError, match="마감되어"):
        write(people["staff"], "1-1")
    reopening = reopen(people)
    assert write(people["staff"], "1-1").state == ProgressReport.State.DRAFT
    with pytest.raises(ValidationError, match="마감되어"):
        write(people["other_staff"], "3-4")
    assert (reopening.reopened_by, reopening.reason) == (people["coordinator"], "시스템 장애로 입력 못함")
    assert reopening.history.get().history_user == people["coordinator"]


def test_the_lock_returns_after_the_reopening_ends(people):
    reopen(people)
    report = write(people["staff"], "1-1")
    with time_machine.travel(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC), tick=False):
        report.refresh_from_db()
        assert report.is_locked()
        with pytest.raises(ValidationError, match="마감되어"):
            write(people["staff"], "1-1")


@pytest.mark.parametrize(
    ("who", "overrides", "error", "message"),
    [
        ("coordinator", {"reason": "  "}, ValidationError, "사유를 입력하세요"),
        ("manager", {}, PermissionDenied, "총괄부서만"),
        ("goyang_coordinator", {}, PermissionDenied, "소관 지방자치단체의 부서가 아닙니다"),
        ("coordinator", {"quarter": 4}, ValidationError, "아직 마감되지 않았습니다"),
        ("coordinator", {"until": datetime.date(2026, 11, 1)}, ValidationError, "오늘이거나 그 뒤"),
    ],
)
def test_a_reopening_needs_a_coordinator_of_the_city_a_reason_and_a_locked_quarter(
    people, who, overrides, error, message
):
    values = {"unit": people["policy"], "year": 2026, "quarter": 3, "until": datetime.date(2026, 11, 30)}
    with pytest.raises(error, match=message):
        period_reopen(user=people[who], **{**values, "reason": "사유", **overrides})
    assert not PeriodReopening.objects.exists()


def test_the_admin_records_a_reopening_and_never_edits_or_deletes_it(client, people):
    client.force_login(people["coordinator"])
    url = reverse("admin:plans_periodreopening_add")
    data = {"unit": people["policy"].pk, "year": 2026, "quarter": 3, "until": "2026-11-30", "reason": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["reason"]
    assert not PeriodReopening.objects.exists()
    response = client.post(url, {**data, "quarter": 4, "reason": "사유"})
    assert "아직 마감되지 않았습니다" in response.content.decode()
    assert not PeriodReopening.objects.exists()
    response = client.post(url, {**data, "reason": "감사 지적 반영"})
    assert response.status_code == 302
    reopening = PeriodReopening.objects.get()
    assert (reopening.reason, reopening.reopened_by) == ("감사 지적 반영", people["coordinator"])
    change = client.post(reverse("admin:plans_periodreopening_change", args=[reopening.pk]), {**data, "reason": "x"})
    assert change.status_code in (302, 403)
    reopening.refresh_from_db()
    assert reopening.reason == "감사 지적 반영"
    assert (
        client.post(reverse("admin:plans_periodreopening_delete", args=[reopening.pk]), {"post": "yes"}).status_code
        == 403
    )
    client.force_login(people["manager"])
    assert client.get(url).status_code == 403
