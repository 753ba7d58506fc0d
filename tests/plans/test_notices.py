"""Event notices of quarterly reports: submit → the head, return (with reason) and approve → the author, once."""

import datetime

import pytest
import time_machine
from django.core import mail

from plans.models import OrgUnit, ProgressReport, Task
from plans.notices import notice_progress_report
from plans.services import progress_report_approve, progress_report_return, progress_report_submit
from portal import roles
from portal.models import OutboxMessage
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def people(seeded):
    policy = OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")
    return {
        "author": staff_user(policy, username="writer"),
        "head": staff_user(policy, role=roles.MANAGER, username="head"),
        "other_head": staff_user(
            OrgUnit.objects.get(municipality__slug="namyangju", name="예산과"), role=roles.MANAGER, username="o-head"
        ),
    }


@pytest.fixture
def report(people):
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-1")
    return ProgressReport.objects.create(
        task=task, year=2026, quarter=4, status="on_track", progress=40, narrative="실적", author=people["author"]
    )


def to(username):
    return [m for m in mail.outbox if m.to == [f"{username}@example.com"]]


def test_a_submission_tells_the_unit_head_after_commit_and_no_one_else(
    people, report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        progress_report_submit(user=people["author"], report=report)
    [message] = to("head")
    assert (
        message.subject
        == "[시정계획 포털] 1-1 미래형 자족도시를 향한 정책기획 네트워크 강화 2026년 4분기 추진실적 제출"
    )
    assert "writer" in message.body and f"/admin/plans/progressreport/{report.pk}/change/" in message.body
    assert not to("o-head") and not to("writer")


def test_a_return_tells_the_author_with_the_reason_and_an_approval_too(
    people, report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = progress_report_submit(user=people["author"], report=report)
        report = progress_report_return(user=people["head"], report=report, reason="추진률 근거 보완")
    [returned] = to("writer")
    assert "반려 사유: 추진률 근거 보완" in returned.body
    with django_capture_on_commit_callbacks(execute=True):
        report.state = ProgressReport.State.DRAFT
        report = progress_report_submit(user=people["author"], report=report)
        progress_report_approve(user=people["head"], report=report)
    assert [m.subject.rsplit(" ", 1)[1] for m in to("writer")] == ["반려", "승인"]
    assert len(to("head")) == 2  # each submission is its own event


def test_a_rolled_back_event_leaves_no_notice(people, report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        from django.db import transaction

        with transaction.atomic():
            progress_report_submit(user=people["author"], report=report)
            raise RuntimeError("the caller's transaction fails after the submit")
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_people_who_turned_event_notices_off_get_none(people, report, django_capture_on_commit_callbacks):
    people["head"].event_notices = False
    people["head"].save()
    with django_capture_on_commit_callbacks(execute=True):
        progress_report_submit(user=people["author"], report=report)
    assert not to("head")
    assert to("nyj-policy-head")  # the unit's other head still takes them


def test_a_correction_notice_goes_to_the_head_and_is_written_once(people, report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notice_progress_report(report=report, event="corrected", actor=people["author"])
        again = notice_progress_report(report=report, event="corrected", actor=people["author"])
    assert sorted(m.recipient.username for m in first) == ["head", "nyj-policy-head"] and again == []
    assert [m.subject.rsplit(" ", 1)[1] for m in to("head")] == ["정정"]
