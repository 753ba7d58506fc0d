"""Public pages: thin views that read a QuerySet and render a template."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from plans.figures import keeper_of, plan_figures
from plans.models import Facility, Municipality, OrgUnit, Plan, ProgressReport, ReportEvidence, SourceDocument, Task
from plans.models.plans import TaskQuerySet
from plans.org_tree import build_tree, walk_nodes
from plans.rollups import RULES, summed_rollups
from plans.updates import UPDATES_LIMIT, city_updates
from portal.evidence import evidence_response
from portal.paging import page_of, page_of_ids
from portal.search import SEARCH_MAX_LENGTH, search_groups, search_words

SEARCH_PER_GROUP = 5
SEARCH_PER_PAGE = 20
TASKS_PER_PAGE = 20
UNITS_PER_PAGE = 50
# A roll-up names this many of the tasks it leaves out for want of an approved report, and counts the rest.
UNREPORTED_NAMED = 10
# A city page shows its newest plans; the plan list has them all.
CITY_PLANS = 6
# The home page names each city's newest plan only.
HOME_PLANS = 1
HOME_CITIES = 12
SOURCE_PLANS = 20


def home(request):
    """The front page: the municipalities the portal covers, a page of cards, each with its headline figures and dates.

    Each card costs the same few queries whatever the size of its city; the cards are paged so
    the page stays the same size however many cities the portal covers.
    """
    page = page_of(request, Municipality.objects.order_by("name"), per_page=HOME_CITIES)
    cities = [
        {"municipality": municipality, "keeper": keeper_of(municipality), **plan_figures(municipality, HOME_PLANS)}
        for municipality in page.object_list
    ]
    return render(request, "plans/home.html", {"cities": cities, "page": page})


def organisation(request, slug):
    """A municipality's organisation, ten top units a page, open down to 과 with teams folded; headcounts paged."""
    municipality = get_object_or_404(Municipality, slug=slug)
    units = OrgUnit.objects.filter(municipality=municipality)
    roots = page_of(request, units.filter(parent__isnull=True).values_list("pk", flat=True), param="units", per_page=10)
    shown, hidden_children = OrgUnit.objects.open_down_to_divisions(municipality.pk, list(roots.object_list))
    tree = build_tree(units.filter(pk__in=shown).select_related("municipality").with_latest_headcount())
    for node in walk_nodes(tree):
        node.hidden_children = hidden_children.get(node.unit.pk, 0)
    headcounts = page_of(
        request,
        units.having_headcount().select_related("municipality").with_latest_headcount(),
        per_page=UNITS_PER_PAGE,
    )
    return render(
        request,
        "plans/organisation.html",
        {"municipality": municipality, "roots": tree, "roots_page": roots, "headcount_page": headcounts},
    )


def unit_detail(request, slug, pk):
    """One unit: its head, headcount, sub-units and the published tasks it leads or shares, each list paged."""
    unit = get_object_or_404(
        OrgUnit.objects.select_related("municipality", "parent__municipality").with_latest_headcount(),
        municipality__slug=slug,
        pk=pk,
    )
    children = unit.children.select_related("municipality").with_latest_headcount().order_by("order", "name")
    tasks = Task.objects.published().for_listing().order_by("strategy__plan", "strategy__number", "order", "code")
    led = tasks.filter(lead_unit=unit)
    progress = summed_rollups(led, "lead_unit_id").get(unit.pk)
    if progress is not None:
        progress.unreported = list(led.filter(latest_progress__isnull=True)[:UNREPORTED_NAMED])
    return render(
        request,
        "plans/unit_detail.html",
        {
            "municipality": unit.municipality,
            "unit": unit,
            "children": page_of(request, children, param="units", per_page=UNITS_PER_PAGE),
            "progress": progress,
            "led_tasks": page_of(request, led, param="led", per_page=TASKS_PER_PAGE),
            "shared_tasks": page_of(request, tasks.filter(co_units=unit), param="shared", per_page=TASKS_PER_PAGE),
            "facilities": Facility.objects.published().filter(unit=unit).with_staff(),
        },
    )


def plan_list(request, slug):
    """A municipality's published plans with their period and number of strategies and tasks, paged."""
    municipality = get_object_or_404(Municipality, slug=slug)
    plans = page_of_ids(
        request,
        Plan.objects.published().filter(municipality=municipality).order_by("-period_start", "title"),
        _plan_rows,
    )
    return render(request, "plans/plan_list.html", {"municipality": municipality, "plans": plans})


def _plan_rows(ids):
    """The plans `ids` with their counts, for one page of a list."""
    return Plan.objects.filter(pk__in=ids).with_counts()


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
    plan = get_object_or_404(
        Plan.objects.published().for_public_page(tasks=False), municipality__slug=slug, slug=plan_slug
    )
    tasks = Task.objects.filter(strategy__plan=plan).matching(unit_id=unit_id, status=status)
    progress = summed_rollups(tasks, "strategy_id")
    strategies = _strategy_rows(plan.strategies.all(), progress, TASKS_PER_PAGE)
    page = page_of(request, tasks.for_listing().order_by("strategy__number", "order", "code"), per_page=TASKS_PER_PAGE)
    on_page = {}
    for task in page.object_list:
        on_page.setdefault(task.strategy_id, []).append(task)
    last_page = page.paginator.num_pages
    sections = [
        (row["strategy"], on_page.get(row["strategy"].pk, []))
        for row in strategies
        if row["strategy"].pk in on_page
        or (not row["tasks"] and not (unit_id or status) and min(row["first_page"], last_page) == page.number)
    ]
    return render(
        request,
        "plans/plan_detail.html",
        {
            "municipality": plan.municipality,
            "plan": plan,
            "strategies": strategies,
            "page": page,
            "sections": sections,
            "units": units,
            "statuses": ProgressReport.Status.choices,
            "no_report": TaskQuerySet.NO_REPORT,
            "selected_unit": unit_id,
            "selected_status": status,
            "is_filtered": bool(unit_id or status),
            "shown_task_count": page.paginator.count,
            "rules": [RULES[rule] for rule in RULES if any(p.rule == rule for p in progress.values())],
            "progress_as_of": max((p.as_of for p in progress.values() if p.as_of), default=None),
        },
    )


def _strategy_rows(strategies, progress, per_page):
    """Each strategy with its task count, reported count, roll-up and the page its first task is on."""
    rows, before = [], 0
    for strategy in strategies:
        rollup = progress.get(strategy.pk)
        tasks = rollup.total if rollup else 0
        reported = rollup.counted_count if rollup else 0
        row = {"tasks": tasks, "reported": reported, "rollup": rollup, "strategy": strategy}
        rows.append({**row, "first_page": before // per_page + 1})
        before += tasks
    return rows


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
    """Everything citizens may read whose text holds the words: plans, tasks, pledges, units, indicators, reports.

    Results come grouped by kind, each with its count and its first rows; `?kind=` pages through one group.
    """
    query, truncated = search_words(request.GET.get("q"))
    context = {"query": query, "truncated": truncated, "max_length": SEARCH_MAX_LENGTH}
    if query:
        groups = search_groups()
        kind = request.GET.get("kind", "")
        chosen = next((group for group in groups if group.key == kind), None)
        if chosen is not None:
            context.update(kind=chosen, page=page_of(request, chosen.find(query), per_page=SEARCH_PER_PAGE))
        else:
            found = [(group, group.find(query)) for group in groups]
            context["groups"] = [
                {"group": group, "count": queryset.count(), "rows": list(queryset[:SEARCH_PER_GROUP])}
                for group, queryset in found
            ]
            context["total"] = sum(row["count"] for row in context["groups"])
    return render(request, "plans/search.html", context)


def city(request, slug):
    """A city's front door: its plans with their overall progress, and the pledge, budget and KPI figures."""
    municipality = get_object_or_404(Municipality, slug=slug)
    return render(
        request,
        "plans/city.html",
        {"municipality": municipality, "keeper": keeper_of(municipality), **plan_figures(municipality, CITY_PLANS)},
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


def report_evidence(request, pk):
    """An evidence file of an approved quarterly report, always as a download and never rendered inline."""
    return evidence_response(get_object_or_404(ReportEvidence.objects.published(), pk=pk))
