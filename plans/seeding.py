"""Idempotent loading of the YAML seed files in `fixtures/` (see fixtures/README.md).

Every record is found by its natural key and written only when something differs, so a
second load changes no row and adds no history.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import Group

from plans import roles
from plans.models import Headcount, Municipality, OrgUnit, User


def upsert(model, *, lookup, values):
    """Create the record `lookup` names, or update it to `values`; save only on a change."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.full_clean()
        obj.save(update_fields=changed)
    return obj


def parse_month(value):
    """`YYYY-MM` (or a YAML date) as the first day of that month; None stays None."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    year, month = str(value).split("-")[:2]
    return datetime.date(int(year), int(month), 1)


def load_organisation(data):
    """Load municipalities, their unit trees and the demo staff accounts."""
    for municipality_data in data["municipalities"]:
        municipality = upsert(
            Municipality,
            lookup={"name": municipality_data["name"]},
            values={"name_en": municipality_data.get("name_en", ""), "slug": municipality_data["slug"]},
        )
        _load_units(municipality, municipality_data.get("units", []), parent=None)
    for staff_data in data.get("staff", []):
        _load_staff(staff_data)


def _load_units(municipality, units_data, *, parent):
    for order, unit_data in enumerate(units_data, start=1):
        unit = upsert(
            OrgUnit,
            lookup={"municipality": municipality, "name": unit_data["name"]},
            values={
                "parent": parent,
                "name_en": unit_data.get("name_en", ""),
                "kind": unit_data["kind"],
                "head_title": unit_data.get("head_title", ""),
                "head_name": unit_data.get("head_name", ""),
                "is_coordinating": unit_data.get("is_coordinating", False),
                "order": order,
            },
        )
        for headcount_data in unit_data.get("headcounts", []):
            upsert(
                Headcount,
                lookup={"unit": unit, "as_of": headcount_data["as_of"]},
                values={
                    "authorized": headcount_data.get("authorized"),
                    "current": headcount_data.get("current"),
                    "source": str(headcount_data.get("source", "")),
                },
            )
        _load_units(municipality, unit_data.get("children", []), parent=unit)


def _load_staff(staff_data):
    unit = OrgUnit.objects.get(municipality__name=staff_data["municipality"], name=staff_data["unit"])
    user = User.objects.filter(username=staff_data["username"]).first()
    values = {
        "unit": unit,
        "email": staff_data["email"],
        "first_name": staff_data.get("first_name", ""),
        "last_name": staff_data.get("last_name", ""),
        "is_staff": True,
    }
    if user is None:
        user = User(username=staff_data["username"], **values)
        user.set_password(settings.PORTAL_DEMO_PASSWORD)
        user.full_clean()
        user.save()
    else:
        user = upsert(User, lookup={"username": user.username}, values=values)
    group = Group.objects.get(name=roles.ROLE_LABELS[staff_data["role"]])
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
