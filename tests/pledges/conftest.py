"""Pledge fixtures built on the seed data (고양시 기업지원과, pledge 1-2-4)."""

import pytest

from plans import roles
from plans.models import OrgUnit
from pledges.models import Pledge
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
