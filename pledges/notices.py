"""Who hears of a pledge card's review events: submit → the coordinating office; return, approve → the submitter."""

from django.urls import reverse

from plans.models import User
from pledges.models import PledgeCard
from portal.notices import NoticeEvent, coordinators_of, notice_send, unit_heads


def card_submitter(card: PledgeCard) -> User | None:
    """The person who last submitted the card, from its history."""
    user_id = (
        card.history.filter(state=PledgeCard.State.SUBMITTED)
        .order_by("-history_id")
        .values_list("history_user_id", flat=True)
        .first()
    )
    return User.objects.filter(pk=user_id).first() if user_id else None


def notice_pledge_card(*, card: PledgeCard, event: str, actor: User | None, reason: str = "") -> list:
    """Write the notices of `event` on `card` in the caller's transaction (sent once it commits).

    Submitted goes to the coordinating office of the pledge's city, corrected (of an
    approved card) to the heads of the pledge's lead unit; returned (with the reason) and
    approved to whoever submitted the card.
    """
    pledge = card.pledge
    if event == NoticeEvent.SUBMITTED:
        recipients = list(coordinators_of(pledge.term.municipality_id))
    elif event == NoticeEvent.CORRECTED:
        recipients = list(unit_heads(pledge.lead_unit_id))
    else:
        submitter = card_submitter(card)
        recipients = [submitter] if submitter and submitter.event_notices else []
    return notice_send(
        record=card,
        event=event,
        recipients=[user for user in recipients if user.is_active and user.email],
        actor=actor,
        what=f"공약 {pledge.code} {pledge.title} {card.label} 공약관리카드",
        reason=reason,
        link=reverse("admin:pledges_pledgecard_change", args=[card.pk]),
    )
