"""Pledge rules: who may set which status, reasons, adjustments and the card review."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pledges.models import CardEntry, PledgeCard, PledgeStatus, PledgeStatusChange
from pledges.services import (
    pledge_card_approve,
    pledge_card_return,
    pledge_card_submit,
    pledge_status_change,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [PledgeStatus.COMPLETED, PledgeStatus.COMPLETED_ONGOING])
def test_completion_is_never_set_by_a_status_change_not_even_by_the_coordinating_office(pledge, goyang, status):
    for user in (goyang["manager"], goyang["coordinator"]):
        with pytest.raises(PermissionDenied, match="제출된 분기별 자체평가에서"):
            pledge_status_change(user=user, pledge=pledge, status=status, reason="센터 개소")
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.UNASSESSED
    assert PledgeStatusChange.objects.count() == 0


def test_a_status_change_needs_a_reason_and_is_kept_with_who_and_when(pledge, goyang):
    with pytest.raises(ValidationError, match="사유를 입력하세요"):
        pledge_status_change(user=goyang["manager"], pledge=pledge, status=PledgeStatus.PARTIAL, reason=" ")
    pledge_status_change(
        user=goyang["manager"],
        pledge=pledge,
        status=PledgeStatus.PARTIAL,
        reason="남북관계 경색으로 일부만 추진",
        changed_on=datetime.date(2022, 1, 10),
    )
    change = pledge.status_changes.get()
    assert (change.previous_status, change.status, change.changed_by, change.changed_on) == (
        PledgeStatus.UNASSESSED,
        PledgeStatus.PARTIAL,
        goyang["manager"],
        datetime.date(2022, 1, 10),
    )
    assert change.reason == "남북관계 경색으로 일부만 추진"


def test_plain_staff_and_other_units_cannot_change_the_status(pledge, goyang):
    with pytest.raises(PermissionDenied):
        pledge_status_change(user=goyang["staff"], pledge=pledge, status=PledgeStatus.ON_TRACK, reason="x")
    with pytest.raises(PermissionDenied):
        pledge_status_change(user=goyang["other_manager"], pledge=pledge, status=PledgeStatus.ON_TRACK, reason="x")
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.UNASSESSED


def new_card(pledge, **values):
    card = PledgeCard.objects.create(
        pledge=pledge,
        label="2022년 상반기",
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 6, 1),
        **values,
    )
    CardEntry.objects.create(card=card, order=1, kind="실적", label="2022년 상반기 추진실적")
    return card


def test_unit_submits_and_only_the_coordinating_office_reviews(pledge, goyang):
    card = pledge_card_submit(user=goyang["staff"], card=new_card(pledge))
    assert card.state == PledgeCard.State.SUBMITTED
    with pytest.raises(PermissionDenied, match="총괄부서만"):
        pledge_card_approve(user=goyang["manager"], card=card)
    with pytest.raises(ValidationError, match="반려 사유를 입력하세요"):
        pledge_card_return(user=goyang["coordinator"], card=card, reason="")
    card = pledge_card_return(user=goyang["coordinator"], card=card, reason="증빙 보완")
    assert (card.state, card.return_reason) == (PledgeCard.State.RETURNED, "증빙 보완")
    card = pledge_card_submit(user=goyang["staff"], card=card)
    card = pledge_card_approve(user=goyang["coordinator"], card=card)
    assert card.state == PledgeCard.State.APPROVED
    assert PledgeCard.objects.approved().filter(pk=card.pk).exists()


def test_an_empty_card_cannot_be_submitted_and_another_unit_cannot_submit(pledge, goyang):
    card = PledgeCard.objects.create(
        pledge=pledge,
        label="2022년 상반기",
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 6, 1),
    )
    with pytest.raises(ValidationError, match="한 건 이상"):
        pledge_card_submit(user=goyang["staff"], card=card)
    CardEntry.objects.create(card=card, order=1, kind="실적", label="실적")
    with pytest.raises(PermissionDenied):
        pledge_card_submit(user=goyang["other_staff"], card=card)
    card.refresh_from_db()
    assert card.state == PledgeCard.State.DRAFT


def test_status_summary_counts_and_completion_rate_on_a_known_set(pledge, goyang):
    from pledges.models import Pledge

    statuses = [
        "completed",
        "completed_ongoing",
        "on_track",
        "on_track",
        "partial",
        "on_hold",
        "scrapped",
        "unassessed",
    ]
    for index, status in enumerate(statuses[1:], start=1):
        Pledge.objects.create(
            term=pledge.term, code=f"9-{index}", title=f"공약 {index}", lead_unit=pledge.lead_unit, status=status
        )
    pledge.status = "completed"
    pledge.save()
    summary = Pledge.objects.filter(term=pledge.term).status_summary()
    assert summary["total"] == 8
    assert dict((status.value, count) for status, count in summary["counts"]) == {
        "completed": 1,
        "completed_ongoing": 1,
        "on_track": 2,
        "partial": 1,
        "on_hold": 1,
        "scrapped": 1,
        "unassessed": 1,
    }
    assert summary["completed"] == 2
    assert summary["completion_rate"] == 25.0


def test_status_summary_of_nothing_has_no_rate(db):
    from pledges.models import Pledge

    summary = Pledge.objects.none().status_summary()
    assert (summary["total"], summary["completion_rate"]) == (0, None)
