"""Writes of the quarterly self-evaluation: the lead unit writes and submits, the 총괄부서 reviews and decides 완료.

Cooperating units (협조부서: those of the pledge's approved 실천계획) each write their own part
while the evaluation is open. 완료 and 이행후 계속추진 are set here only, by the 총괄부서, on a
submitted (or approved) evaluation, with the completion criterion and the decision date.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.models import OrgUnit, User
from pledges.models import (
    DECIDED_STATUSES,
    Pledge,
    PledgeStatusChange,
    PledgeText,
    PledgeTextKind,
    SelfEvaluation,
    SelfEvaluationContribution,
)
from portal.records import locked_in_scope, save_as
from portal.review import check_version, mark_reviewed, mark_submitted, save_version

EVALUATION_FIELDS = ("pledge", "year", "quarter", "summary", "grade", "progress", "problems", "measures")
CONTRIBUTION_FIELDS = ("content", "problems")
COMPLETION_REFUSAL = gettext_lazy(
    "'완료'와 '이행후 계속추진'은 총괄부서가 제출된 분기별 자체평가에서 완료 기준과 함께 결정합니다."
)


def cooperating_unit_ids(pledge: Pledge) -> set[int]:
    """The 협조부서 of a pledge: the cooperating units of its approved 실천계획."""
    plans = PledgeText.objects.approved().filter(pledge=pledge, kind=PledgeTextKind.PLAN)
    return set(OrgUnit.objects.filter(pledge_texts_shared__in=plans).values_list("pk", flat=True))


def _scoped(user, evaluation):
    return locked_in_scope(SelfEvaluation.objects, user, evaluation.pk, _("소관부서의 자체평가가 아닙니다."))


@transaction.atomic
def self_evaluation_save(
    *, user: User, evaluation: SelfEvaluation, values: dict, opened: str | None = None
) -> SelfEvaluation:
    """Write a new self-evaluation of a pledge or change one still written or returned."""
    unknown = set(values) - set(EVALUATION_FIELDS)
    if unknown:
        raise ValidationError(_("완료 결정은 총괄부서가 제출된 자체평가에서만 기록합니다."))
    if evaluation.pk is None:
        pledge = values.get("pledge") or evaluation.pledge
        if not Pledge.objects.for_user(user).filter(pk=pledge.pk).exists():
            raise PermissionDenied(_("소관부서의 공약이 아닙니다."))
    else:
        evaluation = _scoped(user, evaluation)
        check_version(evaluation, opened)
        if not evaluation.is_editable:
            raise ValidationError(
                _("%(state)s 상태의 자체평가는 고칠 수 없습니다. 승인된 자체평가는 '정정 작성'으로 고칩니다.")
                % {"state": evaluation.get_state_display()}
            )
        values = {name: value for name, value in values.items() if name != "pledge"}
    for name, value in values.items():
        setattr(evaluation, name, value)
    save_version(evaluation, user=user)
    return evaluation


@transaction.atomic
def self_evaluation_submit(*, user: User, evaluation: SelfEvaluation, opened: str | None = None) -> SelfEvaluation:
    """The lead unit sends its self-evaluation to the 총괄부서."""
    evaluation = _scoped(user, evaluation)
    check_version(evaluation, opened)
    if not evaluation.summary.strip():
        raise ValidationError(_("추진상황을 적은 뒤 제출하세요."))
    mark_submitted(evaluation)
    save_version(evaluation, user=user)
    return evaluation


def _ensure_reviewer(user, evaluation, states=(SelfEvaluation.State.SUBMITTED,)):
    municipality = evaluation.pledge.term.municipality
    if not (user.is_coordinator_of(municipality) and user.has_perm("pledges.review_selfevaluation")):
        raise PermissionDenied(_("분기별 자체평가는 총괄부서만 승인하거나 반려할 수 있습니다."))
    if evaluation.state not in states:
        raise ValidationError(
            _("제출된 자체평가만 검토할 수 있습니다 (현재 상태: %(state)s).")
            % {"state": evaluation.get_state_display()}
        )


@transaction.atomic
def self_evaluation_approve(*, user: User, evaluation: SelfEvaluation, opened: str | None = None) -> SelfEvaluation:
    """The 총괄부서 approves a self-evaluation: it becomes public, replacing the version it corrects."""
    evaluation = _scoped(user, evaluation)
    check_version(evaluation, opened)
    _ensure_reviewer(user, evaluation)
    mark_reviewed(evaluation, user=user, approved=True)
    if evaluation.corrects_id:
        replaced = _scoped(user, evaluation.corrects)
        replaced.state = SelfEvaluation.State.SUPERSEDED
        save_version(replaced, user=user)
        evaluation.corrected_at = evaluation.reviewed_at
    save_version(evaluation, user=user)
    return evaluation


@transaction.atomic
def self_evaluation_return(
    *, user: User, evaluation: SelfEvaluation, reason: str, opened: str | None = None
) -> SelfEvaluation:
    """The 총괄부서 returns a self-evaluation to the lead unit with the reason."""
    if not reason or not reason.strip():
        raise ValidationError({"return_reason": _("반려 사유를 입력하세요.")})
    evaluation = _scoped(user, evaluation)
    check_version(evaluation, opened)
    _ensure_reviewer(user, evaluation)
    mark_reviewed(evaluation, user=user, approved=False, reason=reason)
    save_version(evaluation, user=user)
    return evaluation


@transaction.atomic
def self_evaluation_correct(*, user: User, evaluation: SelfEvaluation) -> SelfEvaluation:
    """Open the correction of an approved evaluation: a draft copy with the cooperating units' parts."""
    evaluation = _scoped(user, evaluation)
    if evaluation.state != SelfEvaluation.State.APPROVED:
        raise ValidationError(_("승인된 자체평가만 정정할 수 있습니다."))
    existing = SelfEvaluation.objects.filter(corrects=evaluation).first()
    if existing is not None:
        return existing
    parts = list(evaluation.contributions.order_by("pk"))
    copy = SelfEvaluation.objects.get(pk=evaluation.pk)
    copy.pk = copy.id = None
    copy.corrects, copy.state, copy.version = evaluation, SelfEvaluation.State.DRAFT, 0
    copy.submitted_at = copy.reviewed_by = copy.reviewed_at = copy.corrected_at = None
    copy.return_reason = ""
    copy.completion_status, copy.completion_criterion, copy.completion_decided_on = "", "", None
    save_version(copy, user=user)
    for part in parts:
        part.pk = part.id = None
        part.evaluation, part.version = copy, 1
        save_as(user, part)
    return copy


@transaction.atomic
def self_evaluation_decide_completion(
    *,
    user: User,
    evaluation: SelfEvaluation,
    status: str,
    criterion: str,
    decided_on: datetime.date | None = None,
    opened: str | None = None,
) -> SelfEvaluation:
    """The 총괄부서 declares the pledge 완료 or 이행후 계속추진 on a submitted (or approved) self-evaluation.

    The criterion met is recorded on the evaluation and as the reason of the status change,
    dated `decided_on` (today by default, never in the future).
    """
    evaluation = _scoped(user, evaluation)
    check_version(evaluation, opened)
    _ensure_reviewer(user, evaluation, states=(SelfEvaluation.State.SUBMITTED, SelfEvaluation.State.APPROVED))
    if status not in DECIDED_STATUSES:
        raise ValidationError({"completion_status": _("'완료' 또는 '이행후 계속추진'을 고르세요.")})
    if not criterion or not criterion.strip():
        raise ValidationError({"completion_criterion": _("충족한 완료 기준을 적으세요.")})
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        raise ValidationError({"completion_decided_on": _("결정일은 오늘 이후일 수 없습니다.")})
    pledge = locked_in_scope(Pledge.objects, user, evaluation.pledge_id, _("소관부서의 공약이 아닙니다."))
    if pledge.status == status:
        raise ValidationError(
            {"completion_status": _("이미 '%(status)s' 상태입니다.") % {"status": pledge.get_status_display()}}
        )
    evaluation.completion_status = status
    evaluation.completion_criterion = criterion.strip()
    evaluation.completion_decided_on = decided_on
    save_version(evaluation, user=user)
    save_as(
        user,
        PledgeStatusChange(
            pledge=pledge,
            previous_status=pledge.status,
            status=status,
            changed_on=decided_on,
            changed_by=user,
            reason=_("%(period)s 자체평가에 대한 총괄부서 결정. 완료 기준: %(criterion)s")
            % {"period": evaluation.period.label, "criterion": evaluation.completion_criterion},
        ),
    )
    pledge.status, pledge.status_changed_on = status, decided_on
    save_as(user, pledge)
    return evaluation


@transaction.atomic
def contribution_save(
    *,
    user: User,
    contribution: SelfEvaluationContribution,
    values: dict,
    evaluation: SelfEvaluation | None = None,
    unit: OrgUnit | None = None,
    opened: str | None = None,
) -> SelfEvaluationContribution:
    """A cooperating unit writes or changes its own part of an open self-evaluation of the lead unit.

    Only staff of that unit (or of a unit above it) write it; the unit must be a 협조부서 of
    the pledge's approved 실천계획, and the evaluation still written or returned.
    """
    unknown = set(values) - set(CONTRIBUTION_FIELDS)
    if unknown:
        raise ValidationError(_("협조부서는 협조 추진상황과 문제점·건의만 적습니다."))
    if contribution.pk is not None:
        contribution = locked_in_scope(
            SelfEvaluationContribution.objects, user, contribution.pk, _("소속 부서의 협조 내용이 아닙니다.")
        )
        check_version(contribution, opened)
        evaluation, unit = contribution.evaluation, contribution.unit
    if evaluation is None or unit is None:
        raise ValidationError(_("자체평가와 협조부서를 고르세요."))
    if not OrgUnit.objects.for_user(user).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("소속 부서의 협조 내용만 적을 수 있습니다."))
    evaluation = SelfEvaluation.objects.select_for_update().select_related("pledge").get(pk=evaluation.pk)
    if unit.pk not in cooperating_unit_ids(evaluation.pledge):
        raise PermissionDenied(_("이 공약의 실천계획에 협조부서로 지정된 부서만 협조 내용을 적을 수 있습니다."))
    if not evaluation.is_editable:
        raise ValidationError(
            _("%(state)s 상태의 자체평가에는 협조 내용을 적을 수 없습니다.") % {"state": evaluation.get_state_display()}
        )
    contribution.evaluation, contribution.unit = evaluation, unit
    for name, value in values.items():
        setattr(contribution, name, value)
    save_version(contribution, user=user)
    return contribution
