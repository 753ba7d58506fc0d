"""Public budget pages: a municipality's and a unit's money, summed in the database and listed a page at a time."""

from functools import reduce
from operator import or_

from django.db.models import Min, Q
from django.shortcuts import get_object_or_404, render

from budgets.models import BudgetLine
from budgets.summary import budget_summary, task_bars
from budgets.tables import printed_tables
from plans.as_of import newest_day
from plans.models import Municipality, OrgUnit
from portal.paging import page_of, page_of_ids

LINES_PER_PAGE = 50
TABLES_PER_PAGE = 40
TASK_BARS_PER_PAGE = 30


def _printed_tables_page(request, lines):
    """One page of the printed tables (per table, 단위사업 and name, in document order) and its lines."""
    keys = (
        lines.exclude(group="")
        .order_by()
        .values("table", "group", "name")
        .annotate(document=Min("source_document"), first=Min("seq"))
        .order_by("document", "first")
    )
    page = page_of(request, keys, param="tables", per_page=TABLES_PER_PAGE)
    wanted = [Q(table=key["table"], group=key["group"], name=key["name"]) for key in page.object_list]
    shown = list(lines.filter(reduce(or_, wanted)).for_page()) if wanted else []
    return page, printed_tables(shown)


def _budget_page(request, municipality, lines, unit=None):
    summary = budget_summary(lines, lambda: OrgUnit.objects.subtree_map(municipality.pk))
    tables_page, tables = _printed_tables_page(request, lines)
    line_page = page_of_ids(
        request,
        lines.order_by("source_document", "seq"),
        lambda ids: BudgetLine.objects.filter(pk__in=ids).for_page(),
        param="lines",
        per_page=LINES_PER_PAGE,
    )
    return render(
        request,
        "budgets/budget_page.html",
        {
            "municipality": municipality,
            "unit": unit,
            "lines": line_page,
            "lines_opened": "lines" in request.GET,
            "summary": summary,
            "task_bars": task_bars(
                summary["task_items"], lambda rows: page_of(request, rows, param="tasks", per_page=TASK_BARS_PER_PAGE)
            ),
            "tables": tables,
            "tables_page": tables_page,
            "documents": sorted(set(lines.order_by().values_list("source_document", flat=True).distinct())),
            "corrected": newest_day(lines, "corrected_at"),
        },
    )


def municipality_budget(request, slug):
    """Every budget figure of a municipality: stated totals, by source, by task and by year."""
    municipality = get_object_or_404(Municipality, slug=slug)
    return _budget_page(request, municipality, BudgetLine.objects.published().filter(municipality=municipality))


def unit_budget(request, slug, pk):
    """The budget figures of one unit and the units below it."""
    unit = get_object_or_404(OrgUnit.objects.select_related("municipality"), municipality__slug=slug, pk=pk)
    lines = BudgetLine.objects.published().filter(unit_id__in=OrgUnit.objects.subtree_ids(unit))
    return _budget_page(request, unit.municipality, lines, unit=unit)
