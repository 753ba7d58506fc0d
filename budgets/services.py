"""Writes of the `budgets` app: budget lines, and execution amounts reviewed before citizens see them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budgets.models import BudgetLine
from plans.models import User
from portal.corrections import ReviewState
from portal.review import (
    ReviewPolicy,
    check_version,
    correction_approve,
    correction_return,
    correction_save,
    open_correction,
    save_version,
)

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
