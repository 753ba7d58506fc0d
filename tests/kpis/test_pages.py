"""KPI pages: targets and actuals with their unit, "-" where unknown, constant query counts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from kpis.models import EvaluationMilestone, Indicator, Measurement, Target
from pledges.models import Pledge
from tests.factories import MunicipalityFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_indicator_page_has_a_chart_a_captioned_table_and_dashes(client, seeded):
    indicator = Indicator.objects.get(municipality__slug="seoul", group__startswith="도심제조", name="입주기업수")
    html = client.get(indicator.get_absolute_url()).content.decode()
    assert '<svg viewBox="0 0 640 240" role="img"' in html
    assert "입주기업수 기간별 목표와 실적 (단위: 개)" in html
    assert '<td class="num">-</td>' in html
    assert "1,000" in html and "300" in html
    assert html.count('class="kpi-bar-target"') == 4  # 2018 is "-": no bar, never a zero bar


def test_achievement_rate_appears_only_where_target_and_actual_exist(client, seeded):
    indicator = Indicator.objects.get(municipality__slug="seoul", group__startswith="도심제조", name="입주기업수")
    Measurement.objects.create(
        indicator=indicator, period="year", year=2019, label="2019", value=Decimal(150), state="approved"
    )
    Measurement.objects.create(
        indicator=indicator, period="year", year=2018, label="2018", value=Decimal(20), state="approved"
    )
    response = client.get(indicator.get_absolute_url())
    rates = {row["label"]: row["rate"] for row in response.context["series"]}
    assert rates["2019"] == Decimal("75.0")
    assert rates["2018"] is None
    assert "75.0%" in response.content.decode()


def test_indicator_list_and_calendar_pages(client, seeded):
    html = client.get(reverse("kpis:indicators", kwargs={"slug": "namyangju"})).content.decode()
    assert "버스정보 시스템" in html and "1,062" in html
    html = client.get(reverse("kpis:calendar", kwargs={"slug": "namyangju"})).content.decode()
    for text in ["성과관리 기초평가", "2026년 5월", "본평가 실시", "2027년 1월", "매월"]:
        assert text in html, text


def test_pledge_page_carries_its_kpi_section_when_there_is_one(client, seeded):
    pledge = Pledge.objects.get(code="1-2-4")
    indicator = Indicator.objects.create(
        municipality=pledge.term.municipality,
        key="goyang-trainees",
        name="남북경협전문가 수료자",
        unit="명",
        pledge=pledge,
        responsible_unit=pledge.lead_unit,
    )
    Measurement.objects.create(
        indicator=indicator, period="half", year=2021, sub=2, label="2021 하반기", value=55, state="approved"
    )
    html = client.get(pledge.get_absolute_url()).content.decode()
    assert "성과지표" in html and "남북경협전문가 수료자" in html and "55" in html


def grow_indicators(size):
    municipality = MunicipalityFactory()
    unit = OrgUnitFactory(municipality=municipality)
    for index in range(size):
        indicator = Indicator.objects.create(
            municipality=municipality,
            key=f"k-{municipality.pk}-{index}",
            name=f"지표 {index}",
            unit="개",
            responsible_unit=unit,
        )
        Target.objects.bulk_create(
            [Target(indicator=indicator, period="year", year=2020 + y, label=str(2020 + y), value=y) for y in range(5)]
        )
        Measurement.objects.create(
            indicator=indicator, period="year", year=2020, label="2020", value=1, state="approved"
        )
        EvaluationMilestone.objects.create(
            municipality=municipality,
            year=2026,
            track="내부평가",
            title=f"평가 {index}",
            start=datetime.date(2026, 1 + index % 12, 1),
            end=datetime.date(2026, 12, 1),
            responsible_unit=unit,
        )
    return municipality, indicator


@pytest.mark.parametrize("page", ["list", "detail", "calendar"])
def test_kpi_pages_keep_their_query_count_when_data_grows_tenfold(client, django_assert_max_num_queries, page):
    counts = []
    for size in (3, 30):
        municipality, indicator = grow_indicators(size)
        url = {
            "list": reverse("kpis:indicators", kwargs={"slug": municipality.slug}),
            "detail": indicator.get_absolute_url(),
            "calendar": reverse("kpis:calendar", kwargs={"slug": municipality.slug}),
        }[page]
        with django_assert_max_num_queries(15) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_plan_page_lays_the_kpi_table_out_as_the_document_does(client, seeded):
    from plans.models import Plan

    response = client.get(Plan.objects.get(slug="seoul-2018-innovation-growth").get_absolute_url())
    html = response.content.decode()
    section = html.split('class="kpi-section"')[1].split("</section>")[0]
    for year in ["2018", "2019", "2020", "2021", "2022"]:
        assert f'<th scope="col" class="num">{year}</th>' in section
    row = section.split(">입주기업수</a>")[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0].strip() for cell in row.split('<td class="num">')[1:]]
    assert cells == ["1,000", "-", "200", "250", "250", "300"]
