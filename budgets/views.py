"""Public budget pages: a municipality's and a unit's money, from one list of budget lines."""

from django.shortcuts import get_object_or_404, render

from budgets.models import BudgetLine
from budgets.summary import budget_summary
from budgets.tables import printed_tables
from plans.models import Municipality, OrgUnit


def _sources(lines):
    return sorted({line.source_document for line in lines})


def municipality_budget(request, slug):
    """Every budget figure of a municipality: stated totals, by source, by task and by year."""
    municipality = get_object_or_404(Municipality, slug=slug)
    lines = list(BudgetLine.objects.published().filter(municipality=municipality).for_page())
    subtrees = OrgUnit.objects.subtree_map(municipality.pk)
    return render(
        request,
        "budgets/budget_page.html",
        {
            "municipality": municipality,
            "lines": lines,
            "summary": budget_summary(lines, subtrees),
            "tables": printed_tables([line for line in lines if line.group]),
            "documents": _sources(lines),
        },
    )


def unit_budget(request, slug, pk):
    """The budget figures of one unit and the units below it."""
    unit = get_object_or_404(OrgUnit.objects.select_related("municipality"), municipality__slug=slug, pk=pk)
    subtrees = OrgUnit.objects.subtree_map(unit.municipality_id)
    lines = list(BudgetLine.objects.published().filter(unit_id__in=subtrees[unit.pk]).for_page())
    return render(
        request,
        "budgets/budget_page.html",
        {
            "municipality": unit.municipality,
            "unit": unit,
            "lines": lines,
            "summary": budget_summary(lines, subtrees),
            "tables": printed_tables([line for line in lines if line.group]),
            "documents": _sources(lines),
        },
    )
