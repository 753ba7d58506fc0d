"""Budget figures on public pages, in the document's unit, with constant query counts."""

from html import unescape

import pytest
from django.template import Context, Template
from django.urls import reverse

from budgets.models import BudgetLine
from plans.models import OrgUnit, Task
from pledges.models import Pledge
from tests.factories import MunicipalityFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


def page(client, slug):
    response = client.get(reverse("budgets:municipality", kwargs={"slug": slug}))
    assert response.status_code == 200
    return response.content.decode()


def test_namyangju_page_shows_the_office_divisions_sources_and_share(client, seeded):
    html = page(client, "namyangju")
    for text in ["253,363", "12,238", "213,184", "7,223", "244,201", "1,132", "2,109,797", "12.0%", "(단위: 백만원)"]:
        assert text in html, text


def test_namyangju_page_shows_task_budgets_in_thousand_won(client, seeded):
    html = page(client, "namyangju")
    for text in ["529,594", "422,674", "106,920", "3,892,952", "127,000", "22,000", "105,000", "788,137"]:
        assert text in html, text


def test_seoul_page_reproduces_the_yearly_tables_and_the_investment_plan(client, seeded):
    html = page(client, "seoul")
    for text in ["312,000", "99,100", "434,981", "399,804", "34,472", "3,824", "9,374", "15,104", "(단위: 억원)"]:
        assert text in html, text
    assert "추후확정" in html


def test_goyang_pledge_page_lays_out_the_investment_tables_like_the_card(client, seeded):
    pledge = Pledge.objects.get(code="1-2-4")
    html = unescape(client.get(pledge.get_absolute_url()).content.decode())
    section = html.split("연도별 투자계획 및 확보(집행)액")[1]
    for label in ["계", "기투자", "'18.7.", "'19", "'20", "'21", "'22.6.", "임기후", "국비", "도비", "시비", "기타"]:
        assert label in section, label
    assert '<td class="num">22</td>' in section
    assert '<td class="num">0</td>' in section


def test_unknown_is_shown_as_a_dash_or_its_word_never_zero(seeded):
    blank = BudgetLine.objects.filter(pledge__code="1-2-4", source="국비", table="예산").first()
    undecided = BudgetLine.objects.filter(planned_text="추후확정").first()
    template = Template(
        "{% load budget_tags %}[{% money a.planned '백만원' a.planned_text %}][{% money b.planned '백만원' b.planned_text %}]"
    )
    assert template.render(Context({"a": blank, "b": undecided})) == "[-][추후확정]"


def test_task_page_has_its_budget_section(client, seeded):
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="4-2")
    html = client.get(task.get_absolute_url()).content.decode()
    assert "소요예산" in html
    assert "529,594" in html
    assert "(단위: 천원)" in html


def test_task_page_sums_its_item_lines_with_the_shared_roll_up(client, seeded):
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="4-2")
    items = BudgetLine.objects.filter(task=task, level="item")
    assert items.count() > 1 and not items.filter(is_part=True).exists()
    expected = sum(line.planned for line in items if line.planned is not None) // 1000
    html = client.get(task.get_absolute_url()).content.decode()
    footer = html.split('id="task-budget-title"')[1].split("<tfoot>")[1].split("</tfoot>")[0]
    assert "세부 사업 합계" in footer
    assert f"{expected:,}" in footer


def test_task_page_never_adds_up_known_parts_of_a_task_budget(client, seeded):
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-4")
    html = client.get(task.get_absolute_url()).content.decode()
    assert "<tfoot>" not in html.split('id="task-budget-title"')[1].split("</section>")[0]


def test_unit_page_covers_the_unit_and_its_sub_units(client, seeded):
    unit = OrgUnit.objects.get(municipality__slug="namyangju", name="정보통신과")
    html = client.get(reverse("budgets:unit", kwargs={"slug": "namyangju", "pk": unit.pk})).content.decode()
    assert "3,759" in html
    assert "529,594" in html
    assert "213,184" not in html


def grow_budget(municipality, size):
    office = OrgUnitFactory(municipality=municipality, kind=OrgUnit.Kind.BUREAU)
    lines = []
    for index in range(size):
        division = OrgUnitFactory(municipality=municipality, parent=office)
        for source in ("국비", "시비"):
            lines.append(
                BudgetLine(
                    municipality=municipality,
                    unit=division,
                    source_document=f"test-{municipality.pk}",
                    seq=len(lines) + 1,
                    level="item",
                    name=f"사업 {index}",
                    source=source,
                    year=2026,
                    period_label="2026",
                    planned=1_000_000 * (index + 1),
                )
            )
        lines.append(
            BudgetLine(
                municipality=municipality,
                unit=division,
                source_document=f"test-{municipality.pk}",
                seq=len(lines) + 1,
                level="stated",
                name=f"{division.name} 총액",
                year=2026,
                period_label="2026",
                planned=5_000_000 * (index + 1),
            )
        )
    BudgetLine.objects.bulk_create(lines)
    return office


@pytest.mark.parametrize("view", ["municipality", "unit"])
def test_budget_pages_keep_their_query_count_when_lines_grow_tenfold(client, django_assert_max_num_queries, view):
    counts = []
    for size in (3, 30):
        municipality = MunicipalityFactory()
        office = grow_budget(municipality, size)
        kwargs = {"slug": municipality.slug} if view == "municipality" else {"slug": municipality.slug, "pk": office.pk}
        with django_assert_max_num_queries(17) as captured:
            assert client.get(reverse(f"budgets:{view}", kwargs=kwargs)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_lines_and_indicators_of_an_unpublished_plan_stay_off_the_pages(client, seeded):
    from kpis.models import Indicator
    from plans.models import Plan

    Plan.objects.filter(slug="namyangju-2026-planning-office").update(is_published=False)
    budget = page(client, "namyangju")
    assert "529,594" not in budget
    assert "253,363" not in budget
    indicators = client.get(reverse("kpis:indicators", kwargs={"slug": "namyangju"})).content.decode()
    assert not Indicator.objects.published().filter(plan__slug="namyangju-2026-planning-office").exists()
    assert "스마트교차로 구축" not in indicators


def years_table(html):
    return unescape(html).split("세부 사업 금액의 기간·재원별 합계")[1].split("</table>")[0]


def test_period_source_sums_count_known_amounts_and_show_all_unknown_as_a_dash(client, seeded):
    table = years_table(page(client, "goyang"))
    assert '<th scope="row">\'19</th><td>시비</td><td>확보액</td><td class="num">22</td>' in table
    assert "0 <span" not in table and ">0 (" not in table
    assert '<td>예산·투자계획</td><td class="num">- <span class="level-tag">(미확정 1건)</span>' in table


def test_a_line_prints_the_amount_of_its_kind(seeded):
    secured = BudgetLine.objects.filter(pledge__code="1-2-4", amount_kind="secured")
    assert secured.count() == 40
    assert {line.table for line in secured} == {"확보(집행)액"}
    line = secured.get(source="시비", period_label="'19", level="item")
    assert (line.amount, line.amount_text) == (22_000_000, "")


def line_rows(html):
    return html.split('class="all-lines"')[1].split("<tbody>")[1].split("</tbody>")[0].count("<tr")


def test_budget_page_lists_a_bounded_page_of_lines_however_many_there_are(client):
    sizes = []
    for size in (30, 300):
        municipality = MunicipalityFactory()
        grow_budget(municipality, size)
        response = client.get(reverse("budgets:municipality", kwargs={"slug": municipality.slug}))
        html = response.content.decode()
        rows = line_rows(html)
        sizes.append((rows, len(response.content)))
        assert f"문서에 실린 예산 항목 {size * 3}개 보기" in html
    assert sizes[0][0] == sizes[1][0] == 50
    last = client.get(reverse("budgets:municipality", kwargs={"slug": municipality.slug}), {"lines": 18}).content
    assert line_rows(last.decode()) == 900 - 17 * 50


def section(html, heading):
    return html.split(f">{heading}</h2>")[1].split("<h2")[0]


def test_task_table_shows_the_first_meeting_voucher_as_a_labelled_part_never_the_total(client, seeded):
    tasks = unescape(section(page(client, "namyangju"), "과제별 소요예산"))
    row = tasks.split("1-4 함께 고민하고")[1].split("</tr>")[0]
    assert "소요예산 총액 미기재 · 알려진 일부: 출산가정 첫만남이용권 지원 9,561백만원" in row
    amount = row.split('<td class="num">')[1].split("</td>")[0]
    assert amount == "-"
    assigned = unescape(section(page(client, "namyangju"), "총액과 과제 배정액"))
    policy = assigned.split("정책기획과")[1].split("</tr>")[0]
    assert "이상: 총액 미기재 과제의 알려진 일부 포함" in policy


def test_task_page_labels_the_voucher_as_part_of_the_task_and_gives_7209_no_year(client, seeded):
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-4")
    html = unescape(client.get(task.get_absolute_url()).content.decode())
    budget = html.split('id="task-budget-title"')[1]
    assert "과제 예산의 일부" in budget and "(총액)" not in budget
    assert "증액 전" in budget and "2025" not in budget
    assert "소요예산 총액은 없습니다" in budget


def test_seoul_task_table_shows_the_festival_as_unassigned_instead_of_dropping_it(client, seeded):
    tasks = unescape(section(page(client, "seoul"), "과제별 소요예산"))
    row = tasks.split("과제 미배정: 글로벌 페스티벌 개최 등")[1].split("</tr>")[0]
    assert "(2018년~2022년 합계)" in row
    assert "29,000" in row
