"""Event notices of pledge cards: submitted → the coordinating office; returned and approved → the submitter."""

import datetime

import pytest
from django.core import mail

from pledges.models import CardEntry, PledgeCard
from pledges.services import pledge_card_approve, pledge_card_correct, pledge_card_return, pledge_card_submit

pytestmark = pytest.mark.django_db


def card_of(pledge):
    card = PledgeCard.objects.create(
        pledge=pledge,
        label="2022년 상반기",
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 6, 1),
    )
    CardEntry.objects.create(card=card, order=1, kind="실적", label="2022년 상반기 추진실적")
    return card


def to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_a_submitted_card_tells_the_coordinating_office_and_its_review_the_submitter(
    pledge, goyang, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        card = pledge_card_submit(user=goyang["staff"], card=card_of(pledge))
    [submitted] = to(goyang["coordinator"])
    assert submitted.subject.endswith("2022년 상반기 공약관리카드 제출")
    assert not to(goyang["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        card = pledge_card_return(user=goyang["coordinator"], card=card, reason="증빙 보완")
    [returned] = to(goyang["staff"])
    assert "반려 사유: 증빙 보완" in returned.body
    with django_capture_on_commit_callbacks(execute=True):
        card = pledge_card_submit(user=goyang["manager"], card=card)
        pledge_card_approve(user=goyang["coordinator"], card=card)
    [approved] = to(goyang["manager"])  # the approval goes to whoever submitted last
    assert approved.subject.endswith("공약관리카드 승인")


def test_a_submitted_correction_of_an_approved_card_also_tells_the_head_of_its_unit(
    pledge, goyang, django_capture_on_commit_callbacks
):
    card = pledge_card_submit(user=goyang["staff"], card=card_of(pledge))
    card = pledge_card_approve(user=goyang["coordinator"], card=card)
    copy = pledge_card_correct(user=goyang["staff"], card=card)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pledge_card_submit(user=goyang["staff"], card=copy)
    assert [m.subject[-9:] for m in to(goyang["coordinator"])] == ["공약관리카드 제출"]
    [corrected] = to(goyang["manager"])
    assert corrected.subject.endswith("2022년 상반기 공약관리카드 정정")
