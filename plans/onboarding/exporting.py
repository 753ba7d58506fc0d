"""Writing a plan as its workbook: the same sheets the import reads, so an export imports back unchanged."""

from plans.models import OrgUnit, Plan, Task
from plans.onboarding import sheets
from plans.org_tree import UnitTree
from portal.spreadsheet import write_workbook


def month(day):
    """A month as the workbook writes it: 2026-03; blank when the document gives none."""
    return f"{day:%Y-%m}" if day else ""


def plan_units(plan):
    """The units the plan names (owner, lead and co-owning units, those of its budget lines) with their ancestors."""
    named = {plan.owner_unit_id}
    for task in Task.objects.filter(strategy__plan=plan).prefetch_related("co_units"):
        named.add(task.lead_unit_id)
        named.update(unit.pk for unit in task.co_units.all())
    for section in sheets.extra_sections():
        named.update(getattr(section, "unit_ids", lambda plan: ())(plan))
    units = {unit.pk: unit for unit in OrgUnit.objects.filter(municipality=plan.municipality_id)}
    wanted = set()
    for unit_id in named:
        while unit_id is not None and unit_id not in wanted:
            wanted.add(unit_id)
            unit_id = units[unit_id].parent_id
    tree = UnitTree((unit.pk, unit.parent_id) for unit in units.values())
    return [units[unit_id] for unit_id in tree.depth_first() if unit_id in wanted]


def plan_sheets(plan):
    """(spec, rows) for every sheet of the plan's workbook."""
    tasks = list(
        Task.objects.filter(strategy__plan=plan)
        .select_related("strategy", "lead_unit")
        .prefetch_related("co_units", "objectives", "action_items")
        .order_by("strategy__number", "order", "code")
    )
    units = plan_units(plan)
    by_id = {unit.pk: unit for unit in units}
    rows = {
        sheets.UNITS: [
            [
                unit.name,
                by_id[unit.parent_id].name if unit.parent_id in by_id else "",
                unit.get_kind_display(),
                unit.head_title,
                unit.head_name,
                "예" if unit.is_coordinating else "아니오",
            ]
            for unit in units
        ],
        sheets.PLAN: [
            [
                plan.slug,
                plan.title,
                plan.owner_unit.name,
                month(plan.period_start),
                month(plan.period_end),
                plan.vision,
                plan.goal,
                plan.level1_label,
                plan.level2_label,
                plan.source,
                plan.licence,
                *(getattr(plan, key) for key, _header in sheets.APPROVAL_TEXT_COLUMNS),
                plan.approved_on,
                plan.produced_on,
            ]
        ],
        sheets.TARGETS: [[t.text, t.value, t.unit, t.year] for t in plan.headline_targets.order_by("order")],
        sheets.APPROVALS: [
            [step.get_kind_display(), step.title, step.name, step.signed]
            for step in plan.approval_steps.order_by("order")
        ],
        sheets.SECTIONS: [[section.title, section.body] for section in plan.sections.order_by("order")],
        sheets.STRATEGIES: [
            [s.number, s.title, s.background, s.main_projects, s.budget_text]
            for s in plan.strategies.order_by("number")
        ],
        sheets.TASKS: [_task_row(task) for task in tasks],
        sheets.OBJECTIVES: [
            [task.code, objective.text, objective.half]
            for task in tasks
            for objective in sorted(task.objectives.all(), key=lambda o: o.order)
        ],
        sheets.ACTIONS: [
            [task.code, action.title, action.detail, action.schedule]
            for task in tasks
            for action in sorted(task.action_items.all(), key=lambda a: a.order)
        ],
    }
    extra = [(section.spec, section.export_rows(plan)) for section in sheets.extra_sections()]
    return [(spec, rows[spec]) for spec in sheets.PLAN_SHEETS] + extra


def _task_row(task):
    return [
        task.strategy.number,
        task.code,
        task.title,
        task.get_type_display() if task.type else "",
        task.lead_unit.name,
        ", ".join(unit.name for unit in sorted(task.co_units.all(), key=lambda unit: unit.name)),
        month(task.period_start),
        month(task.period_end),
        task.period_text,
        task.content,
        "\n".join(task.expected_effects),
        task.budget_text,
    ]


def export_plan(plan: Plan, target) -> int:
    """Write `plan` as its workbook to `target` (a path or binary file); returns the number of rows written."""
    pairs = plan_sheets(plan)
    write_workbook(pairs, target)
    return sum(len(rows) for _spec, rows in pairs)
