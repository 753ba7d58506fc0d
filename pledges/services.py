"""Writes of the `pledges` app: status changes and the card workflow (adjustments: `pledges.changes`)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Municipality, User
from pledges.models import (
    COMPLETED_STATUSES,
    CardEntry,
    EvidenceFile,
    Pledge,
    PledgeCard,
    PledgeStatus,
    PledgeStatusChange,
)
from pledges.notices import notice_pledge_card
from pledges.onboarding import PledgeImportPreview, preview_pledge_import, write_pledge_workbook
from pledges.self_evaluation import COMPLETION_REFUSAL
from portal.evidence import evidence_store
from portal.records import locked_in_scope, save_as
from portal.review import check_version, mark_reviewed, mark_submitted, save_version


def _scoped_pledge(user, pledge):
    return locked_in_scope(Pledge.objects, user, pledge.pk, _("소관부서의 공약이 아닙니다."))


@transaction.atomic
def pledge_status_change(
    *, user: User, pledge: Pledge, status: str, reason: str, changed_on: datetime.date | None = None
) -> Pledge:
    """Set a pledge's status with its reason, keeping who did it and when.

    완료 and 이행후 계속추진 are never set here: only the coordinating office's decision on a
    submitted self-evaluation sets them (`pledges.self_evaluation`). A unit head may set the
    other statuses of the unit's own pledges; plain staff may not change statuses at all.
    """
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("상태를 바꾸는 사유를 입력하세요.")})
    if status not in PledgeStatus.values:
        raise ValidationError({"status": _("알 수 없는 이행 상태입니다.")})
    if status in COMPLETED_STATUSES:
        raise PermissionDenied(COMPLETION_REFUSAL)
    if status == PledgeStatus.SCRAPPED:
        raise ValidationError({"status": _("폐기는 공약 조정 절차(변경안 → 검토 → 의견 수렴 → 결정)로만 합니다.")})
    pledge = _scoped_pledge(user, pledge)
    if pledge.status == PledgeStatus.SCRAPPED:
        raise ValidationError({"status": _("폐기된 공약의 상태는 바꿀 수 없습니다.")})
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
    change._history_user = user
    change.save()
    pledge.status, pledge.status_changed_on = status, changed_on
    return save_as(user, pledge)


def _scoped_card(user, card):
    return locked_in_scope(PledgeCard.objects, user, card.pk, _("소관부서의 공약관리카드가 아닙니다."))


@transaction.atomic
def pledge_card_submit(*, user: User, card: PledgeCard, opened: str | None = None) -> PledgeCard:
    """The owning unit sends its half-year card (or the correction of an approved one) to the coordinating office."""
    card = _scoped_card(user, card)
    check_version(card, opened)
    if card.state not in PledgeCard.EDITABLE_STATES:
        raise ValidationError(_("%(state)s 상태의 카드는 제출할 수 없습니다.") % {"state": card.get_state_display()})
    if not card.entries.exists():
        raise ValidationError(_("추진실적이나 계획을 한 건 이상 적은 뒤 제출하세요."))
    mark_submitted(card)
    save_version(card, user=user)
    notice_pledge_card(card=card, event="submitted", actor=user)
    if card.corrects_id:
        notice_pledge_card(card=card, event="corrected", actor=user)
    return card


def _ensure_card_reviewer(user, card):
    if not (user.is_coordinator and user.has_perm("pledges.review_pledgecard")):
        raise PermissionDenied(_("공약관리카드는 총괄부서만 승인하거나 반려할 수 있습니다."))
    if card.state != PledgeCard.State.SUBMITTED:
        raise ValidationError(
            _("제출된 카드만 검토할 수 있습니다 (현재 상태: %(state)s).") % {"state": card.get_state_display()}
        )


@transaction.atomic
def pledge_card_approve(*, user: User, card: PledgeCard, opened: str | None = None) -> PledgeCard:
    """The coordinating office approves a card; citizens see it from then on.

    Approving the correction of an approved card replaces that card on the public page,
    which then says 정정됨 with today's date; the replaced card is kept, marked 정정 전.
    """
    card = _scoped_card(user, card)
    check_version(card, opened)
    _ensure_card_reviewer(user, card)
    mark_reviewed(card, user=user, approved=True)
    if card.corrects_id:
        replaced = _scoped_card(user, card.corrects)
        replaced.state = PledgeCard.State.SUPERSEDED
        save_version(replaced, user=user)
        card.corrected_at = card.reviewed_at
    save_version(card, user=user)
    notice_pledge_card(card=card, event="approved", actor=user)
    return card


@transaction.atomic
def pledge_card_return(*, user: User, card: PledgeCard, reason: str, opened: str | None = None) -> PledgeCard:
    """The coordinating office returns a card to its unit with the reason."""
    if not reason or not reason.strip():
        raise ValidationError({"return_reason": _("반려 사유를 입력하세요.")})
    card = _scoped_card(user, card)
    check_version(card, opened)
    _ensure_card_reviewer(user, card)
    mark_reviewed(card, user=user, approved=False, reason=reason)
    save_version(card, user=user)
    notice_pledge_card(card=card, event="returned", actor=user, reason=card.return_reason)
    return card


@transaction.atomic
def pledge_card_save(*, user: User, card: PledgeCard, values: dict, opened: str | None = None) -> PledgeCard:
    """Change a card's own fields while it is written or returned; the version the form showed must be current."""
    if card.pk is None:
        if not Pledge.objects.for_user(user).filter(pk=values["pledge"].pk).exists():
            raise PermissionDenied(_("소관부서의 공약이 아닙니다."))
    else:
        card = _scoped_card(user, card)
        check_version(card, opened)
        if not card.is_editable:
            raise ValidationError(
                _("%(state)s 상태의 카드는 고칠 수 없습니다. 승인된 카드는 '정정 작성'으로 고칩니다.")
                % {"state": card.get_state_display()}
            )
    for name, value in values.items():
        setattr(card, name, value)
    save_version(card, user=user)
    return card


def _copy_rows(user, rows, **overrides):
    copies = []
    for row in rows:
        row.pk = row.id = None
        for name, value in overrides.items():
            setattr(row, name, value)
        row.full_clean()
        row._history_user = user
        row.save()
        copies.append(row)
    return copies


@transaction.atomic
def pledge_card_correct(*, user: User, card: PledgeCard) -> PledgeCard:
    """Open the correction (정정) of an approved card: a draft copy of it, contents and all.

    The approved card stays public until the copy is approved; an open correction is
    returned as it is rather than copied twice.
    """
    card = _scoped_card(user, card)
    if card.state != PledgeCard.State.APPROVED:
        raise ValidationError(_("승인된 카드만 정정할 수 있습니다."))
    existing = PledgeCard.objects.filter(corrects=card).first()
    if existing is not None:
        return existing
    entries = list(card.entries.prefetch_related("events", "outcomes", "evidence").order_by("order"))
    participation = list(card.participation.order_by("pk"))
    copy = PledgeCard.objects.get(pk=card.pk)
    copy.pk = copy.id = None
    copy.corrects, copy.state, copy.version = card, PledgeCard.State.DRAFT, 0
    copy.submitted_at = copy.reviewed_by = copy.reviewed_at = copy.corrected_at = None
    copy.return_reason = ""
    save_version(copy, user=user)
    for entry in entries:
        events, outcomes, evidence = list(entry.events.all()), list(entry.outcomes.all()), list(entry.evidence.all())
        (entry_copy,) = _copy_rows(user, [entry], card=copy)
        for rows in (events, outcomes, evidence):
            _copy_rows(user, rows, entry=entry_copy)
    _copy_rows(user, participation, card=copy)
    return copy


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
    evidence = EvidenceFile(entry=entry, order=entry.evidence.count() + 1, label=label.strip())
    return evidence_store(evidence, uploaded=uploaded, user=user)


@transaction.atomic
def pledge_list_import(*, user: User | None, uploaded, municipality: Municipality) -> PledgeImportPreview:
    """Onboard a term's pledge list of `municipality` from its workbook: every row checked, then all written or none."""
    if user is not None and not user.is_coordinator_of(municipality):
        raise PermissionDenied(_("소속 지방자치단체의 총괄부서만 공약 목록을 엑셀로 등록할 수 있습니다."))
    preview = preview_pledge_import(uploaded, municipality=municipality)
    preview.raise_if_invalid()
    preview.term = write_pledge_workbook(preview, user=user)
    return preview
