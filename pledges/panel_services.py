"""Writes of the citizen panels: only the 총괄부서 of the panel's city keeps them; a meeting is reviewed before it is public."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.models import Municipality, User
from pledges.models import CitizenPanel, PanelMeeting, PanelMember, PanelOpinion, Pledge
from portal.corrections import ReviewState
from portal.records import save_as
from portal.review import check_version, mark_reviewed, mark_submitted, save_version

RESPONSE_FIELDS = ("city_response", "responded_on")


def municipality_of(record) -> Municipality:
    """The city a panel, member, meeting or opinion belongs to."""
    if isinstance(record, CitizenPanel):
        return record.municipality
    if isinstance(record, PanelOpinion):
        return record.meeting.panel.municipality
    return record.panel.municipality


def ensure_coordinator(user: User, record) -> None:
    """Refuse anyone but the coordinating office of the record's city."""
    if not user.is_coordinator_of(municipality_of(record)):
        raise PermissionDenied(_("평가단은 소속 지방자치단체의 총괄부서만 관리합니다."))


def _locked(user, record):
    """The stored row under a lock, if the user's scope reaches it (scoping needs DISTINCT: check, then lock)."""
    model = type(record)
    if not model.objects.for_user(user).filter(pk=record.pk).exists():
        raise PermissionDenied(_("평가단은 소속 지방자치단체의 총괄부서만 관리합니다."))
    return model.objects.select_for_update().get(pk=record.pk)


@transaction.atomic
def panel_record_save(*, user: User, record: CitizenPanel | PanelMember | PanelOpinion, values: dict):
    """The 총괄부서 writes a panel, a member or an opinion of its own city (and of an open meeting for opinions)."""
    if record.pk is not None:
        stored = _locked(user, record)
        ensure_coordinator(user, stored)
        if isinstance(stored, PanelOpinion) and not stored.meeting.is_editable:
            frozen = {name for name in values if name not in RESPONSE_FIELDS and values[name] != getattr(stored, name)}
            if frozen:
                raise ValidationError(
                    _("제출되었거나 승인된 회의의 의견은 고칠 수 없습니다. 시의 답변만 적을 수 있습니다.")
                )
    elif isinstance(record, PanelOpinion) and values.get("meeting") and not values["meeting"].is_editable:
        raise ValidationError(_("제출되었거나 승인된 회의에는 의견을 더할 수 없습니다."))
    for name, value in values.items():
        setattr(record, name, value)
    ensure_coordinator(user, record)
    if isinstance(record, PanelMember) and not record.consent:
        record.consented_on = None
    save_as(user, record)
    return record


def _check_pledges(meeting, pledges):
    municipality_id = meeting.panel.municipality_id
    stray = [pledge.code for pledge in pledges if pledge.term.municipality_id != municipality_id]
    if stray:
        raise ValidationError(_("다른 지방자치단체의 공약은 고를 수 없습니다: %(codes)s") % {"codes": ", ".join(stray)})


@transaction.atomic
def panel_meeting_save(
    *, user: User, meeting: PanelMeeting, values: dict, pledges: list[Pledge], opened: str | None = None
) -> PanelMeeting:
    """The 총괄부서 writes a meeting while it is written or returned, with the pledges discussed (of its city)."""
    if meeting.pk is not None:
        meeting = _locked(user, meeting)
        check_version(meeting, opened)
        if not meeting.is_editable:
            raise ValidationError(_("제출되었거나 승인된 회의는 고칠 수 없습니다."))
    for name, value in values.items():
        setattr(meeting, name, value)
    ensure_coordinator(user, meeting)
    _check_pledges(meeting, pledges)
    save_version(meeting, user=user)
    meeting.pledges.set(pledges)
    return meeting


@transaction.atomic
def panel_meeting_submit(*, user: User, meeting: PanelMeeting, opened: str | None = None) -> PanelMeeting:
    """Send a written or returned meeting to review."""
    meeting = _locked(user, meeting)
    ensure_coordinator(user, meeting)
    check_version(meeting, opened)
    mark_submitted(meeting)
    save_version(meeting, user=user)
    return meeting


def _ensure_reviewer(user, meeting):
    if not (user.is_coordinator_of(meeting.panel.municipality) and user.has_perm("pledges.review_panelmeeting")):
        raise PermissionDenied(_("평가단 회의는 총괄부서만 승인하거나 반려할 수 있습니다."))
    if meeting.state != ReviewState.SUBMITTED:
        raise ValidationError(
            _("제출된 기록만 검토할 수 있습니다 (현재 상태: %(state)s).") % {"state": meeting.get_state_display()}
        )


@transaction.atomic
def panel_meeting_approve(*, user: User, meeting: PanelMeeting, opened: str | None = None) -> PanelMeeting:
    """The 총괄부서 approves a submitted meeting: it becomes public with its opinions."""
    meeting = _locked(user, meeting)
    check_version(meeting, opened)
    _ensure_reviewer(user, meeting)
    mark_reviewed(meeting, user=user, approved=True)
    save_version(meeting, user=user)
    return meeting


@transaction.atomic
def panel_meeting_return(*, user: User, meeting: PanelMeeting, reason: str, opened: str | None = None) -> PanelMeeting:
    """The 총괄부서 returns a submitted meeting with the reason."""
    if not reason or not reason.strip():
        raise ValidationError({"return_reason": _("반려 사유를 입력하세요.")})
    meeting = _locked(user, meeting)
    check_version(meeting, opened)
    _ensure_reviewer(user, meeting)
    mark_reviewed(meeting, user=user, approved=False, reason=reason)
    save_version(meeting, user=user)
    return meeting
