"""The three texts and yearly targets on the public pages: approved and decided only, marked in words, bounded."""

import pytest
from django.urls import reverse
from django.utils import translation

from citygen.services import city_generate
from plans.models import OrgUnit
from pledges.models import Pledge, PledgeText, TargetDecision
from tests.pledges.plan_data import ELECTION, PLAN, approved_text, target

pytestmark = pytest.mark.django_db


def page(client, pledge):
    response = client.get(pledge.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_seed_pledge_says_its_election_text_is_missing_and_who_keeps_it(client, pledge):
    keeper = OrgUnit.objects.get(municipality__slug="goyang", is_coordinating=True)
    html = page(client, pledge)
    assert "선거공보·공약서 원문이 아직 등록되지 않았습니다." in html
    assert f"원문은 {keeper.name}(총괄부서)에서 보관·등록합니다." in html
    assert f"승인된 실천계획이(가) 아직 없습니다. {pledge.lead_unit.name}(소관부서)이 작성하고" in html
    assert "6개 항목 중 0개 일치" in html
    assert "아직 연말 평가에서 판정된 연차별 목표가 없습니다." in html


def test_texts_and_targets_are_public_only_once_approved_and_decided(client, pledge, goyang):
    PledgeText.objects.create(pledge=pledge, kind="plan", state="submitted", goal="검토 중인 목표 문구")
    target(pledge, 2019, target="판정 전 목표 문구")
    html = page(client, pledge)
    assert "검토 중인 목표 문구" not in html and "판정 전 목표 문구" not in html
    approved_text(pledge, "election", goyang["coordinator"], **ELECTION)
    target(pledge, 2020, TargetDecision.PARTLY, target="판정된 목표 문구")
    html = page(client, pledge)
    assert ELECTION["goal"] in html and "검토 중인 목표 문구" not in html
    assert "판정된 목표 문구" in html and "일부 달성" in html and "판정 전 목표 문구" not in html


def test_the_table_marks_every_difference_in_words_and_counts_the_agreeing_fields(client, pledge, goyang):
    coordinator = goyang["coordinator"]
    approved_text(pledge, "election", coordinator, **ELECTION)
    approved_text(pledge, "plan", coordinator, **PLAN, lead_unit=pledge.lead_unit)
    approved_text(pledge, "current", coordinator, **{**PLAN, "goal": "기업 12개 유치"}, lead_unit=pledge.lead_unit)
    html = page(client, pledge)
    assert (
        "6개 항목 중 1개 일치" in html
    )  # 총사업비 only; 목표 changed now, 기간 and 재원 and 부서 differ or are missing
    assert html.count("[앞과 다름]") >= 3 and "[앞에는 없음]" in html and "[없음]" in html
    assert '<strong class="text-verdict verdict-changed">변경</strong>' in html
    assert '<strong class="text-verdict verdict-missing">누락</strong>' in html
    assert 'data-label="실천계획"' in html  # each cell names its column when the table stacks on a phone
    assert "5,000백만원" in html


def test_the_city_page_shows_each_years_target_rate_with_its_formula(client, pledge):
    other = Pledge.objects.create(term=pledge.term, code="9-9-9", title="시험 공약", lead_unit=pledge.lead_unit)
    target(pledge, 2019, TargetDecision.ACHIEVED)
    target(other, 2019, TargetDecision.PARTLY)
    target(other, 2020)
    html = client.get(reverse("plans:city", kwargs={"slug": "goyang"})).content.decode()
    assert "달성률 = (달성 + 0.5 × 일부 달성) ÷ 판정된 목표 수 × 100" in html
    assert "<strong>75.0%</strong>" in html and "(1.5 ÷ 2)" in html
    assert "2019. 12. 20. 판정 기준" in html


def test_english_pages_translate_the_texts_and_targets(client, pledge):
    with translation.override("ko"):
        url = pledge.get_absolute_url()
    html = client.get("/en" + url).content.decode()
    assert "Election pledge, action plan and current state compared" in html
    assert "The election pledge text (campaign bulletin) is not registered yet." in html
    assert "Yearly targets and their achievement" in html


def test_pledge_and_city_pages_take_the_same_queries_at_two_generated_scales(
    client, roles_synced, django_assert_max_num_queries
):
    translation.activate("ko")
    counts = {}
    for slug, scale in (("gen-small", 2), ("gen-large", 12)):
        city_generate(slug=slug, scale=scale, seed=1)
        pledge = Pledge.objects.filter(term__municipality__slug=slug).order_by("pk").first()
        assert pledge.texts.approved().count() == 3 and pledge.yearly_targets.decided().exists()
        city_url = reverse("plans:city", kwargs={"slug": slug})
        for name, url in (("pledge", pledge.get_absolute_url()), ("city", city_url)):
            with django_assert_max_num_queries(30) as captured:
                response = client.get(url)
            assert response.status_code == 200
            assert ("[앞과 다름]" if name == "pledge" else "달성률 =") in response.content.decode()
            counts[slug, name] = len(captured)
    assert counts["gen-small", "pledge"] == counts["gen-large", "pledge"]
    assert counts["gen-small", "city"] == counts["gen-large", "city"]
    print(counts)
