"""Machinery of the authorization matrix: two cities, six actors, a record of any model in any unit.

Nothing here names a domain model: records are built from the model's fields, their unit
is found through the model's declared `scope_field`, and the form payloads are read back
from the admin's own change forms, so a model registered later is covered as it is.
"""

import datetime
import io
import itertools
import uuid
import zipfile
from dataclasses import dataclass, field

from django import forms
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from plans.models import Municipality, OrgUnit, User
from portal import roles
from portal.periods import current_quarter, seoul_today
from portal.roles import roles_sync

ANONYMOUS = "anonymous"
ACTORS = ["staff_a", "head_a", "staff_b", "coordinator_x", "coordinator_y", ANONYMOUS]
_sequence = itertools.count(1)


@dataclass
class World:
    """Cities X and Y; units A and B under X's coordinating office, unit C under Y's; one actor per role."""

    units: dict
    actors: dict
    homes: dict = field(default_factory=dict)  # actor name -> the unit whose scope the actor has

    def scope(self, actor_name):
        """Unit ids the actor may reach, computed here from the tree, not through `for_user`."""
        if actor_name == "superuser":
            return set(OrgUnit.objects.values_list("pk", flat=True))
        home = self.homes.get(actor_name)
        if home is None:
            return set()
        if actor_name.startswith("coordinator"):
            return set(OrgUnit.objects.filter(municipality=home.municipality).values_list("pk", flat=True))
        reach, frontier = {home.pk}, {home.pk}
        while frontier:
            frontier = set(OrgUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - reach
            reach |= frontier
        return reach


def build_world():
    """The two cities, their units and the six actors."""
    roles_sync()
    units = {}
    for city_key, unit_keys in (("x", ("a", "b")), ("y", ("c",))):
        city = Municipality.objects.create(name=f"행렬시{city_key.upper()}", slug=f"matrix-{city_key}")
        office = OrgUnit.objects.create(
            municipality=city, name="기획조정실", kind=OrgUnit.Kind.BUREAU, is_coordinating=True
        )
        units[f"office_{city_key}"] = office
        for key in unit_keys:
            units[key] = OrgUnit.objects.create(
                municipality=city, parent=office, name=f"{key.upper()}과", kind=OrgUnit.Kind.DIVISION
            )
    plan = [
        ("staff_a", "a", roles.STAFF),
        ("head_a", "a", roles.MANAGER),
        ("staff_b", "b", roles.STAFF),
        ("coordinator_x", "office_x", roles.COORDINATOR),
        ("coordinator_y", "office_y", roles.COORDINATOR),
    ]
    world = World(units=units, actors={ANONYMOUS: None})
    for name, unit_key, role in plan:
        user = User.objects.create_user(username=f"matrix-{name}", password="x", unit=units[unit_key], is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        world.actors[name] = user
        world.homes[name] = units[unit_key]
    world.actors["superuser"] = User.objects.create_superuser(username="matrix-root", password="x")
    return world


def scope_field(model):
    """The unit path the model's QuerySet declares, or None for a model without `for_user`."""
    queryset_class = type(model._default_manager.get_queryset())
    if not hasattr(queryset_class, "for_user"):
        return None
    return getattr(queryset_class, "scope_field", None)


def home_units(model, pks):
    """pk -> the set of unit ids each record belongs to, read through the declared scope path."""
    path = scope_field(model)
    homes = {pk: set() for pk in pks}
    if path is None:
        return homes
    for pk, unit_id in model._default_manager.filter(pk__in=pks).values_list("pk", path):
        if unit_id is not None:
            homes[pk].add(unit_id)
    return homes


def _first_hop(model):
    path = scope_field(model)
    return None if path in (None, "pk") else path.split("__")[0]


def build(model, unit, ledger, *, _depth=0):
    """A saved record of `model` belonging to `unit`, its required relations built alongside.

    Every record built is appended to `ledger` with its marker (a text no other record
    contains), its unit and whether it is a draft.
    """
    if model is Municipality:
        unit.municipality.matrix_marker = unit.municipality.name
        return unit.municipality
    if _depth > 8:
        raise RuntimeError(f"matrix builder: relations of {model._meta.label} nest too deep")
    marker = f"mx{next(_sequence)}q"
    quarter = current_quarter()
    values = {}
    for fld in model._meta.concrete_fields:
        if fld.primary_key or fld.auto_created:
            continue
        if fld.is_relation:
            values[fld.name] = _related_value(model, fld, unit, ledger, _depth)
            if values[fld.name] is None:
                del values[fld.name]
            continue
        if fld.has_default() or getattr(fld, "auto_now", False) or getattr(fld, "auto_now_add", False):
            continue
        if fld.null:
            continue
        values[fld.name] = _plain_value(fld, marker, quarter)
    if model._meta.label == "portal.Correction":
        # A correction points at one record of its unit; each built correction gets its own.
        from django.contrib.contenttypes.models import ContentType

        from plans.models import ProgressReport

        target = build(ProgressReport, unit, ledger, _depth=_depth + 1)
        values["content_type"] = ContentType.objects.get_for_model(ProgressReport)
        values["object_id"] = target.pk
    if model._meta.label == "budgets.BudgetLine":
        # A line of the default phase (a fiscal year) names its year, as every seeded one does.
        values["year"] = quarter.year
    instance = model(**values)
    instance.save()
    instance.matrix_marker = marker
    ledger.append(Built(instance, marker, unit.pk, is_draft(instance)))
    return instance


@dataclass
class Built:
    """A record the matrix built: its marker text, its unit and whether citizens may not see it yet."""

    instance: models.Model
    marker: str
    unit_id: int
    draft: bool


def _related_value(model, fld, unit, ledger, depth):
    target = fld.related_model
    if target is OrgUnit:
        return unit
    if target is Municipality:
        return unit.municipality
    if target is ContentType:
        return ContentType.objects.get_for_model(User)
    if fld.null and fld.name != _first_hop(model):
        return None
    if target is model:
        return None
    return build(target, unit, ledger, _depth=depth + 1)


def _plain_value(fld, marker, quarter):
    if fld.choices:
        return fld.choices[0][0]
    if isinstance(fld, models.EmailField):
        return f"{marker}@example.com"
    if isinstance(fld, models.GenericIPAddressField):
        return "192.0.2.1"
    if isinstance(fld, models.FileField):
        return f"matrix/{marker}.pdf"
    if isinstance(fld, (models.CharField, models.TextField)):
        return marker[: fld.max_length] if fld.max_length else marker
    if isinstance(fld, models.BooleanField):
        return False
    if isinstance(fld, models.DateTimeField):
        return timezone.now()
    if isinstance(fld, models.DateField):
        return seoul_today()
    if isinstance(fld, models.DurationField):
        return datetime.timedelta(0)
    if isinstance(fld, models.UUIDField):
        return uuid.uuid4()
    if isinstance(fld, models.JSONField):
        return {}
    if isinstance(fld, (models.DecimalField, models.FloatField)):
        return 1
    if isinstance(fld, models.IntegerField):
        # Period fields on the current quarter, so that records are still editable.
        if fld.name == "year":
            return quarter.year
        if fld.name == "quarter":
            return quarter.number
        minimum = [v.limit_value for v in fld.validators if isinstance(v, MinValueValidator)]
        return max(minimum) if minimum else 1
    raise NotImplementedError(f"matrix builder: no value for {fld.__class__.__name__} {fld}")


def is_draft(instance):
    """True when the record, or a record it belongs to, is not (yet) public: not approved or not published."""
    seen = 0
    while instance is not None and seen < 8:
        state = getattr(instance, "state", None)
        if state is not None and state != "approved":
            return True
        if getattr(instance, "is_published", True) is False:
            return True
        parent = next(
            (
                getattr(instance, f.name)
                for f in instance._meta.concrete_fields
                if f.is_relation
                and f.many_to_one
                and f.related_model not in (OrgUnit, Municipality, User)
                and getattr(instance, f.attname) is not None
            ),
            None,
        )
        instance, seen = parent, seen + 1
    return False


def form_payload(form, data):
    """Put the values an unbound (admin) form shows into POST `data`, as a browser would send them."""
    for name, form_field in form.fields.items():
        if form_field.disabled or isinstance(form_field, forms.FileField):
            continue
        bound = form[name]
        value = bound.value()
        if value is None:
            continue
        widget = form_field.widget
        if isinstance(widget, forms.MultiWidget) and not isinstance(value, list):
            for index, part in enumerate(widget.decompress(value)):
                if part is not None:
                    data[f"{bound.html_name}_{index}"] = str(part)
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
        elif isinstance(value, bool) or isinstance(form_field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
        else:
            prepared = form_field.prepare_value(value)
            data[bound.html_name] = str(getattr(prepared, "pk", prepared))
    return data


def change_payload(response):
    """POST data equal to what an admin change (or add) page shows, inlines and management forms included."""
    context = response.context
    data = form_payload(context["adminform"].form, {})
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management[name].html_name] = str(management[name].value())
        for form in formset.forms:
            form_payload(form, data)
    return data


def changed_payload(data, form, marker):
    """`data` with the first editable text field of `form` set to `marker`; None when nothing is editable."""
    for name, form_field in form.fields.items():
        if form_field.disabled or getattr(form_field, "choices", None) is not None:
            continue
        if isinstance(form_field, forms.CharField) and not isinstance(form_field.widget, forms.HiddenInput):
            if isinstance(form_field.widget, forms.PasswordInput):
                continue
            return {**data, form[name].html_name: marker}
    return None


def snapshot(model, pk):
    """Every stored value of one record (None once it is gone)."""
    rows = list(model._default_manager.filter(pk=pk).values())
    return rows[0] if rows else None


def attachment_text(response):
    """The text inside a downloaded file (an .xlsx is unzipped), for looking for markers."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return content.decode("utf-8", "replace")


def privileges():
    """Who is a superuser or staff, and which groups and permissions each account holds."""
    return (
        sorted(User.objects.values_list("pk", "is_superuser", "is_staff")),
        sorted(User.groups.through.objects.values_list("user_id", "group_id")),
        sorted(User.user_permissions.through.objects.values_list("user_id", "permission_id")),
        sorted(Group.permissions.through.objects.values_list("group_id", "permission_id")),
    )


def fill_import_template(content):
    """An import template with its blank cells filled in, as the template itself asks.

    The shared template format: row 2 says which columns to fill, row 3 holds the headings,
    then one row per record. A column row 2 names gets, where blank, the first choice of its
    list validation, 1 when its heading reads as a number (값, %, 률, an amount 액), else a word; a value's
    원문 (the words that may replace the number) stays blank.
    """
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        instructions = str(sheet.cell(row=2, column=1).value or "")
        choices = {}
        for validation in sheet.data_validations.dataValidation:
            if validation.type == "list" and (validation.formula1 or "").startswith('"'):
                for cells in validation.sqref.ranges:
                    for column in range(cells.min_col, cells.max_col + 1):
                        choices[column] = validation.formula1.strip('"').split(",")[0]
        headings = {cell.column: str(cell.value or "") for cell in sheet[3]}
        for row in sheet.iter_rows(min_row=4):
            if all(cell.value is None for cell in row):
                continue
            for cell in row:
                heading = headings.get(cell.column, "")
                name = heading.split("(")[0].strip()
                if cell.value is not None or not name or name not in instructions or name.endswith("원문"):
                    continue
                if cell.column in choices:
                    cell.value = choices[cell.column]
                elif heading.endswith(("값", "%)", "률", "액")):
                    cell.value = 1
                else:
                    cell.value = "matrix"
    target = io.BytesIO()
    workbook.save(target)
    return target.getvalue()
