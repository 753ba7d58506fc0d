"""Writes of the `plans` app: one function per business operation."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.imports import REPORT_FIELDS, preview_progress_import
from plans.models import Municipality, OrgUnit, PeriodReopening, ProgressReport, ReportEvidence, Task, User
from plans.notices import notice_progress_report
from plans.onboarding.importing import PlanImportPreview, preview_plan_import, write_plan_workbook
from portal.corrections import ReviewState
from portal.evidence import evidence_store
from portal.periods import quarter as period_of_quarter
from portal.periods import seoul_today
from portal.records import locked_in_scope
from portal.review import (
    ReviewPolicy,
    check_version,
    correction_approve,
    correction_return,
    correction_save,
    correction_submit,
    mark_reviewed,
    mark_submitted,
    open_correction,
    save_version,
)
from portal.spreadsheet import ImportPreview

PROGRESS_REVIEW = ReviewPolicy(
    model=ProgressReport,
    permission="plans.review_progressreport",
    fields=REPORT_FIELDS,
    unit_of=lambda report: report.task.lead_unit_id,
    year_of=lambda report: report.year,
    check_editable=lambda report: report.check_editable(),
)


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
    opened: str | None = None,
) -> ProgressReport:
    """Write a draft (or a returned report) of one task's quarter, with every rule checked.

    An approved report is not changed: the new content becomes its correction (정정), which
    is reviewed again while citizens keep reading the approved report. `opened` is the
    version the user's form was opened on; a save over a newer one is refused.
    """
    _ensure_task_in_scope(user, task)
    report = ProgressReport(author=user) if report is None else _locked_report(user, report)
    if report.pk:
        check_version(report, opened)
    values = {"status": status, "progress": progress, "narrative": narrative, "problems": problems}
    values["next_steps"] = next_steps
    if report.pk and report.state == ProgressReport.State.APPROVED:
        if (report.task_id, report.year, report.quarter) != (task.pk, year, quarter):
            raise ValidationError(_("승인된 실적의 과제와 분기는 바꿀 수 없습니다."))
        correction_save(user=user, record=report, values=values)
        return report
    report.task = task
    report.year, report.quarter = year, quarter
    for name, value in values.items():
        setattr(report, name, value)
    report.check_editable()
    save_version(report, user=user)
    return report


@transaction.atomic
def progress_reports_import(*, user: User, uploaded) -> ImportPreview:
    """Import a filled progress template: every row is checked again, then all are written or none.

    Rows equal to the stored report are left alone (no history row); the others go through
    `progress_report_save`, so scope, lock and period rules are those of the admin form.
    """
    preview = preview_progress_import(uploaded, user=user)
    return preview.apply(lambda row: progress_report_save(user=user, report=row.target, **row.values))


def _approved_with_correction(report, *states):
    """The open correction (in one of `states`, if given) of an approved report; None otherwise."""
    correction = open_correction(report) if report.state == ProgressReport.State.APPROVED else None
    return correction if correction is not None and (not states or correction.state in states) else None


@transaction.atomic
def progress_report_submit(*, user: User, report: ProgressReport, opened: str | None = None) -> ProgressReport:
    """Send a draft or returned report (or the correction of an approved one) to the unit's head for review."""
    report = _locked_report(user, report)
    correction = _approved_with_correction(report)
    if correction is not None:
        correction_submit(user=user, correction=correction, opened=opened)
        return report
    check_version(report, opened)
    report.check_editable()
    mark_submitted(report)
    save_version(report, user=user)
    notice_progress_report(report=report, event="submitted", actor=user)
    return report


def _ensure_reviewable(user, report):
    if not user.has_perm(PROGRESS_REVIEW.permission):
        raise PermissionDenied(_("실적을 승인하거나 반려할 권한이 없습니다."))
    if report.state != ProgressReport.State.SUBMITTED:
        raise ValidationError(
            _("제출된 실적만 검토할 수 있습니다 (현재 상태: %(state)s).") % {"state": report.get_state_display()}
        )
    if report.author_id == user.pk and not user.is_coordinator:
        raise PermissionDenied(_("본인이 작성한 실적은 직접 승인하거나 반려할 수 없습니다."))


@transaction.atomic
def progress_report_approve(*, user: User, report: ProgressReport, opened: str | None = None) -> ProgressReport:
    """Approve a submitted report (or the submitted correction of an approved one); citizens see it from then on."""
    report = _locked_report(user, report)
    correction = _approved_with_correction(report, ReviewState.SUBMITTED)
    if correction is not None:
        correction_approve(user=user, correction=correction, opened=opened)
        report.refresh_from_db()
        return report
    check_version(report, opened)
    _ensure_reviewable(user, report)
    mark_reviewed(report, user=user, approved=True)
    save_version(report, user=user)
    notice_progress_report(report=report, event="approved", actor=user)
    return report


@transaction.atomic
def progress_report_return(
    *, user: User, report: ProgressReport, reason: str, opened: str | None = None
) -> ProgressReport:
    """Send a submitted report (or correction) back to its unit with the reason it must be revised."""
    if not reason or not reason.strip():
        raise ValidationError({"return_reason": _("반려 사유를 입력하세요.")})
    report = _locked_report(user, report)
    correction = _approved_with_correction(report, ReviewState.SUBMITTED)
    if correction is not None:
        correction_return(user=user, correction=correction, reason=reason, opened=opened)
        return report
    check_version(report, opened)
    _ensure_reviewable(user, report)
    mark_reviewed(report, user=user, approved=False, reason=reason)
    save_version(report, user=user)
    notice_progress_report(report=report, event="returned", actor=user, reason=report.return_reason)
    return report


def period_reopening_check(
    *, user: User, unit: OrgUnit, year: int, quarter: int, until: datetime.date, reason: str
) -> PeriodReopening:
    """The reopening `period_reopen` would record, checked but not saved; raises with the reason it may not."""
    if not user.is_coordinator:
        raise PermissionDenied(_("마감 해제는 총괄부서만 할 수 있습니다."))
    if not OrgUnit.objects.for_user(user).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("소관 지방자치단체의 부서가 아닙니다."))
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("마감을 해제하는 사유를 입력하세요.")})
    period = period_of_quarter(year, quarter)
    if not period.is_locked():
        raise ValidationError(_("%(quarter)s는 아직 마감되지 않았습니다.") % {"quarter": period})
    if until < seoul_today():
        raise ValidationError({"until": _("해제 기한은 오늘이거나 그 뒤여야 합니다.")})
    reopening = PeriodReopening(
        unit=unit, year=year, quarter=quarter, until=until, reason=reason.strip(), reopened_by=user
    )
    reopening.full_clean()
    return reopening


@transaction.atomic
def period_reopen(
    *, user: User, unit: OrgUnit, year: int, quarter: int, until: datetime.date, reason: str
) -> PeriodReopening:
    """The coordinating office opens a locked quarter again for one unit until `until`, with the reason."""
    reopening = period_reopening_check(user=user, unit=unit, year=year, quarter=quarter, until=until, reason=reason)
    reopening._history_user = user
    reopening.save()
    return reopening


@transaction.atomic
def plan_import(*, user: User | None, uploaded, municipality: Municipality) -> PlanImportPreview:
    """Onboard (or update) a whole plan of `municipality` from its workbook: every row checked, then all written or none."""
    if user is not None and not user.is_coordinator_of(municipality):
        raise PermissionDenied(_("소속 지방자치단체의 총괄부서만 계획을 엑셀로 등록할 수 있습니다."))
    preview = preview_plan_import(uploaded, municipality=municipality)
    preview.raise_if_invalid()
    preview.plan = write_plan_workbook(preview)
    return preview


@transaction.atomic
def report_evidence_attach(*, user: User, report: ProgressReport, label: str, uploaded) -> ReportEvidence:
    """Attach an evidence file to a quarterly report still being written, after checking what the file is.

    It is reviewed with the report and public only once the report is approved; a refused
    upload leaves neither a row nor a file behind.
    """
    report = _locked_report(user, report)
    if not report.is_editable:
        raise ValidationError(
            _("%(state)s 상태의 실적에는 증빙을 올릴 수 없습니다.") % {"state": report.get_state_display()}
        )
    if not label or not label.strip():
        raise ValidationError({"label": _("증빙명을 입력하세요 (예: [증빙1] 결과보고).")})
    evidence = ReportEvidence(report=report, order=report.evidence.count() + 1, label=label.strip())
    return evidence_store(evidence, uploaded=uploaded, user=user)
