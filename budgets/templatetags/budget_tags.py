"""Budget sections that plan and pledge pages include, and the money filter."""

from django import template
from django.db import models

from budgets.models import BudgetLine, DisplayUnit, execution_rate
from budgets.money import common_unit, format_amount
from budgets.rollups import task_sums
from budgets.tables import printed_tables
from plans.models import OrgUnit
from portal.templatetags.languages import term

register = template.Library()
# A city page shows at most this many stated totals; the budget page has them all.
CITY_TOTALS = 6


@register.simple_tag
def money(won, unit, unknown_text=""):
    """An amount of 원 in the document's unit with separators; unknown stays "-" or its word (추후확정 …)."""
    return format_amount(won, unit, term(unknown_text))


@register.filter
def unit_label(unit):
    """The money unit in the reader's language (백만원 → million won on English pages)."""
    return DisplayUnit(unit).label if unit in DisplayUnit.values else unit


@register.simple_tag
def rate(planned, executed):
    """집행률 text, "-" where either amount is unknown."""
    value = execution_rate(planned, executed)
    return "-" if value is None else f"{value}%"


@register.inclusion_tag("budgets/_task_budget.html")
def task_budget(task):
    """The budget section of a task page: its lines as the document gives them, and their sum."""
    lines = list(BudgetLine.objects.filter(task=task).order_by("seq"))
    return {
        "task": task,
        "lines": lines,
        "unit": common_unit(lines),
        "item_sum": task_sums([task.pk]).get(task.pk),
        "has_parts": any(line.is_part for line in lines),
    }


@register.inclusion_tag("budgets/_pledge_investment.html")
def pledge_investment(pledge):
    """The pledge card's investment plan and secured/executed tables, laid out as the card does."""
    lines = list(BudgetLine.objects.published().filter(pledge=pledge).order_by("seq"))
    return {"pledge": pledge, "tables": printed_tables(lines)}


@register.inclusion_tag("budgets/_city_budget.html")
def city_budget(municipality, keeper=None):
    """The budget section of a city's page: the totals its documents state for the city or its top units."""
    totals = list(
        BudgetLine.objects.published()
        .stated()
        .filter(municipality=municipality, source="", sector="", group="", task=None, pledge=None)
        .filter(models.Q(unit=None) | models.Q(unit__parent=None))
        .select_related("unit")
        .order_by("-year", "source_document", "seq")[:CITY_TOTALS]
    )
    published = BudgetLine.objects.published().filter(municipality=municipality)
    item_years = [] if totals else list(published.by_year())[-CITY_TOTALS:]
    documents = sorted(set(published.values_list("source_document", flat=True)))
    return {
        "municipality": municipality,
        "totals": totals,
        "totals_unit": common_unit(totals),
        "item_years": item_years,
        "unit": common_unit(published.items()[:50]),
        "documents": documents,
        "keeper": keeper,
    }


@register.inclusion_tag("budgets/_home_budget.html")
def home_budget(municipality, keeper=None):
    """The city page's budget figures reduced to the newest total, for a home page card."""
    figures = city_budget(municipality, keeper)
    known = [row for row in figures["item_years"] if row["planned_sum"] is not None]
    return {**figures, "latest_items": known[-1] if known else None}


@register.inclusion_tag("budgets/_source_budget.html")
def source_budget(document):
    """What a source document gave the budget pages: how many lines, at which levels, and where to see them."""
    lines = BudgetLine.objects.published().filter(source_document=document.key)
    return {
        "document": document,
        "stated": lines.stated().count(),
        "items": lines.items().count(),
        "tables": list(lines.exclude(table="").values_list("table", flat=True).distinct().order_by("table")[:20]),
    }


@register.inclusion_tag("budgets/_unit_budget_link.html")
def unit_budget_link(unit):
    """A link from a unit's page to its budget page, or a plain sentence when no published line covers it."""
    covered = OrgUnit.objects.subtree_ids(unit)
    return {"unit": unit, "has_lines": BudgetLine.objects.published().filter(unit_id__in=covered).exists()}
