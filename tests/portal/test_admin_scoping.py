"""The one rule of admin registrations, and what it gives every model: history pages and read-only versions."""

import pytest
from django.contrib import admin
from django.urls import reverse

from plans.models import Municipality, OrgUnit, User
from portal import roles
from portal.admin_scoping import ScopedModelAdmin, SuperuserOnlyAdmin
from tests.factories import HeadcountFactory, MunicipalityFactory, OrgUnitFactory, staff_user


def test_every_registration_is_scoped_or_superuser_only():
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, (ScopedModelAdmin, SuperuserOnlyAdmin)), model._meta.label
        if isinstance(model_admin, ScopedModelAdmin):
            assert hasattr(model._default_manager, "for_user"), model._meta.label


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Municipality, User])
def test_history_of_a_model_without_versions_shows_the_change_log(client, roles_synced, model):
    city = MunicipalityFactory()
    office = OrgUnitFactory(municipality=city, is_coordinating=True, kind=OrgUnit.Kind.BUREAU)
    coordinator = staff_user(office, role=roles.COORDINATOR)
    client.force_login(coordinator)
    record = city if model is Municipality else coordinator
    opts = model._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk]))
    assert response.status_code == 200
    foreign = MunicipalityFactory()
    response = client.get(reverse("admin:plans_municipality_history", args=[foreign.pk]))
    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_a_past_version_is_read_only_even_for_those_who_may_change_the_record(client, roles_synced):
    unit = OrgUnitFactory()
    headcount = HeadcountFactory(unit=unit, authorized=10)
    headcount.authorized = 12
    headcount.save()
    first = headcount.history.order_by("history_id").first()
    client.force_login(staff_user(unit, role=roles.COORDINATOR))
    url = reverse("admin:plans_headcount_simple_history", args=[headcount.pk, first.history_id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"unit": unit.pk, "as_of": "2026-01-06", "authorized": 10, "current": 19})
    assert response.status_code == 403
    headcount.refresh_from_db()
    assert headcount.authorized == 12
