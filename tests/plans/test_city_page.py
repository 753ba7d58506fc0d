"""A city's front door: plans with overall progress, pledges, budget and KPI figures, each with its rule and date."""

import datetime
import re

import pytest
from django.urls import reverse

from budgets.models import BudgetLine
from kpis.models import EvaluationMilestone, Indicator, Measurement, Target
from plans.models import Municipality, ProgressReport, Task
from pledges.models import Pledge, Term
from tests.factories import OrgUnitFactory, PlanFactory, ProgressReportFactory, StrategyFactory, TaskFactory

pytestmark = pytest.mark.django_db


def page(client, slug):
    response = client.get(reverse("plans:city", kwargs={"slug": slug}))
    assert response.status_code == 200
    return response.content.decode()


def test_each_seed_city_shows_its_documents_figures(client, seeded):
    namyangju = page(client, "namyangju")
    assert "2026년 기획조정실 업무계획" in namyangju
    assert "253,363" in namyangju
    assert "공약은 기획조정실에서 등록·관리합니다" in namyangju
    goyang = page(client, "goyang")
    assert "민선7기 공약 1건" in goyang
    assert "완료율 = (완료 + 이행후 계속추진) ÷ 전체 공약" in goyang
    seoul = page(client, "seoul")
    assert "세부 사업 금액의 기간별 합계" in seoul
    assert "382,341" in seoul
    assert "성과지표 27개" in seoul


def test_the_home_page_leads_to_every_city_page(client, seeded):
    home = client.get(reverse("plans:home")).content.decode()
    for municipality in Municipality.objects.all():
        assert reverse("plans:city", kwargs={"slug": municipality.slug}) in home


def test_an_empty_city_says_what_is_missing_and_who_keeps_it(client, db):
    office = OrgUnitFactory(name="시험기획과", is_coordinating=True)
    text = page(client, office.municipality.slug)
    assert "아직 공개된 업무계획이 없습니다. 업무계획은 시험기획과에서 등록합니다." in text
    assert "아직 등록된 공약이 없습니다. 공약은 시험기획과에서 등록·관리합니다." in text
    assert "아직 등록된 예산 총액이 없습니다." in text
    assert "아직 등록된 성과지표가 없습니다." in text


def test_a_plans_overall_progress_appears_once_approved_with_its_rule_and_date(client, db):
    plan = PlanFactory()
    strategy = StrategyFactory(plan=plan)
    done, waiting = TaskFactory(strategy=strategy), TaskFactory(strategy=strategy)
    ProgressReportFactory(task=waiting, progress=90, state=ProgressReport.State.SUBMITTED)
    assert "승인된 분기 실적이 아직 없어 계산하지 않습니다." in page(client, plan.municipality.slug)
    ProgressReportFactory(
        task=done,
        progress=40,
        state=ProgressReport.State.APPROVED,
        reviewed_at=datetime.datetime(2026, 4, 7, tzinfo=datetime.UTC),
    )
    text = page(client, plan.municipality.slug)
    assert "40.0%" in text
    assert "승인된 실적이 있는 과제 1/2개" in text
    assert "2026. 4. 7. 승인분까지" in text
    assert "단순 평균" in text


def grow_city(size):
    """A city with `size` plans of three tasks, pledges, budget lines, indicators and milestones."""
    office = OrgUnitFactory(is_coordinating=True)
    city = office.municipality
    term = Term.objects.create(
        municipality=city, name="민선8기", start=datetime.date(2022, 7, 1), end=datetime.date(2026, 6, 1)
    )
    for index in range(size):
        strategy = StrategyFactory(plan=PlanFactory(municipality=city, owner_unit=office))
        for _ in range(3):
            task = TaskFactory(strategy=strategy, lead_unit=office)
            ProgressReportFactory(task=task, progress=50, state=ProgressReport.State.APPROVED)
        Pledge.objects.create(term=term, code=f"1-{index}", title=f"공약 {index}", lead_unit=office, status="on_track")
        BudgetLine.objects.create(
            municipality=city,
            unit=office,
            source_document="시험",
            seq=BudgetLine.objects.count() + 1,
            level="stated",
            name="총액",
            year=2026,
            planned=1_000_000 * (index + 1),
        )
        indicator = Indicator.objects.create(
            municipality=city, key=f"grow-{city.pk}-{index}", name=f"지표 {index}", unit="개", responsible_unit=office
        )
        Target.objects.create(indicator=indicator, year=2026, value=10)
        Measurement.objects.create(indicator=indicator, year=2026, value=10 + index)
        EvaluationMilestone.objects.create(
            municipality=city,
            year=2026,
            track="내부평가",
            title=f"일정 {index}",
            responsible_unit=office,
            start=datetime.date(2026, 12, 1),
            end=datetime.date(2027, 1, 1),
        )
    return city


def test_query_count_and_size_stay_the_same_when_the_city_grows_tenfold(client, db, django_assert_max_num_queries):
    counts = []
    for size in (2, 20):
        city = grow_city(size)
        with django_assert_max_num_queries(20) as captured:
            page(client, city.slug)
        counts.append(len(captured))
    print("queries on the city page, small and tenfold data:", counts)
    assert counts[0] == counts[1]


def headline(client, name):
    """The home page card of the city `name`, tags taken out."""
    html = client.get(reverse("plans:home")).content.decode()
    cards = html.split('class="card-list city-cards"')[1].split("</main>")[0].split("<h3>")
    card = next(card for card in cards if f">{name}</a></h3>" in card)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card))


def test_the_home_page_gives_each_citys_headline_figures_with_dates(client, seeded):
    namyangju = headline(client, "남양주시")
    # plan-namyangju-2026.yaml: one plan of five strategies, 4 + 2 + 5 + 3 + 3 tasks.
    assert "1건 · 과제 17개" in namyangju
    assert "2026. 1. ~ 12. 계획 문서" in namyangju
    assert "승인된 분기 실적이 아직 없어 계산하지 않습니다." in namyangju
    # budget-002-namyangju.yaml states the city's 2026 total: 253,363 백만원.
    assert "253,363 백만원" in namyangju
    # The source is cited by its title, issuing unit and date, not by its key.
    assert "2026 문서에 적힌 총액, 출처 문서 2026년 기획조정실 업무계획 (남양주시 기획조정실, 2026년" in namyangju
    assert "아직 등록된 공약이 없습니다. 공약은 기획조정실에서 등록·관리합니다." in namyangju
    # pledge-goyang-1-2-4.yaml: one 민선7기 pledge, not yet assessed, so 0 of 1 complete.
    goyang = headline(client, "고양시")
    assert "민선7기 공약 1건 · 완료율 0.0%" in goyang and "미평가 1건" in goyang
    assert "아직 공개된 업무계획이 없습니다. 업무계획은 기획조정실에서 등록합니다." in goyang
    # No link to an empty section: 고양시 has no published plan, so no link to its plan list.
    assert 'href="/goyang/plans/"' not in client.get(reverse("plans:home")).content.decode()


def test_the_home_pages_plan_figure_follows_the_shared_rule(client, seeded):
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="2-1")
    ProgressReportFactory(
        task=task,
        progress=30,
        state=ProgressReport.State.APPROVED,
        reviewed_at=datetime.datetime(2026, 4, 12, tzinfo=datetime.UTC),
    )
    # One of seventeen tasks reported (2-1 has no budget line): the plain mean is its 30%.
    text = headline(client, "남양주시")
    assert "전체 추진률 30.0%" in text and "승인된 실적이 있는 과제 1/17개" in text
    assert "2026. 4. 12. 승인분까지" in text


def test_the_home_pages_queries_do_not_grow_with_a_citys_data(client, seeded, django_assert_max_num_queries):
    counts = []
    for _round in range(2):
        with django_assert_max_num_queries(40) as captured:
            assert client.get(reverse("plans:home")).status_code == 200
        counts.append(len(captured))
        plan = PlanFactory(municipality=Municipality.objects.get(slug="namyangju"))
        for _index in range(10):
            task = TaskFactory(strategy=StrategyFactory(plan=plan))
            ProgressReportFactory(task=task, progress=50, state=ProgressReport.State.APPROVED)
    assert counts[0] == counts[1]


def test_the_home_page_pages_its_city_cards_so_more_cities_cost_no_more_queries(
    client, seeded, django_assert_max_num_queries
):
    from plans.views import HOME_CITIES

    def home(page=1):
        with django_assert_max_num_queries(120) as captured:
            answer = client.get(reverse("plans:home"), {"page": page})
        assert answer.status_code == 200
        return answer.content.decode(), len(captured)

    for index in range(HOME_CITIES):  # fill the first page with cities named before the seed cities
        Municipality.objects.create(name=f"가{index:02d}시", slug=f"ga{index:02d}")
    first, full_page = home()
    assert first.count('<li>\n    <h3><a href="/ga') == HOME_CITIES and 'href="/goyang/"' not in first
    for index in range(2 * HOME_CITIES):
        Municipality.objects.create(name=f"나{index:02d}시", slug=f"na{index:02d}")
    assert home()[1] == full_page  # twice the cities, the same page and the same queries
    last = home(page=4)[0]
    assert 'href="/seoul/"' in last and 'aria-current="page"' in last
