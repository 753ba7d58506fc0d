"""The evaluation page as a workbook: one sheet per manifesto area, each figure with its rule and as-of day."""

from plans.models import Municipality
from pledges.evaluation import evaluation_areas, latest_term
from portal.excel import Column, Report, Row, Sheet, newest_date
from portal.periods import seoul_today

COLUMNS = [
    Column("항목", 20, wrap=True),
    Column("값", 30, wrap=True),
    Column("산정 기준", 44, wrap=True),
    Column("기준일", 11),
    Column("근거 주소", 30, wrap=True),
]


def _rows(area, base_url):
    for evidence in area.evidence:
        link = f"{base_url}{evidence.link}" if evidence.link else "-"
        yield Row([evidence.label, evidence.value, evidence.rule or "-", evidence.as_of or "-", link])
        for label, value in evidence.rows:
            yield ["", f"{label}: {value}", "", "", ""]


def evaluation_report(municipality: Municipality, term, on, *, base_url="") -> Report:
    """The five areas of `term` as five sheets; the 자료 기준일 is the newest as-of day among them."""
    areas = evaluation_areas(municipality, term, on)
    title = f"{municipality.name} {term.name} 공약 이행 평가 자료"
    report = Report(
        name="pledge-evaluation",
        title=title,
        sheets=[
            Sheet(
                name=area.title,
                title=f"{title}: {area.title}",
                unit_label="(단위: 건, %, 회)",
                columns=COLUMNS,
                rows=list(_rows(area, base_url)),
                autofilter=False,
            )
            for area in areas
        ],
        as_of=newest_date(*(evidence.as_of for area in areas for evidence in area.evidence)),
    )
    report.as_of_note = "각 항목 기준일 중 최근"
    return report


def evaluation_report_for_filters(filters) -> Report:
    """The reports page's entry: the filters' municipality (else the first with a term), its newest term."""
    cities = Municipality.objects.filter(terms__isnull=False).distinct().order_by("name")
    if filters.municipality_id is not None:
        cities = cities.filter(pk=filters.municipality_id)
    municipality = cities.first()
    term = latest_term(municipality) if municipality else None
    if term is None:
        return Report(name="pledge-evaluation", title="공약 이행 평가 자료", sheets=[])
    return evaluation_report(municipality, term, seoul_today())
