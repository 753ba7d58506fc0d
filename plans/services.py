"""Writes of the `plans` app: one function per business operation."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.imports import preview_progress_import
from plans.models import ProgressReport, Task, User
from plans.notices import notice_progress_report
from portal.records import locked_in_scope, save_as
from portal.spreadsheet import ImportPreview


def _ensure_task_in_scope(user, task):
    if not Task.objects.for_user(user).filter(pk=task.pk).exists():
        raise PermissionDenied(_("소속 부서의 과제가 아니어서 실적을 작성할 수 없습니다."))


def _locked_report(user, report):
    """Re-read the report under a row lock, refusing reports outside the user's scope."""
    return locked_in_scope(ProgressReport.objects, user, report.pk, _("소속 부서의 실적이 아닙니다."))


@transaction.atomic
def progress_report_save(
    *,
    user: User,
    task: Task,
    year: int,
    quarter: int,
    status: str,
    progress: int,
    narrative: str,
    problems: str = "",
    next_steps: str = "",
    report: ProgressReport | None = None,
) -> ProgressReport:
    """Write a draft (or a returned report) of one task's quarter, with every rule checked."""
    _ensure_task_in_scope(user, task)
    report = ProgressReport(author=user) if report is None else _locked_report(user, report)
    report.task = task
    report.year, report.quarter = year, quarter
    report.status, report.progress = status, progress
    report.narrative, report.problems, report.next_steps = narrative, problems, next_steps
    report.check_editable()
    save_as(user, report)
    return report


@transaction.atomic
def progress_reports_import(*, user: User, uploaded) -> ImportPreview:
    """Import a filled progress template: every row is checked again, then all are written or none.

    Rows equal to the stored report are left alone (no history row); the others go through
    `progress_report_save`, so scope, lock and period rules are those of the admin form.
    """
    preview = preview_progress_import(uploaded, user=user)
    return preview.apply(lambda row: progress_report_save(user=user, report=row.target, **row.values))


@transaction.atomic
def progress_report_submit(*, user: User, report: ProgressReport) -> ProgressReport:
    """Send a draft or returned report to the unit's head for review."""
    report = _locked_report(user, report)
    report.check_editable()
    report.state = ProgressReport.State.SUBMITTED
    report.submitted_at = timezone.now()
    save_as(user, report)
    notice_progress_report(report=report, event="submitted", actor=user)
    return report


def _ensure_reviewable(user, report):
    if not user.has_perm("plans.review_progressreport"):
        raise PermissionDenied(_("실적을 승인하거나 반려할 권한이 없습니다."))
    if report.state != ProgressReport.State.SUBMITTED:
        raise ValidationError(
            _("제출된 실적만 검토할 수 있습니다 (현재 상태: %(state)s).") % {"state": report.get_state_display()}
        )
    if report.author_id == user.pk and not user.is_coordinator:
        raise PermissionDenied(_("본인이 작성한 실적은 직접 승인하거나 반려할 수 없습니다."))


@transaction.atomic
def progress_report_approve(*, user: User, report: ProgressReport) -> ProgressReport:
    """Approve a submitted report; from then on citizens see it."""
    report = _locked_report(user, report)
    _ensure_reviewable(user, report)
    report.state = ProgressReport.State.APPROVED
    report.reviewed_by, report.reviewed_at = user, timezone.now()
    report.return_reason = ""
    save_as(user, report)
    notice_progress_report(report=report, event="approved", actor=user)
    return report


@transaction.atomic
def progress_report_return(*, user: User, report: ProgressReport, reason: str) -> ProgressReport:
    """Send a submitted report back to its unit with the reason it must be revised."""
    if not reason or not reason.strip():
        raise ValidationError({"return_reason": _("반려 사유를 입력하세요.")})
    report = _locked_report(user, report)
    _ensure_reviewable(user, report)
    report.state = ProgressReport.State.RETURNED
    report.reviewed_by, report.reviewed_at = user, timezone.now()
    report.return_reason = reason.strip()
    save_as(user, report)
    notice_progress_report(report=report, event="returned", actor=user, reason=report.return_reason)
    return report
