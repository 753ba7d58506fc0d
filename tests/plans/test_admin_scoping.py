"""Staff of one unit cannot see or change another unit's records through any admin URL."""

import pytest
from django.urls import reverse

from plans.models import Headcount, OrgUnit
from portal import roles
from tests.factories import HeadcountFactory, MunicipalityFactory, OrgUnitFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_divisions(roles_synced):
    city = MunicipalityFactory()
    office = OrgUnitFactory(municipality=city, kind=OrgUnit.Kind.BUREAU, name="기획조정실")
    mine = OrgUnitFactory(municipality=city, parent=office, name="정책기획과")
    theirs = OrgUnitFactory(municipality=city, parent=office, name="예산과")
    return office, mine, theirs


def admin_url(obj, view="change"):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk])


def test_manager_lists_only_their_own_units_headcounts(client, two_divisions):
    _, mine, theirs = two_divisions
    own = HeadcountFactory(unit=mine)
    HeadcountFactory(unit=theirs)
    client.force_login(staff_user(mine, role=roles.MANAGER))
    response = client.get(reverse("admin:plans_headcount_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [own]


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_another_units_record_is_unreachable_by_url(client, two_divisions, view):
    _, mine, theirs = two_divisions
    foreign = HeadcountFactory(unit=theirs)
    client.force_login(staff_user(mine, role=roles.MANAGER))
    response = client.get(admin_url(foreign, view))
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert response.url == reverse("admin:index")


def test_posting_a_change_to_another_units_record_changes_nothing(client, two_divisions):
    _, mine, theirs = two_divisions
    foreign = HeadcountFactory(unit=theirs, authorized=15)
    client.force_login(staff_user(mine, role=roles.MANAGER))
    client.post(
        admin_url(foreign), {"unit": theirs.pk, "as_of": "2026-01-06", "authorized": 99, "current": 1, "source": "x"}
    )
    foreign.refresh_from_db()
    assert foreign.authorized == 15


def test_foreign_key_choices_offer_only_units_in_scope(client, two_divisions):
    _, mine, _theirs = two_divisions
    client.force_login(staff_user(mine, role=roles.MANAGER))
    response = client.get(reverse("admin:plans_headcount_add"))
    choices = {unit.pk for unit in response.context["adminform"].form.fields["unit"].queryset}
    assert choices == {mine.pk}


def test_adding_for_another_unit_is_refused_and_saves_nothing(client, two_divisions):
    _, mine, theirs = two_divisions
    client.force_login(staff_user(mine, role=roles.MANAGER))
    response = client.post(
        reverse("admin:plans_headcount_add"), {"unit": theirs.pk, "as_of": "2026-01-06", "authorized": 1, "current": 1}
    )
    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    assert not Headcount.objects.filter(unit=theirs).exists()


def test_staff_role_may_view_but_not_change_the_organisation(client, two_divisions):
    _, mine, _ = two_divisions
    client.force_login(staff_user(mine))
    assert client.get(admin_url(mine)).status_code == 200
    response = client.post(admin_url(mine), {"name": "바뀐이름"})
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.name == "정책기획과"


def test_coordinator_sees_every_unit_of_the_city(client, two_divisions):
    office, mine, theirs = two_divisions
    client.force_login(staff_user(office, role=roles.COORDINATOR))
    response = client.get(reverse("admin:plans_orgunit_changelist"))
    assert set(response.context["cl"].queryset) >= {office, mine, theirs}


def test_history_records_who_changed_what(client, two_divisions):
    office, mine, _ = two_divisions
    headcount = HeadcountFactory(unit=mine, authorized=25, current=24)
    coordinator = staff_user(office, role=roles.COORDINATOR)
    client.force_login(coordinator)
    response = client.post(
        admin_url(headcount),
        {"unit": mine.pk, "as_of": "2026-01-06", "authorized": 26, "current": 24, "source": "002"},
    )
    assert response.status_code == 302
    latest = headcount.history.first()
    assert latest.history_user == coordinator
    assert latest.diff_against(latest.prev_record).changed_fields == ["authorized", "source"]
    page = client.get(admin_url(headcount, "history"))
    assert page.status_code == 200
    assert coordinator.username in page.content.decode()


def test_staff_see_and_edit_only_their_units_tasks(client, seeded):
    from plans.models import Task

    policy = OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")
    client.force_login(staff_user(policy))
    listed = client.get(reverse("admin:plans_task_changelist")).context["cl"].queryset
    assert set(listed.values_list("code", flat=True)) == {"1-1", "1-2", "1-3", "1-4"}
    foreign = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="3-4")
    response = client.get(admin_url(foreign))
    assert response.status_code == 302
    own = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-1")
    form = client.get(admin_url(own)).context["adminform"].form
    assert "lead_unit" not in form.fields
    assert "strategy" not in form.fields
