"""The pledge page's 일치도 table and yearly targets, and the yearly target rates of a term, each in fixed queries."""

from django import template
from django.db.models import Max

from plans.models import OrgUnit
from pledges.models import PledgeText, PledgeTextKind, YearlyTarget
from pledges.models.targets import PARTLY_WEIGHT
from pledges.texts import compare_texts

register = template.Library()


def _keeper(municipality_id):
    return OrgUnit.objects.filter(municipality_id=municipality_id, is_coordinating=True).order_by("order").first()


@register.inclusion_tag("pledges/_texts.html")
def pledge_texts(pledge):
    """The approved election text, 실천계획 and current text side by side, every field marked; who keeps what is missing."""
    texts = list(PledgeText.objects.filter(pledge=pledge).for_comparison())
    comparison = compare_texts(texts)
    return {
        "pledge": pledge,
        "comparison": comparison,
        "columns": list(zip(PledgeTextKind, comparison.texts, strict=True)),
        "keeper": _keeper(pledge.term.municipality_id) if PledgeTextKind.ELECTION in comparison.missing_kinds else None,
        "as_of": max((text.reviewed_at for text in texts if text.reviewed_at), default=None),
    }


@register.inclusion_tag("pledges/_targets.html")
def pledge_targets(pledge):
    """The pledge's yearly targets that the year-end review has decided, oldest year first."""
    return {"targets": list(YearlyTarget.objects.filter(pledge=pledge).decided().order_by("year"))}


@register.inclusion_tag("pledges/_target_rates.html")
def term_target_rates(term):
    """The yearly target rate (목표달성도) of a term's pledges, per year, with the formula and the as-of date."""
    targets = YearlyTarget.objects.filter(pledge__term=term)
    return {
        "rates": targets.rates_by_year(),
        "as_of": targets.aggregate(day=Max("decided_on"))["day"],
        "weight": PARTLY_WEIGHT,
    }
