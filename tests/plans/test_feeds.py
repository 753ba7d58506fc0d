"""Following a city: Atom feeds of approved updates, the recent-changes page, sitemap.xml, robots.txt, 404."""

import datetime

import feedparser
import pytest
from django.urls import reverse

from plans.models import ProgressReport
from pledges.models import PledgeCard, PledgeStatusChange
from tests.factories import PlanFactory, ProgressReportFactory, StrategyFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports():
    plan = PlanFactory()
    task = TaskFactory(strategy=StrategyFactory(plan=plan), title="공개될 과제")
    approved = ProgressReportFactory(
        task=task,
        quarter=1,
        progress=35,
        narrative="시민 설명회 2회 개최",
        state=ProgressReport.State.APPROVED,
        reviewed_at=datetime.datetime(2026, 4, 8, 1, tzinfo=datetime.UTC),
    )
    ProgressReportFactory(task=task, quarter=2, narrative="아직 제출만 된 실적", state=ProgressReport.State.SUBMITTED)
    return plan, approved


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_the_city_and_plan_feeds_carry_approved_reports_only(client, reports):
    plan, approved = reports
    for url in (
        reverse("plans:city_feed", kwargs={"slug": plan.municipality.slug}),
        reverse("plans:plan_feed", kwargs={"slug": plan.municipality.slug, "plan_slug": plan.slug}),
    ):
        feed = parsed(client, url)
        assert [entry.title for entry in feed.entries] == [
            f"{approved.task.code} 공개될 과제: 2026년 1분기 추진실적 (35%)"
        ]
        assert feed.entries[0].link.endswith(approved.task.get_absolute_url())
        assert "시민 설명회 2회 개최" in feed.entries[0].summary
        assert "아직 제출만 된 실적" not in str(feed)


def test_a_pledge_feed_carries_its_approved_cards_and_status_changes(client, seeded):
    card = PledgeCard.objects.approved().select_related("pledge__term__municipality").first()
    pledge = card.pledge
    PledgeCard.objects.filter(pk=card.pk).update(reviewed_at=datetime.datetime(2022, 1, 20, tzinfo=datetime.UTC))
    PledgeStatusChange.objects.create(
        pledge=pledge,
        previous_status="unassessed",
        status="on_track",
        changed_on=datetime.date(2022, 2, 1),
        reason="점검",
    )
    url = reverse(
        "pledges:pledge_feed",
        kwargs={"slug": pledge.term.municipality.slug, "term": pledge.term_id, "code": pledge.code},
    )
    titles = [entry.title for entry in parsed(client, url).entries]
    assert titles == [
        f"{pledge.code} {pledge.title}: 이행상태 정상추진",
        f"{pledge.code} {pledge.title}: {card.label} 공약관리카드",
    ]
    page = client.get(pledge.get_absolute_url()).content.decode()
    assert f'<link rel="alternate" type="application/atom+xml" href="{url}"' in page


def test_the_recent_changes_page_lists_approved_updates_with_links(client, reports):
    plan, approved = reports
    page = client.get(reverse("plans:updates", kwargs={"slug": plan.municipality.slug})).content.decode()
    assert approved.task.get_absolute_url() in page
    assert "아직 제출만 된 실적" not in page
    assert reverse("plans:city_feed", kwargs={"slug": plan.municipality.slug}) in page


def test_feeds_and_the_recent_changes_page_stay_bounded(client, django_assert_max_num_queries):
    plan = PlanFactory()
    strategy = StrategyFactory(plan=plan)
    for index in range(40):
        ProgressReportFactory(
            task=TaskFactory(strategy=strategy),
            state=ProgressReport.State.APPROVED,
            reviewed_at=datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC) + datetime.timedelta(hours=index),
        )
    feed = parsed(client, reverse("plans:city_feed", kwargs={"slug": plan.municipality.slug}))
    assert len(feed.entries) == 30
    with django_assert_max_num_queries(8):
        client.get(reverse("plans:updates", kwargs={"slug": plan.municipality.slug}))


def test_sitemap_and_robots_name_the_public_pages_and_keep_staff_screens_out(client, seeded):
    sitemap = client.get("/sitemap.xml").content.decode()
    for path in (
        "/namyangju/",
        "/namyangju/plans/namyangju-2026-planning-office/",
        "/goyang/pledges/",
        "/seoul/indicators/",
    ):
        assert path in sitemap
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots


def test_a_missing_page_answers_404_on_the_portals_own_page(client, db):
    response = client.get("/no-such-city/plans/nothing/")
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()
    assert "첫 화면으로 가기" in response.content.decode()


def test_figures_cite_their_source_by_title_date_and_unit_linked_to_a_page_of_what_came_from_it(client, seeded):
    plan = client.get("/seoul/plans/seoul-2018-innovation-growth/").content.decode()
    assert '<a href="/sources/004/">서울 미래 혁신성장 프로젝트 추진계획</a>' in plan
    assert "서울특별시 경제진흥본부 경제기획관 경제정책과, 2018. 2. 24." in plan
    source = client.get("/sources/004/").content.decode()
    assert "서울 미래 혁신성장 프로젝트 추진계획" in source
    assert "과제 23개" in source
    assert "성과지표 27개" in source
    assert "세부 사업 금액" in source
    namyangju = client.get("/sources/002/").content.decode()
    assert "2026년 (정원·현원 2026. 1. 6. 기준)" in namyangju
    assert client.get("/sources/999/").status_code == 404
