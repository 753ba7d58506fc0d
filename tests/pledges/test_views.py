"""Public pledge pages: the tracker and the pledge timeline, approved cards only."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from pledges.models import CardEntry, CardEvent, EvidenceFile, Pledge, PledgeCard, PledgeStatus
from tests.factories import OrgUnitFactory
from tests.pledges.conftest import grow_pledges

pytestmark = pytest.mark.django_db


def tracker_url(**params):
    from urllib.parse import urlencode

    return reverse("pledges:tracker", kwargs={"slug": "goyang"}) + ("?" + urlencode(params) if params else "")


def test_tracker_shows_counts_rate_and_its_formula(client, pledge):
    html = client.get(tracker_url()).content.decode()
    assert "고양시 민선7기 공약 이행 현황" in html
    assert "완료율 0.0%" in html
    assert "= (완료 + 이행후 계속추진) 0건 ÷ 전체 공약 1건" in html
    assert "남북경제교류관련 기업유치 기반조성" in html
    assert "2021년 하반기" in html


def test_tracker_filters_by_category_status_unit_and_words(client, pledge):
    other_unit = OrgUnitFactory(municipality=pledge.lead_unit.municipality, name="일자리정책과")
    Pledge.objects.create(
        term=pledge.term, code="2-1-1", title="청년 일자리 확대", lead_unit=other_unit, status=PledgeStatus.ON_TRACK
    )

    def listed(**params):
        return [p.code for p in client.get(tracker_url(**params)).context["pledges"]]

    assert listed() == ["1-2-4", "2-1-1"]
    assert listed(category="1-2") == ["1-2-4"]
    assert listed(category="2") == ["2-1-1"]
    assert listed(status="on_track") == ["2-1-1"]
    assert listed(unit=other_unit.pk) == ["2-1-1"]
    assert listed(q="기업유치") == ["1-2-4"]
    assert listed(q="없는말") == []
    html = client.get(tracker_url()).content.decode()
    assert "완료율 0.0%" in html
    assert '<option value="1-2">1-2</option>' in html


def test_pledge_page_reads_like_the_paper_card(client, pledge):
    html = client.get(pledge.get_absolute_url()).content.decode()
    for text in [
        "남북경제교류관련 기업유치 기반조성",
        "기업지원과",
        "박인석",
        "8075-3570",
        "그동안 추진실적 (2018.~2021.6.)",
        "고양시 남북보건의료협력 실무TF 1차회의",
        "2019. 10. 15.(화)",
        "2021.05.17.(월) 16:00",
        "수료자 : 총 78명 신청 / 55명(71%) 수료",
        "78명",
        "55명",
        "71%",
        "[증빙1] 결과보고",
        "2022년 상반기 추진계획",
        "시의회(환경경제위원회) 면담",
        "공약 관련 회의",
        "문제점 및 개선대책",
        "2021년 하반기 공약관리카드 기준",
    ]:
        assert text in html, text


def test_blank_participation_shows_a_dash_never_zero(client, pledge):
    response = client.get(pledge.get_absolute_url())
    card = response.context["latest_card"]
    cells = {count.get_category_display(): count.count for count in card.participation.all()}
    assert cells == {
        "공약 관련 회의": 5,
        "설명회·민생탐방": None,
        "전문가 자문": 5,
        "언론·방송 보도": None,
        "기타": None,
    }
    table = response.content.decode().split("시민참여 실적 (단위: 회)")[1].split("</table>")[0]
    assert table.count('<td class="num">-</td>') == 3
    assert '<td class="num">0</td>' not in table


def test_draft_submitted_and_returned_cards_never_appear(client, pledge):
    for state, label in [("draft", "초안"), ("submitted", "제출본"), ("returned", "반려본")]:
        card = PledgeCard.objects.create(
            pledge=pledge,
            label=f"2022년 상반기 {label}",
            period_start=datetime.date(2022, 1, 1)
            + datetime.timedelta(days=31 * ["draft", "submitted", "returned"].index(state)),
            period_end=datetime.date(2022, 6, 1),
            state=state,
            problems=f"비공개 문제점 {label}",
        )
        entry = CardEntry.objects.create(card=card, order=1, kind="실적", label=f"비공개 실적 {label}")
        CardEvent.objects.create(entry=entry, order=1, title=f"비공개 행사 {label}")
    for url in [pledge.get_absolute_url(), tracker_url()]:
        html = client.get(url).content.decode()
        assert "비공개" not in html
        assert "2022년 상반기 초안" not in html


def test_evidence_is_downloaded_as_an_attachment_with_safe_headers(client, pledge, settings):
    evidence = EvidenceFile.objects.get(entry__card__pledge=pledge)
    evidence.file.save("seed.pdf", ContentFile(b"%PDF-1.7\n%%EOF"), save=False)
    evidence.content_type = "application/pdf"
    evidence.save()
    response = client.get(reverse("pledges:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n%%EOF"


def test_evidence_of_an_unapproved_card_is_not_served(client, pledge):
    card = PledgeCard.objects.create(
        pledge=pledge, label="초안", period_start=datetime.date(2022, 1, 1), period_end=datetime.date(2022, 6, 1)
    )
    entry = CardEntry.objects.create(card=card, order=1, kind="실적", label="초안")
    evidence = EvidenceFile.objects.create(entry=entry, order=1, label="비공개", content_type="application/pdf")
    evidence.file.save("draft.pdf", ContentFile(b"%PDF-1.7"))
    assert client.get(reverse("pledges:evidence", args=[evidence.pk])).status_code == 404


def test_unknown_pledge_and_municipality_without_pledges_are_404(client, pledge):
    assert (
        client.get(
            reverse("pledges:pledge", kwargs={"slug": "goyang", "term": pledge.term_id, "code": "9-9-9"})
        ).status_code
        == 404
    )
    response = client.get(reverse("pledges:tracker", kwargs={"slug": "namyangju"}))
    assert response.status_code == 200
    assert "이 지방자치단체의 공약은 아직 등록되지 않았습니다." in response.content.decode()


@pytest.mark.parametrize("page", ["tracker", "pledge"])
def test_query_count_stays_the_same_when_pledges_grow_tenfold(client, pledge, django_assert_max_num_queries, page):
    counts = []
    for size in (3, 30):
        created = grow_pledges(pledge.term, pledge.lead_unit, size, batch=size)
        url = tracker_url() if page == "tracker" else created[-1].get_absolute_url()
        with django_assert_max_num_queries(24) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
