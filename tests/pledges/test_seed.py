"""Pledge card 1-2-4 of 고양시 is held as completely as on paper, and reloads without change."""

import datetime

import pytest
from django.core.management import call_command

from pledges.models import CardEvent, ParticipationCount, Pledge, PledgeCard

pytestmark = pytest.mark.django_db


def test_pledge_with_its_term_unit_and_officials(pledge):
    assert pledge.title == "남북경제교류관련 기업유치 기반조성"
    assert (pledge.term.name, pledge.term.start, pledge.term.end) == (
        "민선7기",
        datetime.date(2018, 7, 1),
        datetime.date(2022, 6, 1),
    )
    assert pledge.lead_unit.name == "기업지원과"
    assert pledge.category_codes == ["1", "1-2"]
    assert list(pledge.officials.values_list("role", "name", "phone")) == [
        ("과장", "박인석", "8075-3570"),
        ("팀장", "김성은", "8075-3215"),
        ("담당자", "김복수", "8075-3216"),
    ]


def test_every_dated_event_sits_in_its_reporting_period(pledge):
    card = pledge.cards.get()
    assert (card.label, card.state) == ("2021년 하반기", PledgeCard.State.APPROVED)
    entries = list(card.entries.order_by("order"))
    assert [entry.kind for entry in entries] == ["실적", "실적", "계획"]
    earlier = list(entries[0].events.exclude(date=None).values_list("date", flat=True))
    assert (min(earlier), max(earlier)) == (datetime.date(2019, 10, 15), datetime.date(2021, 5, 17))
    assert CardEvent.objects.filter(entry__card=card).count() == 21
    latest = entries[1].events.get()
    assert latest.date == datetime.date(2021, 7, 29)
    assert "수료자 : 총 78명 신청 / 55명(71%) 수료" in latest.details
    assert [(o.name, int(o.value), o.unit) for o in entries[1].outcomes.all()] == [
        ("신청", 78, "명"),
        ("수료", 55, "명"),
        ("수료율", 71, "%"),
    ]
    assert list(entries[1].evidence.values_list("label", flat=True)) == ["[증빙1] 결과보고"]
    assert entries[2].label.startswith("2022년 상반기 추진계획")


def test_participation_keeps_blank_cells_blank(pledge):
    counts = dict(ParticipationCount.objects.filter(card__pledge=pledge).values_list("category", "count"))
    assert counts == {"meeting": 5, "briefing": None, "expert": 5, "press": None, "other": None}


def test_problems_and_measures(pledge):
    card = pledge.cards.get()
    assert "기업유치 기반 조성은 어렵다고 판단됨" in card.problems
    assert "남북 평화의료협력 중심지로 육성" in card.measures


def test_reloading_changes_nothing(pledge):
    def snapshot():
        return (
            list(Pledge.history.values_list("history_id", flat=True)),
            list(PledgeCard.history.values_list("history_id", flat=True)),
            list(CardEvent.objects.values_list("pk", "title", "date")),
            list(ParticipationCount.objects.values_list("pk", "count")),
        )

    before = snapshot()
    call_command("load_seed", verbosity=0)
    assert snapshot() == before
