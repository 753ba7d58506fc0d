"""The public evaluation page of a city's pledges, its Excel copy for the evaluators, and the 관리 규정's text."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from plans.models import Municipality
from pledges.evaluation import evaluation_areas, latest_term
from pledges.evaluation_report import evaluation_report
from pledges.models import ManagementRules, Term
from portal.excel import write_report
from portal.periods import seoul_today

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _term(request, municipality):
    asked = request.GET.get("term", "")
    terms = Term.objects.filter(municipality=municipality)
    chosen = terms.filter(pk=int(asked)).first() if asked.isdigit() else None
    return chosen or latest_term(municipality)


def evaluation(request, slug):
    """The five manifesto areas of the city's newest (or chosen) term, each figure with its rule, date and evidence."""
    municipality = get_object_or_404(Municipality, slug=slug)
    term = _term(request, municipality)
    context = {"municipality": municipality, "term": term, "on": seoul_today()}
    if term is not None:
        context["areas"] = evaluation_areas(municipality, term, context["on"])
    return render(request, "pledges/evaluation.html", context)


def evaluation_download(request, slug):
    """The same five areas as a workbook, one sheet per area, for the evaluators; public as the page is."""
    municipality = get_object_or_404(Municipality, slug=slug)
    term = _term(request, municipality)
    if term is None:
        return evaluation(request, slug)
    on = seoul_today()
    report = evaluation_report(municipality, term, on, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(content_type=XLSX)
    write_report(report, response, written_on=on, filters_text=f"{municipality.name} {term.name}")
    name = f"{municipality.name}-{term.name}-공약평가자료-{on:%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def rules(request, slug, pk):
    """One version of the city's 공약 관리 규정, its text as enacted."""
    document = get_object_or_404(ManagementRules.objects.select_related("municipality"), municipality__slug=slug, pk=pk)
    return render(request, "pledges/rules.html", {"municipality": document.municipality, "rules": document})
