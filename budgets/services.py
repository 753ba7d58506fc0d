"""Writes of the `budgets` app: budget lines, and execution amounts (per line, per period) reviewed before citizens see them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.imports import preview_execution_import
from budgets.models import BudgetExecution, BudgetLine
from plans.models import User
from portal.corrections import ReviewState
from portal.review import (
    ReviewPolicy,
    check_version,
    correction_approve,
    correction_return,
    correction_save,
    ensure_reviewer,
    mark_reviewed,
    open_correction,
    save_version,
)
from portal.spreadsheet import ImportPreview

EXECUTION_FIELDS = ("secured", "secured_text", "executed", "executed_text", "overrun_reason")
BUDGET_EXECUTION_REVIEW = ReviewPolicy(
    model=BudgetLine,
    permission="budgets.review_budgetline",
    fields=EXECUTION_FIELDS,
    unit_of=lambda line: line.unit_id,
    year_of=lambda line: line.year,
    save_submits=True,
    # A line's stored amounts are the approved ones: every change of them is a correction.
    is_approved=lambda line: True,
)


def _locked_line(user, line):
    try:
        return BudgetLine.objects.for_user(user).select_for_update().get(pk=line.pk)
    except BudgetLine.DoesNotExist:
        raise PermissionDenied(_("소관 조직의 예산이 아닙니다.")) from None


@transaction.atomic
def budget_line_save(
    *, user: User, values: dict, line: BudgetLine | None = None, opened: str | None = None
) -> BudgetLine:
    """Save a budget line: what is planned is the coordinating office's; execution waits for the head's approval.

    Planning fields are written at once (with history). Secured and executed amounts are
    never written in place: they become a correction of the line, public only once the
    unit's head approves it. `opened` is the version the user's form was opened on.
    """
    planning = {name: value for name, value in values.items() if name not in EXECUTION_FIELDS}
    execution = {name: value for name, value in values.items() if name in EXECUTION_FIELDS}
    if line is None or line.pk is None:
        if not user.is_coordinator:
            raise PermissionDenied(_("예산은 총괄부서만 새로 등록할 수 있습니다."))
        line = BudgetLine(**planning)
        save_version(line, user=user)
    else:
        line = _locked_line(user, line)
        check_version(line, opened)
        changed = {name: value for name, value in planning.items() if getattr(line, name) != value}
        if changed:
            if not user.is_coordinator:
                raise PermissionDenied(_("예산액과 사업 정보는 총괄부서만 고칠 수 있습니다."))
            for name, value in changed.items():
                setattr(line, name, value)
            save_version(line, user=user)
    differs = any(getattr(line, name) != value for name, value in execution.items())
    if differs or (execution and open_correction(line) is not None):
        correction_save(user=user, record=line, values=execution)
    return line


def _submitted_correction(user, line):
    line = _locked_line(user, line)
    correction = open_correction(line)
    if correction is None or correction.state != ReviewState.SUBMITTED:
        raise ValidationError(_("검토할 집행 정정이 없습니다."))
    return correction


@transaction.atomic
def budget_execution_approve(*, user: User, line: BudgetLine, opened: str | None = None) -> BudgetLine:
    """The head approves the submitted execution amounts of a line: citizens see them from then on."""
    correction_approve(user=user, correction=_submitted_correction(user, line), opened=opened)
    line.refresh_from_db()
    return line


@transaction.atomic
def budget_execution_return(*, user: User, line: BudgetLine, reason: str, opened: str | None = None) -> BudgetLine:
    """The head returns the submitted execution amounts of a line with the reason; the public ones stay."""
    correction_return(user=user, correction=_submitted_correction(user, line), reason=reason, opened=opened)
    return line


PERIOD_EXECUTION_FIELDS = ("executed", "executed_text", "note")
PERIOD_IDENTITY_FIELDS = ("line", "kind", "year", "number")
PERIOD_EXECUTION_REVIEW = ReviewPolicy(
    model=BudgetExecution,
    permission="budgets.review_budgetexecution",
    fields=PERIOD_EXECUTION_FIELDS,
    unit_of=lambda execution: execution.line.unit_id,
    year_of=lambda execution: execution.year,
    save_submits=True,
)


def _locked_execution(user, execution):
    try:
        return BudgetExecution.objects.for_user(user).select_for_update(of=("self",)).get(pk=execution.pk)
    except BudgetExecution.DoesNotExist:
        raise PermissionDenied(_("소관 조직의 집행액이 아닙니다.")) from None


@transaction.atomic
def period_execution_save(
    *, user: User, values: dict, execution: BudgetExecution | None = None, opened: str | None = None
) -> BudgetExecution:
    """Enter or change the 집행액 of a line for a period; it waits for the head's approval before citizens see it.

    Only lines of the user's unit and its sub-units may get figures. An approved figure is
    never changed in place: the new values become its correction (정정), reviewed again
    while the approved figure stays. `opened` is the version the user's form showed.
    """
    line = values.get("line") or execution.line
    if not BudgetLine.objects.for_user(user).filter(pk=line.pk).exists():
        raise PermissionDenied(_("소관 조직의 예산이 아닙니다."))
    if execution is None or execution.pk is None:
        execution = BudgetExecution()
    else:
        execution = _locked_execution(user, execution)
        check_version(execution, opened)
    if execution.state == ReviewState.APPROVED:
        if any(name in values and getattr(execution, name) != values[name] for name in PERIOD_IDENTITY_FIELDS):
            raise ValidationError(_("승인된 집행액의 예산과 기간은 바꿀 수 없습니다."))
        correction_save(
            user=user, record=execution, values={k: v for k, v in values.items() if k in PERIOD_EXECUTION_FIELDS}
        )
        return execution
    for name, value in values.items():
        setattr(execution, name, value)
    execution.entered_by = user
    execution.state, execution.submitted_at, execution.return_reason = ReviewState.SUBMITTED, timezone.now(), ""
    save_version(execution, user=user)
    return execution


def _review_execution(user, execution, opened, *, approved, reason=""):
    execution = _locked_execution(user, execution)
    if execution.state == ReviewState.APPROVED:
        correction = open_correction(execution)
        if correction is None or correction.state != ReviewState.SUBMITTED:
            raise ValidationError(_("이미 승인된 집행액이며 검토할 정정이 없습니다."))
        if approved:
            correction_approve(user=user, correction=correction, opened=opened)
        else:
            correction_return(user=user, correction=correction, reason=reason, opened=opened)
        execution.refresh_from_db()
        return execution
    check_version(execution, opened)
    ensure_reviewer(user, PERIOD_EXECUTION_REVIEW, execution, execution.entered_by_id)
    mark_reviewed(execution, user=user, approved=approved, reason=reason or "")
    save_version(execution, user=user)
    return execution


@transaction.atomic
def period_execution_approve(*, user: User, execution: BudgetExecution, opened: str | None = None) -> BudgetExecution:
    """The head approves a period's 집행액 (or its submitted correction): from then on it is public."""
    return _review_execution(user, execution, opened, approved=True)


@transaction.atomic
def period_execution_return(
    *, user: User, execution: BudgetExecution, reason: str, opened: str | None = None
) -> BudgetExecution:
    """The head returns a period's 집행액 (or its correction) with the reason; nothing becomes public."""
    return _review_execution(user, execution, opened, approved=False, reason=reason)


def budget_executions_import(*, user: User, uploaded) -> ImportPreview:
    """Import a filled execution template: every row is checked again, then all are written or none.

    Lines are looked up through `for_user`, so only the user's unit's figures change; rows
    equal to the stored figure are left alone. Every row goes through
    `period_execution_save`: new figures wait for approval, approved ones get a correction.
    """
    if user is None:
        raise PermissionDenied(_("집행액은 담당자 계정으로만 가져올 수 있습니다."))
    preview = preview_execution_import(uploaded, user=user)
    return preview.apply(
        lambda row: period_execution_save(
            user=user, execution=row.target, values={k: v for k, v in row.values.items() if k != "key"}
        )
    )
