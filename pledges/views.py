"""Public pledge pages: thin views over the QuerySets of `pledges.models`."""

from django.shortcuts import get_object_or_404, render

from plans.models import Municipality, OrgUnit
from plans.rollups import rollup
from pledges.models import EvidenceFile, Pledge, PledgeCard, PledgeCategory, PledgeStatus, Term
from portal.evidence import evidence_response
from portal.paging import page_of
from portal.search import search_words

PLEDGES_PER_PAGE = 30


def _term(request, municipality):
    terms = list(Term.objects.filter(municipality=municipality).order_by("-start"))
    wanted = request.GET.get("term", "")
    return terms, next((term for term in terms if str(term.pk) == wanted), terms[0] if terms else None)


def tracker(request, slug):
    """A municipality's pledges of one term: counts and 완료율 per status, filters and search, the list paged."""
    municipality = get_object_or_404(Municipality, slug=slug)
    terms, term = _term(request, municipality)
    if term is None:
        return render(request, "pledges/tracker.html", {"municipality": municipality, "term": None})
    pledges = Pledge.objects.filter(term=term)
    summary = pledges.status_summary()
    filters = {
        "category": request.GET.get("category", "").strip(),
        "status": request.GET.get("status", "").strip(),
        "unit": request.GET.get("unit", "").strip(),
        "q": search_words(request.GET.get("q"))[0],
    }
    listed = pledges.for_tracker()
    if filters["category"]:
        listed = listed.with_code_prefix(filters["category"])
    if filters["status"] in PledgeStatus.values:
        listed = listed.filter(status=filters["status"])
    if filters["unit"].isdigit():
        listed = listed.filter(lead_unit_id=int(filters["unit"]))
    if filters["q"]:
        listed = listed.filter(title__icontains=filters["q"])
    context = {
        "municipality": municipality,
        "terms": terms,
        "term": term,
        "summary": summary,
        "as_of": pledges.as_of(),
        "pledges": page_of(request, listed, per_page=PLEDGES_PER_PAGE),
        "filters": filters,
        "statuses": PledgeStatus.choices,
        "categories": _category_choices(term, pledges),
        "units": OrgUnit.objects.filter(pledges__term=term).distinct().order_by("name"),
    }
    return render(request, "pledges/tracker.html", context)


def _category_choices(term, pledges):
    """Every code prefix used by the term's pledges, with its name where the city gives one."""
    names = dict(PledgeCategory.objects.filter(term=term).values_list("code", "name"))
    prefixes = sorted(
        {prefix for pledge in pledges.only("code") for prefix in pledge.category_codes},
        key=lambda code: [int(part) if part.isdigit() else part for part in code.split("-")],
    )
    return [(prefix, f"{prefix} {names.get(prefix, '')}".strip()) for prefix in prefixes]


def pledge_detail(request, slug, term, code):
    """One pledge as a timeline: status, approved cards, evidence; its KPIs, budget and linked tasks' progress.

    The KPIs, the budget and the tasks show whatever the state of the pledge's cards.
    """
    pledge = get_object_or_404(Pledge.objects.for_public_page(), term__municipality__slug=slug, term_id=term, code=code)
    cards = pledge.approved_cards
    return render(
        request,
        "pledges/pledge_detail.html",
        {
            "municipality": pledge.term.municipality,
            "pledge": pledge,
            "cards": cards,
            "latest_card": cards[-1] if cards else None,
            "latest_status_change": next(iter(pledge.status_changes.all()), None),
            "progress": rollup(pledge.tasks.all()),
        },
    )


def evidence_download(request, pk):
    """An evidence file of an approved card, always as a download and never rendered inline."""
    evidence = get_object_or_404(
        EvidenceFile.objects.select_related("entry__card"), pk=pk, entry__card__in=PledgeCard.objects.approved()
    )
    return evidence_response(evidence)
