"""Public pages: thin views that read a QuerySet and render a template."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from plans.models import Facility, Municipality, OrgUnit, Plan, ProgressReport, SourceDocument, Task
from plans.models.plans import TaskQuerySet
from plans.org_tree import build_tree, walk
from plans.rollups import rollups_by
from plans.updates import UPDATES_LIMIT, city_updates
from portal.search import SEARCH_MAX_LENGTH, search_words

SEARCH_MAX_TASKS = 50
# A city page shows its newest plans; the plan list has them all.
CITY_PLANS = 6
SOURCE_PLANS = 20


def home(request):
    """The front page: every municipality the portal covers."""
    municipalities = Municipality.objects.order_by("name")
    return render(request, "plans/home.html", {"municipalities": municipalities})


def organisation(request, slug):
    """A municipality's organisation: its unit tree with heads and headcounts."""
    municipality = get_object_or_404(Municipality, slug=slug)
    roots = build_tree(
        OrgUnit.objects.filter(municipality=municipality).select_related("municipality").with_latest_headcount()
    )
    headcount_units = [unit for unit in walk(roots) if unit.latest_headcount]
    return render(
        request,
        "plans/organisation.html",
        {"municipality": municipality, "roots": roots, "headcount_units": headcount_units},
    )


def unit_detail(request, slug, pk):
    """One unit: its head, headcount, sub-units and the published tasks it leads or shares."""
    unit = get_object_or_404(
        OrgUnit.objects.select_related("municipality", "parent__municipality").with_latest_headcount(),
        municipality__slug=slug,
        pk=pk,
    )
    children = unit.children.select_related("municipality").with_latest_headcount().order_by("order", "name")
    tasks = Task.objects.published().for_listing()
    return render(
        request,
        "plans/unit_detail.html",
        {
            "municipality": unit.municipality,
            "unit": unit,
            "children": children,
            "led_tasks": tasks.filter(lead_unit=unit),
            "shared_tasks": tasks.filter(co_units=unit),
            "facilities": Facility.objects.published().filter(unit=unit).with_staff(),
        },
    )


def plan_list(request, slug):
    """A municipality's published plans with their period and number of strategies and tasks."""
    municipality = get_object_or_404(Municipality, slug=slug)
    plans = Plan.objects.published().filter(municipality=municipality).with_counts()
    return render(request, "plans/plan_list.html", {"municipality": municipality, "plans": plans})


def _choice(value, allowed):
    """`value` (stripped) when it is one of `allowed`, else ""."""
    value = value.strip()
    return value if value in allowed else ""


def plan_detail(request, slug, plan_slug):
    """One published plan: its document data, strategies and tasks, filterable by lead unit and status."""
    in_plan = {"strategy__plan__municipality__slug": slug, "strategy__plan__slug": plan_slug}
    units = list(Task.objects.published().filter(**in_plan).lead_units())
    # A value the form cannot produce filters nothing rather than fail.
    unit_id = _choice(request.GET.get("unit", ""), {str(unit.pk) for unit in units})
    status = _choice(request.GET.get("status", ""), {*ProgressReport.Status.values, TaskQuerySet.NO_REPORT})
    tasks = Task.objects.matching(unit_id=unit_id, status=status)
    plan = get_object_or_404(
        Plan.objects.published().for_public_page(tasks=tasks), municipality__slug=slug, slug=plan_slug
    )
    strategies = plan.strategies.all()
    return render(
        request,
        "plans/plan_detail.html",
        {
            "municipality": plan.municipality,
            "plan": plan,
            "strategies": strategies,
            "units": units,
            "statuses": ProgressReport.Status.choices,
            "no_report": TaskQuerySet.NO_REPORT,
            "selected_unit": unit_id,
            "selected_status": status,
            "is_filtered": bool(unit_id or status),
            "shown_task_count": sum(len(strategy.tasks.all()) for strategy in strategies),
        },
    )


def task_detail(request, slug, plan_slug, code):
    """One task of a published plan: objectives, content, action items and its approved reports only."""
    task = (
        Task.objects.published()
        .filter(strategy__plan__municipality__slug=slug, strategy__plan__slug=plan_slug, code=code)
        .for_public_page()
        .order_by("strategy__number", "order")
        .first()
    )
    if task is None:
        raise Http404("No such task")
    plan = task.strategy.plan
    return render(
        request,
        "plans/task_detail.html",
        {"municipality": plan.municipality, "plan": plan, "task": task},
    )


def search(request):
    """Published plans and tasks whose text contains the words asked for, also inside longer words."""
    query, truncated = search_words(request.GET.get("q"))
    context = {"query": query, "truncated": truncated, "max_length": SEARCH_MAX_LENGTH}
    if query:
        tasks = Task.objects.published().search(query).for_listing()
        context.update(
            plans=list(Plan.objects.published().search(query).with_counts()),
            tasks=tasks[:SEARCH_MAX_TASKS],
            task_count=tasks.count(),
            max_tasks=SEARCH_MAX_TASKS,
        )
    return render(request, "plans/search.html", context)


def city(request, slug):
    """A city's front door: its plans with their overall progress, and the pledge, budget and KPI figures."""
    municipality = get_object_or_404(Municipality, slug=slug)
    published = Plan.objects.published().filter(municipality=municipality)
    plans = list(published.with_counts().order_by("-period_start", "title")[:CITY_PLANS])
    tasks = (
        Task.objects.published()
        .filter(strategy__plan__in=[plan.pk for plan in plans])
        .with_latest_report()
        .only("pk", "strategy__plan_id")
        .select_related("strategy")
    )
    progress = rollups_by(tasks, key=lambda task: task.strategy.plan_id)
    keeper = OrgUnit.objects.filter(municipality=municipality, is_coordinating=True).order_by("order").first()
    return render(
        request,
        "plans/city.html",
        {
            "municipality": municipality,
            "plans": [(plan, progress.get(plan.pk)) for plan in plans],
            "plan_count": published.count(),
            "keeper": keeper,
        },
    )


def updates(request, slug):
    """최근 변경: a city's newest approved updates from every app, with links to what changed."""
    municipality = get_object_or_404(Municipality, slug=slug)
    return render(
        request,
        "plans/updates.html",
        {"municipality": municipality, "updates": city_updates(municipality=municipality), "limit": UPDATES_LIMIT},
    )


def source(request, key):
    """One source document: what it is, and every part of the portal that came from it."""
    document = get_object_or_404(SourceDocument.objects.select_related("municipality"), key=key)
    plans = Plan.objects.published().filter(source=document.key).with_counts()
    return render(
        request,
        "plans/source.html",
        {"document": document, "municipality": document.municipality, "plans": plans[:SOURCE_PLANS]},
    )
