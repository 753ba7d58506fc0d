"""Idempotent loading of the YAML seed files in `fixtures/` (see fixtures/README.md).

Every record is found by its natural key and written only when something differs, so a
second load changes no row and adds no history.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group

from plans.models import (
    ActionItem,
    ApprovalStep,
    Facility,
    FacilityStaff,
    Headcount,
    HeadlineTarget,
    Municipality,
    OrgUnit,
    Plan,
    PlanDirection,
    PlanSection,
    SourceDocument,
    Strategy,
    Task,
    TaskObjective,
    User,
)
from portal import roles
from portal.periods import parse_month


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


def load_organisation(data):
    """Load municipalities, their unit trees and the demo staff accounts."""
    for municipality_data in data["municipalities"]:
        municipality = upsert(
            Municipality,
            lookup={"name": municipality_data["name"]},
            values={"name_en": municipality_data.get("name_en", ""), "slug": municipality_data["slug"]},
        )
        _load_units(municipality, municipality_data.get("units", []), parent=None)
    for document in data.get("source_documents", []):
        upsert(
            SourceDocument,
            lookup={"key": str(document["key"])},
            values={
                "title": document["title"],
                "municipality": Municipality.objects.get(name=document["publisher"]),
                "issuing_unit": document.get("issuing_unit") or "",
                "issued_on": document.get("issued_on"),
                "as_of_text": str(document.get("as_of") or ""),
            },
        )
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


def load_plan(data):
    """Load one plan document: metadata, targets, approval chain, strategies and tasks."""
    plan_data = data["plan"]
    municipality = Municipality.objects.get(name=plan_data["municipality"])
    approval = plan_data.get("approval", {})
    plan = upsert(
        Plan,
        lookup={"slug": plan_data["slug"]},
        values={
            "municipality": municipality,
            "owner_unit": OrgUnit.objects.get(municipality=municipality, name=plan_data["owner_unit"]),
            "title": plan_data["title"],
            "period_start": parse_month(plan_data["period_start"]),
            "period_end": parse_month(plan_data["period_end"]),
            "vision": plan_data.get("vision") or "",
            "goal": plan_data.get("goal") or "",
            "level1_label": plan_data["level1_label"],
            "level2_label": plan_data["level2_label"],
            "source": str(plan_data.get("source", "")),
            "licence": " · ".join(filter(None, [approval.get("licence"), approval.get("licence_note")])),
            **{field: str(approval.get(field) or "") for field in PLAN_APPROVAL_TEXT_FIELDS},
            "approved_on": approval.get("approved_on"),
            "produced_on": approval.get("produced_on"),
        },
    )
    replace_children(plan.sections, PlanSection, _plan_sections(plan_data))
    replace_children(
        plan.headline_targets,
        HeadlineTarget,
        [
            {"text": t["text"], "value": _decimal(t.get("value")), "unit": t.get("unit", ""), "year": t.get("year")}
            for t in plan_data.get("headline_targets", [])
        ],
    )
    replace_children(
        plan.approval_steps,
        ApprovalStep,
        [
            {"kind": s["kind"], "title": s["title"], "name": s["name"], "signed": str(s.get("signed", ""))}
            for s in approval.get("steps", [])
        ],
    )
    for strategy_data in plan_data["strategies"]:
        load_strategy(plan, municipality, strategy_data)
    _load_facilities(plan, municipality, plan_data.get("facilities", []))
    tasks = {task.code: task for task in Task.objects.filter(strategy__plan=plan)}
    replace_children(
        plan.directions,
        PlanDirection,
        [
            {"heading": d["heading"], "task": tasks.get(str(d.get("task"))), "bullets": d.get("bullets", [])}
            for d in plan_data.get("directions", [])
        ],
    )


PLAN_APPROVAL_TEXT_FIELDS = [
    "document_number",
    "disclosure",
    "disclosure_class",
    "policy_number",
    "retention",
    "producing_unit",
    "author",
    "author_phone",
    "management_number",
    "classification",
]

# Plan-level narrative keys of the seed format, in reading order, with their section titles.
PLAN_SECTION_KEYS = [
    ("background", "추진배경"),
    ("context", "현황"),
    ("directions_text", "추진 방향"),
    ("framework_text", "정책비전 및 추진전략"),
    ("kpi_text", "핵심사업 정책지표 (원문)"),
    ("governance", "추진체계"),
    ("investment_text", "투자계획 (원문)"),
    ("administration", "행정사항"),
    ("sustainability_check_text", "지속가능성 검토"),
]


def _load_facilities(plan, municipality, facilities_data):
    """The facilities the plan describes, matched by name within the plan, each with its staff."""
    kept = []
    for order, data in enumerate(facilities_data, start=1):
        facility = upsert(
            Facility,
            lookup={"plan": plan, "name": data["name"]},
            values={
                "municipality": municipality,
                "unit": OrgUnit.objects.get(municipality=municipality, name=data["unit"]),
                "order": order,
                "opened_on": data.get("opened_on"),
                "opened_text": str(data.get("opened_text") or ""),
                "address": data.get("address") or "",
                "floors": data.get("floors") or "",
                "floor_area_m2": _decimal(data.get("floor_area_m2")),
                "gross_floor_area_m2": _decimal(data.get("gross_floor_area_m2")),
                "operating_hours": data.get("operating_hours") or "",
                "staff_total": data.get("staff_total"),
                "duties": data.get("duties", []),
                "source": str(plan.source),
            },
        )
        replace_children(
            facility.staff,
            FacilityStaff,
            [
                {"label": s["label"], "count": s.get("count"), "note": s.get("note") or ""}
                for s in data.get("staff", [])
            ],
        )
        kept.append(facility.pk)
    plan.facilities.exclude(pk__in=kept).delete()


def _plan_sections(plan_data):
    texts = {**plan_data, **plan_data.get("approval", {})}
    return [
        {"title": title, "body": texts[key].strip()}
        for key, title in PLAN_SECTION_KEYS
        if (texts.get(key) or "").strip()
    ]


def load_strategy(plan, municipality, strategy_data):
    """Load one strategy and its tasks (objectives, action items, co-owning units) from the seed format."""
    strategy = upsert(
        Strategy,
        lookup={"plan": plan, "number": strategy_data["number"]},
        values={
            "title": strategy_data["title"],
            "background": (strategy_data.get("background") or "").strip(),
            "main_projects": (strategy_data.get("main_projects") or "").strip(),
            "budget_text": (strategy_data.get("budget_text") or "").strip(),
        },
    )
    units = {unit.name: unit for unit in OrgUnit.objects.filter(municipality=municipality)}
    for order, task_data in enumerate(strategy_data.get("tasks", []), start=1):
        period = task_data.get("period") or {}
        task = upsert(
            Task,
            lookup={"strategy": strategy, "code": str(task_data["code"])},
            values={
                "order": order,
                "title": task_data["title"],
                "type": task_data.get("type") or "",
                "lead_unit": units[task_data["lead_unit"]],
                "content": (task_data.get("content") or "").strip(),
                "period_start": parse_month(period.get("start")),
                "period_end": parse_month(period.get("end")),
                "period_text": period.get("text") or "",
                "expected_effects": task_data.get("expected_effects") or [],
                "budget_text": (task_data.get("budget_text") or "").strip(),
            },
        )
        co_units = {units[name] for name in task_data.get("co_units", [])}
        if set(task.co_units.all()) != co_units:
            task.co_units.set(co_units)
        replace_children(
            task.objectives,
            TaskObjective,
            [{"text": o["text"], "half": o.get("half") or ""} for o in task_data.get("objectives", [])],
        )
        replace_children(
            task.action_items,
            ActionItem,
            [
                {
                    "title": a.get("title") or "",
                    "detail": (a.get("detail") or "").strip(),
                    "schedule": a.get("schedule") or "",
                }
                for a in task_data.get("action_items", [])
            ],
        )


def replace_children(related_manager, model, rows):
    """Make the ordered children of a parent exactly `rows`, touching only what differs."""
    parent_field = related_manager.field.name
    existing = list(related_manager.order_by("order"))
    for order, (row, current) in enumerate(zip(rows, existing, strict=False), start=1):
        upsert(model, lookup={"pk": current.pk}, values={**row, "order": order})
    for order, row in enumerate(rows[len(existing) :], start=len(existing) + 1):
        upsert(model, lookup={parent_field: related_manager.instance, "order": order}, values=row)
    for extra in existing[len(rows) :]:
        extra.delete()


def _decimal(value):
    return None if value is None else Decimal(str(value))
