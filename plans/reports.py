"""The plan-progress report (업무계획 추진현황): every task with its latest quarter's report.

Other apps add columns through their AppConfig's `plan_report_columns` (the budgets app:
소요예산), so this module names none of their fields.
"""

from django.apps import apps
from django.db.models import Max, OuterRef, Prefetch, Q, Subquery
from django.utils.module_loading import import_string

from plans.models import OrgUnit, Plan, ProgressReport, Task, TaskObjective
from portal.excel import Column, Report, Row, Sheet, newest_date

LEADING_COLUMNS = [
    Column("업무계획", 11, wrap=True),
    Column("추진전략", 13, wrap=True),
    Column("과제번호", 6, align="center"),
    Column("과제명", 20, wrap=True),
    Column("주관부서", 9, wrap=True),
    Column("사업기간", 10, wrap=True),
]
TRAILING_COLUMNS = [
    Column("기준 분기", 8, wrap=True),
    Column("추진상태", 7, wrap=True),
    Column("추진률(%)", 6, number_format="#,##0", fraction_format="#,##0"),
    Column("처리상태", 6),
    Column("추진실적", 22, wrap=True),
    Column("협업부서·기관", 9, wrap=True),
    Column("추진목표", 22, wrap=True),
]
LATEST_FIELDS = ("year", "quarter", "status", "progress", "state", "narrative")


def progress_tasks(filters):
    """Tasks in scope, with plan, strategy, owners and objectives joined and the latest report annotated."""
    tasks = filters.for_plan(
        filters.scope(Task.objects.all(), "lead_unit", "strategy__plan__municipality"), "strategy__plan"
    )
    reports = ProgressReport.objects.filter(task=OuterRef("pk"))
    if filters.year:
        tasks = tasks.filter(
            strategy__plan__period_start__year__lte=filters.year, strategy__plan__period_end__year__gte=filters.year
        )
        reports = reports.filter(year__lte=filters.year)
        if filters.quarter:
            reports = reports.filter(Q(year__lt=filters.year) | Q(quarter__lte=filters.quarter))
    latest = reports.order_by("-year", "-quarter")
    return (
        tasks.select_related("strategy__plan", "lead_unit")
        .prefetch_related(
            Prefetch("co_units", queryset=OrgUnit.objects.order_by("order", "name")),
            Prefetch("objectives", queryset=TaskObjective.objects.order_by("order")),
        )
        .annotate(**{f"report_{name}": Subquery(latest.values(name)[:1]) for name in LATEST_FIELDS})
        .order_by("strategy__plan__municipality__name", "strategy__plan__title", "strategy__number", "order", "code")
    )


def contributed_columns(filters):
    """Columns other apps add after 사업기간: [(columns, {task id: values}, unit text)].

    An app declares `plan_report_columns` on its AppConfig: the dotted path of a function
    taking the report filters and returning (columns, {task id: values}, unit text), in a
    fixed number of queries.
    """
    contributed = []
    for config in apps.get_app_configs():
        path = getattr(config, "plan_report_columns", None)
        if path:
            contributed.append(import_string(path)(filters))
    return contributed


def task_period(task):
    """사업기간 as the document gives it; blank when it gives none (never the plan's period)."""
    if task.period_text:
        return task.period_text
    if task.period_start and task.period_end:
        return f"{task.period_start:%Y.%m.}~{task.period_end:%Y.%m.}"
    return ""


def _objectives(task):
    return "\n".join(
        f"- ({objective.half}) {objective.text}" if objective.half else f"- {objective.text}"
        for objective in task.objectives.all()
    )


def progress_rows(filters, contributed):
    """One row per task: plan › strategy › task, unit, period, contributed columns, latest report, owners."""
    statuses, states = dict(ProgressReport.Status.choices), dict(ProgressReport.State.choices)
    for task in progress_tasks(filters).iterator(chunk_size=2000):
        reported = task.report_year is not None
        extra = []
        for columns, values, _unit in contributed:
            extra += values.get(task.pk, ["-"] * len(columns))
        yield [
            task.strategy.plan.title,
            f"{task.strategy.number}. {task.strategy.title}",
            task.code,
            task.title,
            task.lead_unit.name,
            task_period(task),
            *extra,
            f"{task.report_year}년 {task.report_quarter}분기" if reported else "미보고",
            statuses.get(task.report_status, "-"),
            task.report_progress if reported else "-",
            states.get(task.report_state, "-"),
            task.report_narrative or "",
            ", ".join(unit.name for unit in task.co_units.all()),
            _objectives(task),
        ]


def plans_in_report(filters):
    """The plans whose tasks the report lists, with their vision, goal and headline targets."""
    tasks = filters.for_plan(
        filters.scope(Task.objects.all(), "lead_unit", "strategy__plan__municipality"), "strategy__plan"
    )
    return (
        Plan.objects.filter(pk__in=tasks.values("strategy__plan"))
        .select_related("municipality", "owner_unit")
        .prefetch_related("headline_targets")
        .order_by("municipality__name", "title")
    )


OVERVIEW_COLUMNS = [
    Column("업무계획", 28, wrap=True),
    Column("소관", 18, wrap=True),
    Column("구분", 12),
    Column("내용", 90, wrap=True),
]


def plan_overview_rows(plans):
    """Per plan: owning unit, period, approval, vision (비전), goal and headline targets."""
    for plan in plans:
        owner = f"{plan.municipality.name} {plan.owner_unit.name}"
        yield Row([plan.title, owner, "계획 기간", f"{plan.period_start:%Y.%m.}~{plan.period_end:%Y.%m.}"])
        if plan.document_number or plan.approved_on:
            approval = " · ".join(
                filter(None, [plan.document_number, plan.approved_on and f"결재 {plan.approved_on:%Y-%m-%d}"])
            )
            yield ["", "", "결재", approval]
        if plan.vision:
            yield ["", "", "비전", plan.vision]
        if plan.goal:
            yield ["", "", "목표", plan.goal]
        for number, target in enumerate(plan.headline_targets.all(), 1):
            yield ["", "", f"핵심 목표 {number}", target.text]


def report_as_of(filters, plans):
    """자료 기준일: the newest approval or production date of the plans and review of approved reports."""
    dated = plans.aggregate(approved=Max("approved_on"), produced=Max("produced_on"))
    tasks = filters.for_plan(
        filters.scope(Task.objects.all(), "lead_unit", "strategy__plan__municipality"), "strategy__plan"
    )
    reviewed = ProgressReport.objects.approved().filter(task__in=tasks).aggregate(last=Max("reviewed_at"))["last"]
    return newest_date(dated["approved"], dated["produced"], reviewed)


def plan_progress_report(filters):
    """업무계획 추진현황."""
    title = "업무계획 추진현황"
    plans = plans_in_report(filters)
    contributed = contributed_columns(filters)
    columns = [*LEADING_COLUMNS, *(column for cols, _values, _unit in contributed for column in cols)]
    columns += TRAILING_COLUMNS
    unit_label = "(단위: " + ", ".join([*(unit for _cols, _values, unit in contributed if unit), "추진률 %"]) + ")"
    return Report(
        name="plan-progress",
        title=title,
        as_of=report_as_of(filters, plans),
        as_of_note="결재·생산일자와 분기 실적 승인일 중 최근",
        sheets=[
            Sheet(
                name=title,
                title=title,
                unit_label=unit_label,
                columns=columns,
                rows=progress_rows(filters, contributed),
            ),
            Sheet(
                name="계획 개요",
                title=f"{title}: 계획 개요 (비전·목표)",
                unit_label="",
                columns=OVERVIEW_COLUMNS,
                rows=plan_overview_rows(plans),
                autofilter=False,
            ),
        ],
    )
