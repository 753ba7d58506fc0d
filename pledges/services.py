"""Writes of the `pledges` app: status changes, pledge adjustments and the card workflow."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import User
from pledges.models import (
    CardEntry,
    EvidenceFile,
    Pledge,
    PledgeAdjustment,
    PledgeCard,
    PledgeStatus,
    PledgeStatusChange,
)
from pledges.notices import notice_pledge_card
from portal.records import locked_in_scope, save_as
from portal.uploads import check_document


def _scoped_pledge(user, pledge):
    return locked_in_scope(Pledge.objects, user, pledge.pk, _("소관부서의 공약이 아닙니다."))


@transaction.atomic
def pledge_status_change(
    *, user: User, pledge: Pledge, status: str, reason: str, changed_on: datetime.date | None = None
) -> Pledge:
    """Set a pledge's status with its reason, keeping who did it and when.

    Only the coordinating office may declare a pledge 완료; a unit head may set the other
    statuses of the unit's own pledges; plain staff may not change statuses at all.
    """
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("상태를 바꾸는 사유를 입력하세요.")})
    if status not in PledgeStatus.values:
        raise ValidationError({"status": _("알 수 없는 이행 상태입니다.")})
    pledge = _scoped_pledge(user, pledge)
    if status == PledgeStatus.COMPLETED and not user.is_coordinator:
        raise PermissionDenied(_("'완료'는 총괄부서만 지정할 수 있습니다."))
    if not (user.is_coordinator or user.is_unit_manager):
        raise PermissionDenied(_("이행 상태는 부서장 또는 총괄부서만 바꿀 수 있습니다."))
    if status == pledge.status:
        raise ValidationError({"status": _("이미 '%(status)s' 상태입니다.") % {"status": pledge.get_status_display()}})
    changed_on = changed_on or timezone.localdate()
    change = PledgeStatusChange(
        pledge=pledge,
        previous_status=pledge.status,
        status=status,
        changed_on=changed_on,
        changed_by=user,
        reason=reason.strip(),
    )
    change.full_clean()
    change.save()
    pledge.status, pledge.status_changed_on = status, changed_on
    return save_as(user, pledge)


@transaction.atomic
def pledge_adjust(
    *,
    user: User,
    pledge: Pledge,
    decided_on: datetime.date,
    decided_by: str,
    reason: str,
    adjusted_title: str,
    adjusted_target: str = "",
) -> PledgeAdjustment:
    """Record a 공약 조정 decided by a named body; the original wording stays on record."""
    if not user.is_coordinator:
        raise PermissionDenied(_("공약 조정은 총괄부서만 등록할 수 있습니다."))
    pledge = _scoped_pledge(user, pledge)
    adjustment = PledgeAdjustment(
        pledge=pledge,
        decided_on=decided_on,
        decided_by=decided_by.strip(),
        reason=reason.strip(),
        original_title=pledge.title,
        adjusted_title=adjusted_title.strip(),
        original_target=pledge.target,
        adjusted_target=adjusted_target.strip() or pledge.target,
    )
    adjustment.full_clean()
    adjustment.save()
    pledge.title, pledge.target = adjustment.adjusted_title, adjustment.adjusted_target
    save_as(user, pledge)
    return adjustment


def _scoped_card(user, card):
    return locked_in_scope(PledgeCard.objects, user, card.pk, _("소관부서의 공약관리카드가 아닙니다."))


@transaction.atomic
def pledge_card_submit(*, user: User, card: PledgeCard) -> PledgeCard:
    """The owning unit sends its half-year card to the coordinating office."""
    card = _scoped_card(user, card)
    if card.state not in PledgeCard.EDITABLE_STATES:
        raise ValidationError(_("%(state)s 상태의 카드는 제출할 수 없습니다.") % {"state": card.get_state_display()})
    if not card.entries.exists():
        raise ValidationError(_("추진실적이나 계획을 한 건 이상 적은 뒤 제출하세요."))
    card.state, card.submitted_at = PledgeCard.State.SUBMITTED, timezone.now()
    save_as(user, card)
    notice_pledge_card(card=card, event="submitted", actor=user)
    return card


def _ensure_card_reviewer(user, card):
    if not (user.is_coordinator and user.has_perm("pledges.review_pledgecard")):
        raise PermissionDenied(_("공약관리카드는 총괄부서만 승인하거나 반려할 수 있습니다."))
    if card.state != PledgeCard.State.SUBMITTED:
        raise ValidationError(
            _("제출된 카드만 검토할 수 있습니다 (현재 상태: %(state)s).") % {"state": card.get_state_display()}
        )


@transaction.atomic
def pledge_card_approve(*, user: User, card: PledgeCard) -> PledgeCard:
    """The coordinating office approves a card; citizens see it from then on."""
    card = _scoped_card(user, card)
    _ensure_card_reviewer(user, card)
    card.state, card.reviewed_by, card.reviewed_at, card.return_reason = (
        PledgeCard.State.APPROVED,
        user,
        timezone.now(),
        "",
    )
    save_as(user, card)
    notice_pledge_card(card=card, event="approved", actor=user)
    return card


@transaction.atomic
def pledge_card_return(*, user: User, card: PledgeCard, reason: str) -> PledgeCard:
    """The coordinating office returns a card to its unit with the reason."""
    if not reason or not reason.strip():
        raise ValidationError({"return_reason": _("반려 사유를 입력하세요.")})
    card = _scoped_card(user, card)
    _ensure_card_reviewer(user, card)
    card.state, card.reviewed_by, card.reviewed_at, card.return_reason = (
        PledgeCard.State.RETURNED,
        user,
        timezone.now(),
        reason.strip(),
    )
    save_as(user, card)
    notice_pledge_card(card=card, event="returned", actor=user, reason=card.return_reason)
    return card


@transaction.atomic
def evidence_attach(*, user: User, entry: CardEntry, label: str, uploaded) -> EvidenceFile:
    """Attach an evidence file to a card entry, after checking what the file really is.

    The file is stored under a generated name (never the uploader's), and only when every
    check has passed: a refused upload leaves neither a row nor a file behind.
    """
    card = _scoped_card(user, entry.card)
    if card.state not in PledgeCard.EDITABLE_STATES:
        raise ValidationError(
            _("%(state)s 상태의 카드에는 증빙을 올릴 수 없습니다.") % {"state": card.get_state_display()}
        )
    if not label or not label.strip():
        raise ValidationError({"label": _("증빙명을 입력하세요 (예: [증빙1] 결과보고).")})
    kind, content_type, data = check_document(uploaded, allowed=EVIDENCE_KINDS, max_bytes=settings.EVIDENCE_MAX_BYTES)
    evidence = EvidenceFile(
        entry=entry,
        order=entry.evidence.count() + 1,
        label=label.strip(),
        content_type=content_type,
        size=len(data),
        uploaded_by=user,
        uploaded_at=timezone.now(),
    )
    evidence.file.save(f"{uuid.uuid4().hex}.{kind}", ContentFile(data), save=False)
    try:
        evidence.full_clean()
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


EVIDENCE_KINDS = ("pdf", "hwp", "hwpx", "xlsx", "docx", "png", "jpeg", "gif")
