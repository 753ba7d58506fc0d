"""Public organisation pages: content, language and query counts."""

import pytest
from django.urls import reverse

from plans.models import OrgUnit
from tests.factories import HeadcountFactory, MunicipalityFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_organisation_page_shows_units_heads_and_headcount(client, seeded):
    response = client.get(reverse("plans:organisation", kwargs={"slug": "namyangju"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ko">' in html
    for text in ["기획조정실", "기획조정실장 오철수", "정책기획과장 김병기", "인구정책팀", "스마트도시과"]:
        assert text in html
    assert "정원 119명 · 현원 126명" in html
    assert "2026. 1. 6." in html


def test_home_lists_every_municipality(client, seeded):
    html = client.get(reverse("plans:home")).content.decode()
    for name in ["남양주시", "고양시", "서울특별시"]:
        assert name in html


def test_unit_page_shows_head_headcount_and_sub_units(client, seeded):
    unit = OrgUnit.objects.get(municipality__slug="namyangju", name="인사과")
    html = client.get(unit.get_absolute_url()).content.decode()
    assert "인사과장 이성주" in html
    assert "정원 20명 · 현원 28명" in html
    assert "노사협력팀" in html


def test_unit_without_head_or_headcount_says_so_rather_than_zero(client, seeded):
    unit = OrgUnit.objects.get(municipality__slug="seoul", name="교통정보과")
    html = client.get(unit.get_absolute_url()).content.decode()
    assert "출처 문서에 없음" in html
    assert "정원 0" not in html


def test_unknown_municipality_is_404(client, db):
    assert client.get(reverse("plans:organisation", kwargs={"slug": "nowhere"})).status_code == 404


def test_english_is_served_under_its_prefix_and_korean_without_one(client, seeded):
    korean = client.get("/namyangju/organisation/")
    english = client.get("/en/namyangju/organisation/")
    assert korean.status_code == english.status_code == 200
    assert '<html lang="ko">' in korean.content.decode()
    html = english.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert 'href="/namyangju/organisation/"' in html


def test_public_page_sets_no_cookie_and_carries_no_csrf_token(client, seeded):
    response = client.get("/namyangju/organisation/")
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def grow_organisation(city, size):
    office = OrgUnitFactory(municipality=city, kind=OrgUnit.Kind.BUREAU, name=f"실{size}")
    HeadcountFactory(unit=office)
    for index in range(size):
        division = OrgUnitFactory(municipality=city, parent=office, name=f"과{size}-{index}")
        HeadcountFactory(unit=division)
        OrgUnitFactory(municipality=city, parent=division, kind=OrgUnit.Kind.TEAM, name=f"팀{size}-{index}")
    return office


@pytest.mark.parametrize("page", ["organisation", "unit"])
def test_query_count_stays_the_same_when_the_organisation_grows_tenfold(client, django_assert_max_num_queries, page):
    counts = []
    for size in (3, 30):
        city = MunicipalityFactory()
        office = grow_organisation(city, size)
        url = office.get_absolute_url() if page == "unit" else reverse("plans:organisation", kwargs={"slug": city.slug})
        with django_assert_max_num_queries(15) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
