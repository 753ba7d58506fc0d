"""The organisation model: unit trees, headcounts and roles."""

import datetime

import pytest

from plans.models import OrgUnit
from portal import roles
from portal.scoping import user_scope_unit_ids
from tests.factories import HeadcountFactory, MunicipalityFactory, OrgUnitFactory, UserFactory, staff_user

pytestmark = pytest.mark.django_db


def make_tree():
    city = MunicipalityFactory()
    office = OrgUnitFactory(municipality=city, kind=OrgUnit.Kind.BUREAU, name="기획조정실")
    division = OrgUnitFactory(municipality=city, parent=office, name="정책기획과")
    team = OrgUnitFactory(municipality=city, parent=division, kind=OrgUnit.Kind.TEAM, name="기획팀")
    sibling = OrgUnitFactory(municipality=city, parent=office, name="예산과")
    return office, division, team, sibling


def test_subtree_holds_the_unit_and_everything_below_it():
    office, division, team, sibling = make_tree()
    assert OrgUnit.objects.subtree_ids(division) == {division.pk, team.pk}
    assert OrgUnit.objects.subtree_ids(office) == {office.pk, division.pk, team.pk, sibling.pk}


def test_subtree_is_one_query_however_deep(django_assert_num_queries):
    office, *_ = make_tree()
    with django_assert_num_queries(1):
        OrgUnit.objects.subtree_ids(office)


def test_subtree_stays_inside_its_municipality():
    _, division, _, _ = make_tree()
    other_city_unit = OrgUnitFactory(name="정책기획과 외부")
    assert other_city_unit.pk not in OrgUnit.objects.subtree_ids(division)


def test_latest_headcount_is_the_newest_record():
    unit = OrgUnitFactory()
    HeadcountFactory(unit=unit, as_of=datetime.date(2025, 1, 1), authorized=10, current=9)
    HeadcountFactory(unit=unit, as_of=datetime.date(2026, 1, 6), authorized=25, current=24)
    unit = OrgUnit.objects.with_latest_headcount().get(pk=unit.pk)
    assert (unit.latest_headcount.authorized, unit.latest_headcount.current) == (25, 24)


def test_unit_without_headcount_has_none_not_zero():
    assert OrgUnitFactory().latest_headcount is None


def test_unit_names_are_unique_within_a_municipality_only():
    from django.db import IntegrityError, transaction

    first = OrgUnitFactory(name="기업지원과")
    OrgUnitFactory(name="기업지원과")  # another municipality: allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgUnitFactory(municipality=first.municipality, name="기업지원과")


def test_roles_decide_who_is_coordinator_and_manager(roles_synced):
    _, division, _, _ = make_tree()
    staff = staff_user(division)
    manager = staff_user(division, role=roles.MANAGER)
    coordinator = staff_user(division, role=roles.COORDINATOR)
    assert (staff.is_coordinator, staff.is_unit_manager) == (False, False)
    assert (manager.is_coordinator, manager.is_unit_manager) == (False, True)
    assert coordinator.is_coordinator is True


def test_scope_of_staff_is_their_subtree_and_of_coordinators_everything(roles_synced):
    office, division, team, sibling = make_tree()
    assert user_scope_unit_ids(staff_user(division)) == {division.pk, team.pk}
    assert user_scope_unit_ids(staff_user(team, role=roles.COORDINATOR)) == {
        office.pk,
        division.pk,
        team.pk,
        sibling.pk,
    }
    other_city = OrgUnitFactory()
    assert other_city.pk not in user_scope_unit_ids(staff_user(team, role=roles.COORDINATOR))
    assert user_scope_unit_ids(UserFactory(unit=None, is_superuser=True)) is None


def test_staff_without_a_unit_and_anonymous_visitors_reach_nothing():
    from django.contrib.auth.models import AnonymousUser

    make_tree()
    assert user_scope_unit_ids(UserFactory(unit=None)) == frozenset()
    assert user_scope_unit_ids(AnonymousUser()) == frozenset()
    assert OrgUnit.objects.for_user(AnonymousUser()).count() == 0
