"""Reading a filled plan workbook: every row checked and named, then written in one go by `plans.services.plan_import`.

Rows are matched by their natural keys (a unit by name in the city, the plan by its address
name, a strategy by number, a task by code), so importing the same workbook twice changes
nothing. A strategy or task left out of the sheet is not deleted: it may carry reports.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from plans.models import ApprovalStep, OrgUnit, Plan, Strategy, Task, TaskObjective
from plans.onboarding import sheets
from plans.seeding import load_strategy, replace_children, upsert
from portal.spreadsheet import (
    CREATE,
    UPDATE,
    ImportPreview,
    cell_text,
    check_duplicates,
    named_rows,
    parse_choice,
    parse_date_cell,
    parse_decimal,
    parse_int,
    parse_month_cell,
    parse_text,
    read_workbook,
)

YES_NO = [("예", "예"), ("아니오", "아니오")]


@dataclass
class PlanImportPreview(ImportPreview):
    """The rows of every sheet, checked; `sheets` keeps them by sheet for the writer."""

    sheets: dict = field(default_factory=dict)
    municipality: object = None


def _text(row, spec, values, key, *, required=False, limit=None):
    return parse_text(row, spec.header(key), values.get(key), required=required, limit=limit)


def _month(row, spec, values, key, *, required=False):
    return parse_month_cell(row, spec.header(key), values.get(key), required=required)


def _date(row, spec, values, key):
    return parse_date_cell(row, spec.header(key), values.get(key))


def _optional_int(row, spec, values, key, low, high):
    return parse_int(row, spec.header(key), values[key], low, high) if cell_text(values.get(key)) else None


def _rows(preview_sheets, spec, raw_rows, label):
    preview_sheets[spec] = named_rows(spec, raw_rows, label)
    return preview_sheets[spec]


def preview_plan_import(uploaded, *, municipality) -> PlanImportPreview:
    """Check every sheet of an uploaded plan workbook for `municipality`; nothing is written."""
    specs = [*sheets.PLAN_SHEETS, *(section.spec for section in sheets.extra_sections())]
    data, found = read_workbook(uploaded, specs)
    checked = {}
    known_units = set(OrgUnit.objects.filter(municipality=municipality).values_list("name", flat=True))
    unit_rows = _rows(checked, sheets.UNITS, found[sheets.UNITS.marker], lambda v: cell_text(v.get("name")))
    _check_units(unit_rows, known_units, municipality)
    units = known_units | {row.values["name"] for row in unit_rows if "name" in row.values}
    plan_rows = _rows(checked, sheets.PLAN, found[sheets.PLAN.marker], lambda v: cell_text(v.get("title")))
    plan = _check_plan(plan_rows, units, municipality)
    for spec, check in (
        (sheets.TARGETS, _check_target),
        (sheets.APPROVALS, _check_step),
        (sheets.SECTIONS, _check_section),
    ):
        for row in _rows(checked, spec, found[spec.marker], lambda v, spec=spec: cell_text(v.get(spec.columns[0].key))):
            check(row, spec)
            row.action = UPDATE if plan else CREATE
    strategy_rows = _rows(checked, sheets.STRATEGIES, found[sheets.STRATEGIES.marker], _numbered)
    numbers = _check_strategies(strategy_rows, plan)
    task_rows = _rows(checked, sheets.TASKS, found[sheets.TASKS.marker], _coded)
    codes = _check_tasks(task_rows, numbers, units, plan)
    for spec, check in ((sheets.OBJECTIVES, _check_objective), (sheets.ACTIONS, _check_action)):
        for row in _rows(checked, spec, found[spec.marker], lambda v: cell_text(v.get("task"))):
            check(row, spec, codes)
            row.action = UPDATE if plan else CREATE
    context = {"municipality": municipality, "units": units, "tasks": codes, "plan": plan}
    for section in sheets.extra_sections():
        section.check(_rows(checked, section.spec, found[section.spec.marker], section.label), context)
    rows = [row for spec_rows in checked.values() for row in spec_rows]
    return PlanImportPreview(data=data, rows=rows, sheets=checked, municipality=municipality)


def _numbered(values):
    return f"{cell_text(values.get('number'))}. {cell_text(values.get('title'))}"


def _coded(values):
    return f"{cell_text(values.get('code'))} {cell_text(values.get('title'))}"


def _check_units(rows, known, municipality):
    spec = sheets.UNITS
    named = {cell_text(row.raw.get("name")) for row in rows}
    for row in rows:
        values = row.raw
        name = _text(row, spec, values, "name", required=True, limit=100)
        parent = _text(row, spec, values, "parent")
        if parent and parent not in known | named:
            row.add_error(spec.header("parent"), _("상위 조직 '%(name)s'이(가) 없습니다.") % {"name": parent[:40]})
        if parent and parent == name:
            row.add_error(spec.header("parent"), _("조직이 자기 자신의 상위 조직일 수 없습니다."))
        kind = parse_choice(row, spec.header("kind"), values.get("kind"), OrgUnit.Kind.choices)
        coordinating = cell_text(values.get("is_coordinating")) or "아니오"
        coordinating = parse_choice(row, spec.header("is_coordinating"), coordinating, YES_NO)
        row.values = {
            "name": name,
            "parent": parent,
            "kind": kind,
            "head_title": _text(row, spec, values, "head_title", limit=50),
            "head_name": _text(row, spec, values, "head_name", limit=50),
            "is_coordinating": coordinating == "예",
        }
        row.action = UPDATE if name in known else CREATE
    check_duplicates(rows, lambda row: row.values.get("name") or None, spec.header("name"))
    _refuse_cycles(rows)


def _refuse_cycles(rows):
    parents = {row.values["name"]: row.values["parent"] for row in rows if row.values.get("name")}
    for row in rows:
        seen, name = set(), row.values.get("name")
        while name in parents and name not in seen:
            seen.add(name)
            name = parents[name]
        if name in seen:
            row.add_error(sheets.UNITS.header("parent"), _("상위 조직이 돌고 돕니다."))


def _check_plan(rows, units, municipality):
    spec = sheets.PLAN
    if len(rows) != 1:
        raise ValidationError(
            _("'업무계획' 시트에는 계획 한 행이 있어야 합니다 (지금 %(count)s행).") % {"count": len(rows)}
        )
    row = rows[0]
    values = row.raw
    slug = _text(row, spec, values, "slug", required=True, limit=100)
    plan = Plan.objects.filter(slug=slug).first()
    if plan is not None and plan.municipality_id != municipality.pk:
        row.add_error(
            spec.header("slug"), _("다른 지방자치단체의 계획이 쓰는 주소 이름입니다: %(slug)s") % {"slug": slug}
        )
    owner = _text(row, spec, values, "owner_unit", required=True)
    if owner and owner not in units:
        row.add_error(spec.header("owner_unit"), _("조직 '%(name)s'이(가) 없습니다.") % {"name": owner[:40]})
    row.values = {
        "slug": slug,
        "owner_unit": owner,
        "period_start": _month(row, spec, values, "period_start", required=True),
        "period_end": _month(row, spec, values, "period_end", required=True),
        "approved_on": _date(row, spec, values, "approved_on"),
        "produced_on": _date(row, spec, values, "produced_on"),
        **{
            key: _text(row, spec, values, key, required=key == "title")
            for key in (
                "title",
                "vision",
                "goal",
                "level1_label",
                "level2_label",
                "source",
                "licence",
                *(key for key, _header in sheets.APPROVAL_TEXT_COLUMNS),
            )
        },
    }
    row.values["level1_label"] = row.values["level1_label"] or "추진전략"
    row.values["level2_label"] = row.values["level2_label"] or "중점 추진과제"
    _model_errors(
        row, Plan(**{k: v for k, v in row.values.items() if k != "owner_unit"}), ["municipality", "owner_unit"]
    )
    row.action = UPDATE if plan else CREATE
    return plan if not row.errors else None


def _model_errors(row, instance, exclude):
    """Field rules of the model (lengths, formats) named on the row, before anything is written."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                row.add_error(str(instance._meta.get_field(name).verbose_name), message)


def _check_target(row, spec):
    values = row.raw
    value = parse_decimal(row, spec.header("value"), values["value"]) if cell_text(values.get("value")) else None
    row.values = {
        "text": _text(row, spec, values, "text", required=True, limit=300),
        "value": value,
        "unit": _text(row, spec, values, "unit", limit=20),
        "year": _optional_int(row, spec, values, "year", 1990, 2100),
    }


def _check_step(row, spec):
    values = row.raw
    row.values = {
        "kind": parse_choice(row, spec.header("kind"), values.get("kind"), ApprovalStep.Kind.choices),
        "title": _text(row, spec, values, "title", required=True, limit=100),
        "name": _text(row, spec, values, "name", required=True, limit=50),
        "signed": _text(row, spec, values, "signed", limit=20),
    }


def _check_section(row, spec):
    values = row.raw
    row.values = {
        "title": _text(row, spec, values, "title", required=True, limit=200),
        "body": _text(row, spec, values, "body", required=True),
    }


def _check_strategies(rows, plan):
    spec = sheets.STRATEGIES
    existing = set(Strategy.objects.filter(plan=plan).values_list("number", flat=True)) if plan else set()
    for row in rows:
        number = parse_int(row, spec.header("number"), row.raw.get("number"), 1, 999)
        row.values = {
            "number": number,
            "title": _text(row, spec, row.raw, "title", required=True, limit=300),
            "background": _text(row, spec, row.raw, "background"),
            "main_projects": _text(row, spec, row.raw, "main_projects"),
            "budget_text": _text(row, spec, row.raw, "budget_text"),
        }
        row.action = UPDATE if number in existing else CREATE
    check_duplicates(rows, lambda row: row.values.get("number"), spec.header("number"))
    return {row.values["number"] for row in rows if row.values.get("number") is not None}


def _check_tasks(rows, numbers, units, plan):
    spec = sheets.TASKS
    existing = set(Task.objects.filter(strategy__plan=plan).values_list("code", flat=True)) if plan else set()
    for row in rows:
        values = row.raw
        strategy = parse_int(row, spec.header("strategy"), values.get("strategy"), 1, 999)
        if strategy is not None and strategy not in numbers:
            row.add_error(
                spec.header("strategy"), _("'추진전략' 시트에 %(number)s번 전략이 없습니다.") % {"number": strategy}
            )
        lead = _text(row, spec, values, "lead_unit", required=True)
        co_units = [name.strip() for name in cell_text(values.get("co_units")).split(",") if name.strip()]
        for name in [lead, *co_units]:
            if name and name not in units:
                row.add_error(spec.header("lead_unit"), _("조직 '%(name)s'이(가) 없습니다.") % {"name": name[:40]})
        kind = cell_text(values.get("type"))
        row.values = {
            "strategy": strategy,
            "code": _text(row, spec, values, "code", required=True, limit=20),
            "title": _text(row, spec, values, "title", required=True, limit=300),
            "type": parse_choice(row, spec.header("type"), kind, Task.Type.choices) if kind else "",
            "lead_unit": lead,
            "co_units": co_units,
            "period": {
                "start": _month(row, spec, values, "period_start"),
                "end": _month(row, spec, values, "period_end"),
                "text": _text(row, spec, values, "period_text", limit=100),
            },
            "content": _text(row, spec, values, "content"),
            "expected_effects": [
                line.strip() for line in cell_text(values.get("expected_effects")).splitlines() if line.strip()
            ],
            "budget_text": _text(row, spec, values, "budget_text"),
        }
        row.action = UPDATE if row.values["code"] in existing else CREATE
    check_duplicates(rows, lambda row: row.values.get("code") or None, spec.header("code"))
    return {row.values["code"] for row in rows if row.values.get("code")}


def _check_objective(row, spec, codes):
    values = row.raw
    half = cell_text(values.get("half"))
    row.values = {
        "task": _task_code(row, spec, values, codes),
        "text": _text(row, spec, values, "text", required=True),
        "half": parse_choice(row, spec.header("half"), half, TaskObjective.Half.choices) if half else "",
    }


def _check_action(row, spec, codes):
    values = row.raw
    row.values = {
        "task": _task_code(row, spec, values, codes),
        "title": _text(row, spec, values, "title", limit=300),
        "detail": _text(row, spec, values, "detail"),
        "schedule": _text(row, spec, values, "schedule", limit=100),
    }
    if not (row.values["title"] or row.values["detail"]):
        row.add_error(spec.header("title"), _("제목이나 내용을 입력하세요."))


def _task_code(row, spec, values, codes):
    code = _text(row, spec, values, "task", required=True)
    if code and code not in codes:
        row.add_error(spec.header("task"), _("'과제' 시트에 과제번호 '%(code)s'이(가) 없습니다.") % {"code": code[:20]})
    return code


def write_plan_workbook(preview: PlanImportPreview) -> Plan:
    """Write a checked workbook: units, the plan, its children, strategies and tasks, then the other apps' sheets."""
    municipality, found = preview.municipality, preview.sheets
    known = set(OrgUnit.objects.filter(municipality=municipality).values_list("name", flat=True))
    for order, row in enumerate(found[sheets.UNITS], start=1):
        values = row.values
        parent = OrgUnit.objects.get(municipality=municipality, name=values["parent"]) if values["parent"] else None
        fields = {**{k: v for k, v in values.items() if k not in ("name", "parent")}, "parent": parent}
        # A new unit takes its place from the sheet; an existing one keeps its place among all the city's units.
        upsert(
            OrgUnit,
            lookup={"municipality": municipality, "name": values["name"]},
            values=fields if values["name"] in known else {**fields, "order": order},
        )
    plan_values = dict(found[sheets.PLAN][0].values)
    plan_values["owner_unit"] = OrgUnit.objects.get(municipality=municipality, name=plan_values["owner_unit"])
    slug = plan_values.pop("slug")
    plan = upsert(Plan, lookup={"slug": slug}, values={**plan_values, "municipality": municipality})
    replace_children(plan.headline_targets, plan.headline_targets.model, [r.values for r in found[sheets.TARGETS]])
    replace_children(plan.approval_steps, ApprovalStep, [r.values for r in found[sheets.APPROVALS]])
    replace_children(plan.sections, plan.sections.model, [r.values for r in found[sheets.SECTIONS]])
    for strategy_row in found[sheets.STRATEGIES]:
        number = strategy_row.values["number"]
        tasks = [r.values for r in found[sheets.TASKS] if r.values["strategy"] == number]
        load_strategy(
            plan,
            municipality,
            {
                **strategy_row.values,
                "tasks": [
                    {
                        **task,
                        "objectives": [r.values for r in found[sheets.OBJECTIVES] if r.values["task"] == task["code"]],
                        "action_items": [r.values for r in found[sheets.ACTIONS] if r.values["task"] == task["code"]],
                    }
                    for task in tasks
                ],
            },
        )
    for section in sheets.extra_sections():
        section.write(plan, found[section.spec], {"municipality": municipality})
    return plan
