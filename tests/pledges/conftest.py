"""Pledge fixtures built on the seed data (고양시 기업지원과, pledge 1-2-4)."""

import pytest

from plans.models import OrgUnit
from pledges.models import Pledge
from portal import roles
from tests.factories import OrgUnitFactory, staff_user


@pytest.fixture
def pledge(seeded):
    return Pledge.objects.get(term__municipality__slug="goyang", code="1-2-4")


@pytest.fixture
def goyang(seeded):
    business = OrgUnit.objects.get(municipality__slug="goyang", name="기업지원과")
    other = OrgUnitFactory(municipality=business.municipality, name="일자리정책과")
    coordinating = OrgUnitFactory(municipality=business.municipality, name="기획담당관", is_coordinating=True)
    return {
        "staff": staff_user(business),
        "manager": staff_user(business, role=roles.MANAGER),
        "other_staff": staff_user(other),
        "other_manager": staff_user(other, role=roles.MANAGER),
        "coordinator": staff_user(coordinating, role=roles.COORDINATOR),
    }


def grow_pledges(term, unit, count, *, approved=True, batch=0):
    """`count` pledges, each with an approved (or draft) card of two entries, events and evidence."""
    import datetime

    from pledges.models import CardEntry, CardEvent, EvidenceFile, ParticipationCount, Pledge, PledgeCard

    pledges = []
    for index in range(count):
        pledge = Pledge.objects.create(
            term=term,
            code=f"{index % 5 + 2}-{index % 3 + 1}-{batch}{index}",
            title=f"시험 공약 {index}",
            lead_unit=unit,
        )
        card = PledgeCard.objects.create(
            pledge=pledge,
            label="2021년 하반기",
            period_start=datetime.date(2021, 7, 1),
            period_end=datetime.date(2021, 12, 1),
            state="approved" if approved else "draft",
        )
        for order, kind in enumerate(["실적", "계획"], start=1):
            entry = CardEntry.objects.create(card=card, order=order, kind=kind, label=f"{kind} {index}")
            CardEvent.objects.create(entry=entry, order=1, title=f"행사 {index}", date=datetime.date(2021, 8, 1))
            EvidenceFile.objects.create(entry=entry, order=1, label=f"[증빙{index}]")
        ParticipationCount.objects.create(card=card, category="meeting", count=index)
        pledges.append(pledge)
    return pledges
