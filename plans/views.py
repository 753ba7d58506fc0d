"""Public pages: thin views that read a QuerySet and render a template."""

from django.shortcuts import get_object_or_404, render

from plans.models import Municipality, OrgUnit
from plans.org_tree import build_tree, walk


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
    """One unit: its head, headcount and sub-units."""
    unit = get_object_or_404(
        OrgUnit.objects.select_related("municipality", "parent__municipality").with_latest_headcount(),
        municipality__slug=slug,
        pk=pk,
    )
    children = unit.children.select_related("municipality").with_latest_headcount().order_by("order", "name")
    return render(
        request,
        "plans/unit_detail.html",
        {"municipality": unit.municipality, "unit": unit, "children": children},
    )
