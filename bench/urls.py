"""The portal's URLs plus the benches' references: a bare view and hand-written values() → JsonResponse lists.

The bare view sits under the same language prefix as the public pages, so it passes through
exactly the same middleware. The hand-written lists return the same page of the same rows as
the API's lists, built by hand from `values()`; they are the floor the API is measured against.
"""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse, JsonResponse
from django.urls import path

from budgets.models import BudgetLine
from config import urls as portal_urls
from kpis.models import EvaluationMilestone, Indicator, Measurement, Target
from plans.models import ProgressReport, Task
from pledges.models import Pledge, PledgeCard

PAGE = 50
BARE_HTML = "<!doctype html><html lang='ko'><head><title>bare</title></head><body><p>bare</p></body></html>"


def bare(request):
    """The least a page can cost: a fixed HTML answer."""
    return HttpResponse(BARE_HTML)


def _page(request, rows):
    """`{"count", "results"}` of the first page of `rows` (values() rows) for the `municipality` slug."""
    rows = rows.filter(**{_MUNICIPALITY[rows.model]: request.GET["municipality"]})
    return {"count": rows.count(), "results": list(rows[:PAGE])}


_MUNICIPALITY = {
    Task: "strategy__plan__municipality__slug",
    ProgressReport: "task__strategy__plan__municipality__slug",
    BudgetLine: "municipality__slug",
    Pledge: "term__municipality__slug",
    PledgeCard: "pledge__term__municipality__slug",
    Indicator: "municipality__slug",
    EvaluationMilestone: "municipality__slug",
}


def tasks(request):
    """Tasks with their latest approved report, as the task list orders them."""
    fields = ["id", "code", "order", "title", "type", "period_start", "period_end", "period_text"]
    fields += ["strategy__plan__municipality__slug", "strategy__plan__slug", "strategy__plan__title"]
    fields += ["strategy_id", "strategy__number", "strategy__title", "lead_unit_id", "lead_unit__name"]
    fields += ["latest_status", "latest_progress", "latest_year", "latest_quarter", "latest_reviewed_at"]
    rows = Task.objects.published().with_latest_report().order_by("strategy__plan_id", "strategy__number", "order")
    return JsonResponse(_page(request, rows.values(*fields)))


def progress_reports(request):
    """Approved reports of published tasks, newest quarter first."""
    fields = ["id", "year", "quarter", "status", "progress", "narrative", "problems", "next_steps", "reviewed_at"]
    fields += ["task_id", "task__code", "task__title", "task__strategy__plan__slug"]
    rows = ProgressReport.objects.published().order_by("-year", "-quarter", "task__code", "id")
    return JsonResponse(_page(request, rows.values(*fields)))


def budget_lines(request):
    """Budget lines in document order."""
    fields = [f.attname for f in BudgetLine._meta.concrete_fields if f.name != "overrun_reason"]
    rows = BudgetLine.objects.published().order_by("source_document", "seq").values(*fields, "unit__name")
    return JsonResponse(_page(request, rows))


def pledges(request):
    """Pledges with their approved cards' periods."""
    fields = ["id", "code", "title", "target", "status", "status_changed_on", "term_id", "term__name"]
    fields += ["lead_unit_id", "lead_unit__name"]
    data = _page(request, Pledge.objects.order_by("code", "id").values(*fields))
    cards = PledgeCard.objects.approved().filter(pledge_id__in=[row["id"] for row in data["results"]])
    by_pledge = {}
    for card in cards.order_by("period_start").values("id", "pledge_id", "label", "period_start", "period_end"):
        by_pledge.setdefault(card["pledge_id"], []).append(card)
    for row in data["results"]:
        row["periods"] = by_pledge.get(row["id"], [])
    return JsonResponse(data)


def pledge_cards(request):
    """Approved cards by pledge and period."""
    fields = ["id", "pledge_id", "label", "period_start", "period_end", "reviewed_at"]
    rows = PledgeCard.objects.approved().order_by("pledge_id", "period_start", "id").values(*fields)
    return JsonResponse(_page(request, rows))


def indicators(request):
    """Indicators with their targets and measurements by period."""
    fields = ["id", "key", "name", "group", "unit", "direction", "kind", "plan_id", "strategy_id", "task_id"]
    fields += ["pledge_id", "responsible_unit_id", "responsible_unit__name", "subtotal", "subtotal_text"]
    data = _page(request, Indicator.objects.published().order_by("source_document", "order", "id").values(*fields))
    ids = [row["id"] for row in data["results"]]
    period = ["indicator_id", "period", "year", "sub", "date", "label", "value", "text"]
    series = {row["id"]: {"targets": [], "measurements": []} for row in data["results"]}
    for target in Target.objects.filter(indicator_id__in=ids).order_by("order").values(*period):
        series[target["indicator_id"]]["targets"].append(target)
    for measurement in Measurement.objects.filter(indicator_id__in=ids).order_by("order").values(*period, "note"):
        series[measurement["indicator_id"]]["measurements"].append(measurement)
    for row in data["results"]:
        row.update(series[row["id"]])
    return JsonResponse(data)


def milestones(request):
    """The evaluation calendar in date order."""
    fields = ["id", "plan_id", "year", "track", "title", "start", "end", "recurrence", "note"]
    fields += ["responsible_unit_id", "responsible_unit__name"]
    rows = EvaluationMilestone.objects.published().order_by("start", "order", "id").values(*fields)
    return JsonResponse(_page(request, rows))


HANDWRITTEN = {
    "tasks": tasks,
    "progress-reports": progress_reports,
    "budget-lines": budget_lines,
    "pledges": pledges,
    "pledge-cards": pledge_cards,
    "indicators": indicators,
    "milestones": milestones,
}

urlpatterns = [
    *[path(f"bench/api/{name}/", view) for name, view in HANDWRITTEN.items()],
    *portal_urls.urlpatterns,
    *i18n_patterns(path("bench/bare/", bare), prefix_default_language=False),
]
