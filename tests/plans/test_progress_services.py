"""Quarterly progress: the workflow rules, each bad input refused with its reason and nothing saved."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from plans.models import OrgUnit, ProgressReport, Task
from plans.services import (
    progress_report_approve,
    progress_report_return,
    progress_report_save,
    progress_report_submit,
)
from portal import roles
from portal.corrections import Correction
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

# 2026-11-23, Seoul: the fourth quarter is open, the third locked on 2026-10-26.
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
    return {
        "staff": staff_user(policy),
        "manager": staff_user(policy, role=roles.MANAGER),
        "other_staff": staff_user(budget),
        "other_manager": staff_user(budget, role=roles.MANAGER),
        "coordinator": staff_user(office, role=roles.COORDINATOR),
    }


@pytest.fixture
def task(seeded):
    return Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-1")


def draft(user, task, **overrides):
    values = {
        "year": 2026,
        "quarter": 4,
        "status": ProgressReport.Status.ON_TRACK,
        "progress": 65,
        "narrative": "정책현장투어 3회 실시",
    }
    return progress_report_save(user=user, task=task, **{**values, **overrides})


def test_staff_write_submit_and_their_head_approves(people, task):
    report = draft(people["staff"], task)
    assert (report.state, report.author) == (ProgressReport.State.DRAFT, people["staff"])
    report = progress_report_submit(user=people["staff"], report=report)
    assert report.state == ProgressReport.State.SUBMITTED
    report = progress_report_approve(user=people["manager"], report=report)
    assert (report.state, report.reviewed_by) == (ProgressReport.State.APPROVED, people["manager"])
    assert list(ProgressReport.objects.approved()) == [report]


def test_returned_report_needs_a_reason_and_can_be_revised_and_resubmitted(people, task):
    report = progress_report_submit(user=people["staff"], report=draft(people["staff"], task))
    with pytest.raises(ValidationError, match="반려 사유를 입력하세요"):
        progress_report_return(user=people["manager"], report=report, reason="  ")
    report.refresh_from_db()
    assert report.state == ProgressReport.State.SUBMITTED
    report = progress_report_return(user=people["manager"], report=report, reason="실적 수치를 보완하세요")
    assert (report.state, report.return_reason) == (ProgressReport.State.RETURNED, "실적 수치를 보완하세요")
    report = draft(people["staff"], task, report=report, progress=70)
    assert progress_report_submit(user=people["staff"], report=report).state == ProgressReport.State.SUBMITTED


@pytest.mark.parametrize("progress", [-1, 101, 250])
def test_progress_outside_0_to_100_is_refused(people, task, progress):
    with pytest.raises(ValidationError) as error:
        draft(people["staff"], task, progress=progress)
    assert "추진률은 0에서 100 사이여야 합니다." in str(error.value)
    assert ProgressReport.objects.count() == 0


def test_second_report_for_the_same_quarter_is_refused(people, task):
    draft(people["staff"], task)
    with pytest.raises(ValidationError, match="해당 분기 실적이 이미 있습니다"):
        draft(people["staff"], task, narrative="중복")
    assert ProgressReport.objects.count() == 1
    assert ProgressReport.objects.get().narrative == "정책현장투어 3회 실시"


def test_quarter_outside_the_tasks_period_is_refused(people, seeded):
    ict = OrgUnit.objects.get(municipality__slug="namyangju", name="정보통신과")
    digital_strategy = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="4-1")
    assert digital_strategy.period_text == "2026. 3. ~ 10."
    with pytest.raises(ValidationError, match=r"사업기간\(2026.03. ~ 2026.10.\) 밖입니다"):
        draft(staff_user(ict), digital_strategy, year=2027, quarter=1)
    assert ProgressReport.objects.count() == 0


def test_locked_quarter_can_be_neither_written_nor_changed(people, task):
    with pytest.raises(ValidationError, match="2026년 3분기 실적은 2026-10-26에 마감되어"):
        draft(people["staff"], task, quarter=3)
    assert ProgressReport.objects.count() == 0
    with time_machine.travel(datetime.datetime(2026, 10, 20, tzinfo=datetime.UTC), tick=False):
        report = draft(people["staff"], task, quarter=3)
    with pytest.raises(ValidationError, match="마감되어"):
        draft(people["staff"], task, report=report, quarter=3, progress=90)
    with pytest.raises(ValidationError, match="마감되어"):
        progress_report_submit(user=people["staff"], report=report)
    report.refresh_from_db()
    assert (report.progress, report.state) == (65, ProgressReport.State.DRAFT)


def test_staff_of_another_unit_can_neither_write_nor_submit(people, task):
    with pytest.raises(PermissionDenied):
        draft(people["other_staff"], task)
    report = draft(people["staff"], task)
    with pytest.raises(PermissionDenied):
        progress_report_submit(user=people["other_staff"], report=report)
    report.refresh_from_db()
    assert report.state == ProgressReport.State.DRAFT


def test_only_heads_of_the_same_unit_or_coordinators_review(people, task):
    report = progress_report_submit(user=people["staff"], report=draft(people["staff"], task))
    with pytest.raises(PermissionDenied):
        progress_report_approve(user=people["staff"], report=report)
    with pytest.raises(PermissionDenied):
        progress_report_approve(user=people["other_manager"], report=report)
    report.refresh_from_db()
    assert report.state == ProgressReport.State.SUBMITTED
    assert progress_report_approve(user=people["coordinator"], report=report).state == ProgressReport.State.APPROVED


def test_a_head_does_not_approve_their_own_report(people, task):
    report = progress_report_submit(user=people["manager"], report=draft(people["manager"], task))
    with pytest.raises(PermissionDenied, match="본인이 작성한 실적"):
        progress_report_approve(user=people["manager"], report=report)


def test_approved_and_submitted_reports_cannot_be_edited(people, task):
    report = progress_report_submit(user=people["staff"], report=draft(people["staff"], task))
    with pytest.raises(ValidationError, match="제출 상태의 실적은 고칠 수 없습니다"):
        draft(people["staff"], task, report=report, progress=99)
    report = progress_report_approve(user=people["manager"], report=report)
    # An approved report is never edited in place: the edit becomes a correction (정정) waiting aside.
    draft(people["staff"], task, report=report, progress=99)
    correction = Correction.objects.of(report).get()
    assert (correction.state, correction.changes) == ("draft", {"progress": "99"})
    with pytest.raises(ValidationError, match="제출된 실적만 검토할 수 있습니다"):
        progress_report_approve(user=people["coordinator"], report=report)
    report.refresh_from_db()
    assert report.progress == 65
    assert report.state == ProgressReport.State.APPROVED


def test_every_step_is_kept_in_history_with_who_did_it(people, task):
    report = progress_report_submit(user=people["staff"], report=draft(people["staff"], task))
    progress_report_approve(user=people["manager"], report=report)
    steps = list(report.history.order_by("history_date").values_list("state", "history_user"))
    assert steps == [
        ("draft", people["staff"].pk),
        ("submitted", people["staff"].pk),
        ("approved", people["manager"].pk),
    ]
