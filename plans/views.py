"""Public pages: thin views that read a QuerySet and render a template."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from plans.models import Municipality, OrgUnit, Plan, ProgressReport, Task
from plans.models.plans import TaskQuerySet
from plans.org_tree import build_tree, walk_nodes
from portal.paging import page_of, page_of_ids

SEARCH_MAX_LENGTH = 100
SEARCH_PLANS_PER_PAGE = 10
TASKS_PER_PAGE = 20
UNITS_PER_PAGE = 50


def home(request):
    """The front page: every municipality the portal covers."""
    municipalities = Municipality.objects.order_by("name")
    return render(request, "plans/home.html", {"municipalities": municipalities})


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
    return render(
        request,
        "plans/unit_detail.html",
        {
            "municipality": unit.municipality,
            "unit": unit,
            "children": page_of(request, children, param="units", per_page=UNITS_PER_PAGE),
            "led_tasks": page_of(request, tasks.filter(lead_unit=unit), param="led", per_page=TASKS_PER_PAGE),
            "shared_tasks": page_of(request, tasks.filter(co_units=unit), param="shared", per_page=TASKS_PER_PAGE),
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
    strategies = _strategy_rows(plan.strategies.all(), tasks.strategy_progress(), TASKS_PER_PAGE)
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
        },
    )


def _strategy_rows(strategies, progress, per_page):
    """Each strategy with its task count, reported count, mean progress and the page its first task is on."""
    rows, before = [], 0
    for strategy in strategies:
        row = {"tasks": 0, "reported": 0, "progress": None, **progress.get(strategy.pk, {})}
        rows.append({**row, "strategy": strategy, "first_page": before // per_page + 1})
        before += row["tasks"]
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
    """Published plans and tasks whose text contains the words asked for, also inside longer words."""
    raw = request.GET.get("q", "")
    query = raw.strip()[:SEARCH_MAX_LENGTH].strip()
    context = {"query": query, "truncated": len(raw.strip()) > SEARCH_MAX_LENGTH, "max_length": SEARCH_MAX_LENGTH}
    if query:
        tasks = (
            Task.objects.published().search(query).for_listing().order_by("strategy__plan", "strategy__number", "order")
        )
        plans = Plan.objects.published().search(query).order_by("-period_start", "title")
        context.update(
            plans=page_of_ids(request, plans, _plan_rows, param="plans", per_page=SEARCH_PLANS_PER_PAGE),
            tasks=page_of(request, tasks, per_page=TASKS_PER_PAGE),
        )
    return render(request, "plans/search.html", context)
