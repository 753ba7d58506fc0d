"""The 조정 procedure: the only writes that change a pledge's title, target or status to 폐기.

변경안 (lead unit) → 제출 → 총괄부서 review (open for comments with a period, or return) →
citizens' comments (`pledges.comments`) → the committee's decision, recorded by the
총괄부서 → on 가결 the pledge changes here, a `PledgeAdjustment` keeps the original beside
the new, and the current text (현재 추진 내용) follows through a superseding approved copy.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import User
from pledges.models import (
    ChangeKind,
    ChangeResult,
    Pledge,
    PledgeAdjustment,
    PledgeChange,
    PledgeStatus,
    PledgeStatusChange,
    PledgeText,
    PledgeTextKind,
)
from portal.records import locked_in_scope, save_as
from portal.review import check_version, save_version

REVIEW_PERMISSION = "pledges.review_pledgechange"


def _scoped_change(user, change):
    return locked_in_scope(PledgeChange.objects, user, change.pk, _("소관부서의 공약 변경안이 아닙니다."))


def ensure_lead_unit(user: User, pledge: Pledge) -> None:
    """Only staff or the head of the pledge's lead unit (주관부서) file and answer for it."""
    if user.unit_id is None or user.unit_id != pledge.lead_unit_id:
        raise PermissionDenied(_("공약 변경안은 그 공약의 주관부서만 작성할 수 있습니다."))
    if not Pledge.objects.for_user(user).filter(pk=pledge.pk).exists():
        raise PermissionDenied(_("소관부서의 공약이 아닙니다."))


def ensure_coordinator(user: User, pledge: Pledge) -> None:
    """Only the coordinating office (총괄부서) of the pledge's city reviews, moderates and records decisions."""
    if not (user.is_coordinator_of(pledge.term.municipality) and user.has_perm(REVIEW_PERMISSION)):
        raise PermissionDenied(_("공약 변경안의 검토·의견 관리·결정 기록은 총괄부서만 할 수 있습니다."))


def _ensure_state(change, *states):
    if change.state not in states:
        raise ValidationError(
            _("%(state)s 상태의 변경안에는 할 수 없는 처리입니다.") % {"state": change.get_state_display()}
        )


@transaction.atomic
def change_save(*, user: User, change: PledgeChange, values: dict, opened: str | None = None) -> PledgeChange:
    """File a new 변경안 or change one still written or returned; only the proposal's own fields are taken."""
    unknown = set(values) - set(PledgeChange.PROPOSAL_FIELDS) - {"pledge"}
    if unknown:
        raise ValidationError(
            _("변경안에서는 제안 내용만 적을 수 있습니다 (검토·결정은 총괄부서의 절차로 기록합니다).")
        )
    if change.pk is None:
        pledge = values.get("pledge") or change.pledge
        pledge = Pledge.objects.select_related("term__municipality").get(pk=pledge.pk)
        ensure_lead_unit(user, pledge)
        if pledge.status == PledgeStatus.SCRAPPED:
            raise ValidationError(_("폐기된 공약에는 변경안을 낼 수 없습니다."))
        change = PledgeChange(pledge=pledge, filed_by=user, version=0)
    else:
        change = _scoped_change(user, change)
        ensure_lead_unit(user, change.pledge)
        check_version(change, opened)
        _ensure_state(change, *PledgeChange.EDITABLE_STATES)
    for name, value in values.items():
        if name != "pledge":
            setattr(change, name, value.strip() if isinstance(value, str) else value)
    change.original_title, change.original_target = change.pledge.title, change.pledge.target
    save_version(change, user=user)
    return change


@transaction.atomic
def change_submit(*, user: User, change: PledgeChange, opened: str | None = None) -> PledgeChange:
    """The lead unit sends its 변경안 to the coordinating office."""
    change = _scoped_change(user, change)
    ensure_lead_unit(user, change.pledge)
    check_version(change, opened)
    _ensure_state(change, *PledgeChange.EDITABLE_STATES)
    change.state, change.submitted_at = PledgeChange.State.SUBMITTED, timezone.now()
    save_version(change, user=user)
    return change


@transaction.atomic
def change_open_comments(
    *,
    user: User,
    change: PledgeChange,
    comment_start: datetime.date,
    comment_end: datetime.date,
    opened: str | None = None,
) -> PledgeChange:
    """The coordinating office accepts a submitted 변경안 and opens its public comment period."""
    change = _scoped_change(user, change)
    ensure_coordinator(user, change.pledge)
    check_version(change, opened)
    _ensure_state(change, PledgeChange.State.SUBMITTED)
    if comment_start is None or comment_end is None:
        raise ValidationError({"comment_start": _("의견 수렴 시작일과 종료일을 입력하세요.")})
    if comment_start < timezone.localdate():
        raise ValidationError({"comment_start": _("의견 수렴은 오늘 이후에 시작해야 합니다.")})
    change.comment_start, change.comment_end = comment_start, comment_end
    change.state, change.reviewed_by, change.reviewed_at = PledgeChange.State.OPEN, user, timezone.now()
    change.return_reason = ""
    save_version(change, user=user)
    return change


@transaction.atomic
def change_return(*, user: User, change: PledgeChange, reason: str, opened: str | None = None) -> PledgeChange:
    """The coordinating office returns a submitted 변경안 to the lead unit with the reason."""
    if not reason or not reason.strip():
        raise ValidationError({"return_reason": _("반려 사유를 입력하세요.")})
    change = _scoped_change(user, change)
    ensure_coordinator(user, change.pledge)
    check_version(change, opened)
    _ensure_state(change, PledgeChange.State.SUBMITTED)
    change.state, change.reviewed_by, change.reviewed_at = PledgeChange.State.RETURNED, user, timezone.now()
    change.return_reason = reason.strip()
    save_version(change, user=user)
    return change


DECISION_FIELDS = ("decision_body", "decided_on", "votes_for", "votes_against", "votes_abstain", "decision_summary")


@transaction.atomic
def change_decide(
    *, user: User, change: PledgeChange, result: str, values: dict, opened: str | None = None
) -> PledgeChange:
    """Record the committee's decision after the comment period; 가결 publishes the change on the pledge.

    `values` holds the body's name, the decision date and the vote counts or a summary.
    """
    change = _scoped_change(user, change)
    ensure_coordinator(user, change.pledge)
    check_version(change, opened)
    _ensure_state(change, PledgeChange.State.OPEN)
    if result not in ChangeResult.values:
        raise ValidationError({"result": _("가결 또는 부결을 고르세요.")})
    unknown = set(values) - set(DECISION_FIELDS)
    if unknown:
        raise ValidationError(_("결정에는 결정 기구, 결정일, 표결 또는 요지만 기록합니다."))
    for name, value in values.items():
        setattr(change, name, value.strip() if isinstance(value, str) else value)
    _check_decision(change)
    change.result, change.decision_recorded_by = result, user
    if result == ChangeResult.APPROVED:
        change.adjustment = _publish(user, change)
        change.state, change.published_at = PledgeChange.State.PUBLISHED, timezone.now()
    else:
        change.state = PledgeChange.State.REJECTED
    save_version(change, user=user)
    return change


def _check_decision(change):
    if not change.decision_body:
        raise ValidationError({"decision_body": _("결정한 기구(평가단·위원회)의 이름을 입력하세요.")})
    if change.decided_on is None:
        raise ValidationError({"decided_on": _("결정일을 입력하세요.")})
    if change.decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("결정일은 오늘 이후일 수 없습니다.")})
    if change.decided_on < change.comment_end:
        raise ValidationError(
            {"decided_on": _("의견 수렴(%(end)s까지)이 끝난 뒤에 결정합니다.") % {"end": change.comment_end}}
        )
    votes = (change.votes_for, change.votes_against, change.votes_abstain)
    if all(vote is None for vote in votes) and not change.decision_summary:
        raise ValidationError({"decision_summary": _("표결 결과(찬성·반대·기권)나 결정 요지를 적으세요.")})


def _publish(user, change):
    """Write the decided change on the pledge, keep the original beside the new, and return the adjustment."""
    pledge = locked_in_scope(Pledge.objects, user, change.pledge_id, _("소관부서의 공약이 아닙니다."))
    reason = f"[{change.get_reason_class_display()}] {change.reason}"
    adjustment = PledgeAdjustment(
        pledge=pledge,
        decided_on=change.decided_on,
        decided_by=change.decision_body,
        original_title=pledge.title,
        adjusted_title=change.proposed_title or pledge.title,
        original_target=pledge.target,
        adjusted_target=change.proposed_target or pledge.target,
        reason=reason,
    )
    save_as(user, adjustment)
    change.original_title, change.original_target = pledge.title, pledge.target
    pledge.title, pledge.target = adjustment.adjusted_title, adjustment.adjusted_target
    if change.kind == ChangeKind.DROP:
        save_as(
            user,
            PledgeStatusChange(
                pledge=pledge,
                previous_status=pledge.status,
                status=PledgeStatus.SCRAPPED,
                changed_on=change.decided_on,
                changed_by=user,
                reason=reason,
            ),
        )
        pledge.status, pledge.status_changed_on = PledgeStatus.SCRAPPED, change.decided_on
    save_as(user, pledge)
    if change.proposed_content or change.proposed_period or change.proposed_cost is not None:
        _replace_current_text(user, pledge, change)
    return adjustment


def _replace_current_text(user, pledge, change):
    """The approved current text is superseded by an approved copy carrying the decided content."""
    current = (
        PledgeText.objects.select_for_update()
        .filter(pledge=pledge, kind=PledgeTextKind.CURRENT, state=PledgeText.State.APPROVED)
        .order_by("-pk")
        .first()
    )
    now = timezone.now()
    if current is None:
        text = PledgeText(pledge=pledge, kind=PledgeTextKind.CURRENT, lead_unit=pledge.lead_unit, version=0)
        units = []
    else:
        if PledgeText.objects.filter(corrects=current).exists():
            raise ValidationError(_("현재 추진 내용의 정정이 진행 중입니다. 그 정정을 먼저 마무리하세요."))
        units = list(current.cooperating_units.all())
        text = PledgeText.objects.get(pk=current.pk)
        text.pk = text.id = None
        text.corrects, text.version, text.corrected_at = current, 0, now
        current.state = PledgeText.State.SUPERSEDED
        save_version(current, user=user)
    text.source = _("공약 조정 %(date)s %(body)s 결정") % {"date": change.decided_on, "body": change.decision_body}
    text.goal = change.proposed_target or pledge.target
    if change.proposed_content:
        text.content = change.proposed_content
    if change.proposed_period:
        text.period_text = change.proposed_period
    if change.proposed_cost is not None:
        text.total_cost = change.proposed_cost
    text.state, text.submitted_at, text.reviewed_by, text.reviewed_at = PledgeText.State.APPROVED, now, user, now
    save_version(text, user=user)
    text.cooperating_units.set(units)
