"""Staff accounts: the coordinating office keeps its city's, with one role and a unit, and nothing more."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from plans.models import OrgUnit, User
from portal import roles
from tests.factories import MunicipalityFactory, OrgUnitFactory, UserFactory, staff_user

pytestmark = pytest.mark.django_db

ESCALATION = {"is_superuser": "on", "is_staff": "on", "user_permissions": [], "groups": []}


@pytest.fixture
def city(roles_synced):
    municipality = MunicipalityFactory()
    office = OrgUnitFactory(
        municipality=municipality, name="기획조정실", kind=OrgUnit.Kind.BUREAU, is_coordinating=True
    )
    division = OrgUnitFactory(municipality=municipality, parent=office, name="정책기획과")
    other_city_unit = OrgUnitFactory(name="다른시과")
    return {
        "office": office,
        "division": division,
        "coordinator": staff_user(office, role=roles.COORDINATOR),
        "staff": staff_user(division),
        "foreign": staff_user(other_city_unit),
        "foreign_unit": other_city_unit,
    }


def escalation(**extra):
    """Fields a forged form would add to make an account a superuser."""
    return {
        **ESCALATION,
        "groups": [str(g.pk) for g in Group.objects.all()],
        "user_permissions": [str(p.pk) for p in Permission.objects.all()[:20]],
        **extra,
    }


def change_data(account, **fields):
    data = {
        "username": account.username,
        "first_name": "",
        "last_name": "",
        "email": account.email,
        "unit": account.unit_id,
        "role": roles.role_of(account),
        "is_active": "on",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def test_coordinator_form_has_no_superuser_staff_group_or_permission_field(client, city):
    client.force_login(city["coordinator"])
    response = client.get(reverse("admin:plans_user_change", args=[city["staff"].pk]))
    assert response.status_code == 200
    fields = set(response.context["adminform"].form.fields)
    assert fields.isdisjoint({"is_superuser", "is_staff", "groups", "user_permissions"})
    assert {"role", "unit", "is_active"} <= fields
    assert "is_superuser" not in response.content.decode()


def test_coordinator_sets_role_and_unit_but_a_forged_superuser_field_changes_nothing(client, city):
    client.force_login(city["coordinator"])
    staff = city["staff"]
    response = client.post(
        reverse("admin:plans_user_change", args=[staff.pk]),
        change_data(staff, role="manager", **escalation()),
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.is_superuser
    assert staff.user_permissions.count() == 0
    assert set(staff.groups.values_list("name", flat=True)) == {roles.MANAGER}


def test_coordinator_creates_a_staff_account_of_its_city_with_a_role(client, city):
    client.force_login(city["coordinator"])
    response = client.post(
        reverse("admin:plans_user_add"),
        {
            "username": "new-head",
            "usable_password": "true",
            "password1": "a-long-demo-password-42",
            "password2": "a-long-demo-password-42",
            "unit": city["division"].pk,
            "role": "manager",
            **escalation(),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    account = User.objects.get(username="new-head")
    assert account.is_staff and not account.is_superuser
    assert account.unit == city["division"]
    assert roles.role_of(account) == "manager"
    assert account.user_permissions.count() == 0


def test_an_account_in_another_city_can_be_neither_created_nor_reached(client, city):
    client.force_login(city["coordinator"])
    response = client.post(
        reverse("admin:plans_user_add"),
        {
            "username": "smuggled",
            "usable_password": "true",
            "password1": "a-long-demo-password-42",
            "password2": "a-long-demo-password-42",
            "unit": city["foreign_unit"].pk,
            "role": "coordinator",
        },
    )
    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="smuggled").exists()
    assert client.get(reverse("admin:plans_user_change", args=[city["foreign"].pk])).status_code == 302
    listed = client.get(reverse("admin:plans_user_changelist")).context["cl"].result_list
    assert city["foreign"] not in listed


def test_superuser_accounts_are_invisible_to_the_coordinating_office(client, city):
    root = UserFactory(unit=city["division"], is_superuser=True)
    client.force_login(city["coordinator"])
    listed = client.get(reverse("admin:plans_user_changelist")).context["cl"].result_list
    assert root not in listed
    response = client.post(reverse("admin:plans_user_change", args=[root.pk]), change_data(root, is_active=None))
    assert response.status_code == 302
    root.refresh_from_db()
    assert root.is_active and root.is_superuser


def test_nobody_changes_their_own_role_or_unit(client, city):
    coordinator = city["coordinator"]
    client.force_login(coordinator)
    url = reverse("admin:plans_user_change", args=[coordinator.pk])
    form = client.get(url).context["adminform"].form
    assert form.fields["role"].disabled and form.fields["unit"].disabled
    client.post(url, change_data(coordinator, role="", unit=city["division"].pk, first_name="바뀐이름"))
    coordinator.refresh_from_db()
    assert roles.role_of(coordinator) == "coordinator"
    assert coordinator.unit == city["office"]
    assert coordinator.first_name == "바뀐이름"


def test_staff_and_heads_cannot_open_the_user_administration(client, city):
    for account in (city["staff"], staff_user(city["division"], role=roles.MANAGER)):
        client.force_login(account)
        assert client.get(reverse("admin:plans_user_changelist")).status_code == 403
        assert client.get(reverse("admin:plans_user_add")).status_code == 403


def test_groups_and_login_records_are_for_superusers_only(client, city):
    client.force_login(city["coordinator"])
    for name in ("auth_group", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 403, name


def test_the_bulk_delete_action_is_refused_to_the_coordinating_office(client, city):
    client.force_login(city["coordinator"])
    response = client.post(
        reverse("admin:plans_user_changelist"),
        {"action": "delete_selected", "_selected_action": [city["staff"].pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert User.objects.filter(pk=city["staff"].pk).exists()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_coordinator_unlocks_a_locked_out_account_of_its_city_only(client, city):
    for account in (city["staff"], city["foreign"]):
        AccessAttempt.objects.create(
            username=account.username,
            ip_address="203.0.113.9",
            user_agent="test",
            failures_since_start=3,
            attempt_time=timezone.now(),
        )
    client.force_login(city["coordinator"])
    changelist = client.get(reverse("admin:plans_user_changelist"))
    locked = {row.username: row.is_locked_out for row in changelist.context["cl"].result_list}
    assert locked[city["staff"].username] is True
    response = client.post(
        reverse("admin:plans_user_changelist"),
        {"action": "unlock_selected", "_selected_action": [city["staff"].pk, city["foreign"].pk]},
        follow=True,
    )
    assert city["staff"].username in response.content.decode()
    assert not AccessAttempt.objects.filter(username=city["staff"].username).exists()
    assert AccessAttempt.objects.filter(username=city["foreign"].username).exists()
