"""The evaluation page: the five manifesto areas, each figure equal to the records, its Excel copy, the 관리 규정."""

import datetime
import io
import re

import openpyxl
import pytest
from django.db.models import Sum
from django.urls import reverse

from pledges.evaluation import AREAS, evaluation_areas
from pledges.models import (
    ManagementRules,
    ParticipationCount,
    Pledge,
    PledgeCard,
    PledgeStatus,
    TargetDecision,
    Term,
    YearlyTarget,
)
from portal import roles
from tests.factories import OrgUnitFactory, staff_user

pytestmark = pytest.mark.django_db


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def evidence(areas, key, label):
    area = next(area for area in areas if area.key == key)
    return next(item for item in area.evidence if item.label == label)


@pytest.fixture
def goyang_term(seeded):
    return Term.objects.get(municipality__slug="goyang")


def test_the_page_answers_the_five_areas_with_figures_from_the_records(client, goyang_term):
    html = client.get(reverse("pledges:evaluation", kwargs={"slug": "goyang"})).content.decode()
    for title in AREAS.values():
        assert f">{title}</h2>" in html
    text = text_of(html)
    # pledge-goyang-1-2-4.yaml: one pledge, not yet assessed: 0 of 1 complete.
    assert "완료율 0.0% 완료: 0" in text and "(완료 + 이행후 계속추진) 0건 ÷ 전체 공약 1건 × 100" in text
    cards = PledgeCard.objects.approved().filter(pledge__term=goyang_term)
    participation = ParticipationCount.objects.filter(card__in=cards).aggregate(total=Sum("count"))["total"]
    assert f"{participation:,}회" in text  # the same sum as the approved cards' participation counts
    assert reverse("api:docs") in html and reverse("plans:updates", kwargs={"slug": "goyang"}) in html


def test_target_rates_and_completion_follow_the_decisions(goyang_term):
    pledge = Pledge.objects.get(term=goyang_term)
    pledge.status = PledgeStatus.COMPLETED
    pledge.save()
    for year, decision in ((2019, TargetDecision.ACHIEVED), (2020, TargetDecision.PARTLY), (2021, "")):
        YearlyTarget.objects.create(
            pledge=pledge, year=year, target=f"{year}년 목표", decision=decision,
            decided_on=datetime.date(year + 1, 1, 15) if decision else None,
        )  # fmt: skip
    areas = evaluation_areas(goyang_term.municipality, goyang_term, datetime.date(2026, 12, 2))
    assert evidence(areas, "completion", "완료율").value == "100.0%"
    rates = evidence(areas, "targets", "연도별 목표 달성률")
    assert rates.value == "2019: 100.0%, 2020: 50.0%, 2021: -"
    assert rates.as_of == datetime.date(2021, 1, 15)
    # A past term is judged for 부진공약 at its end: the pledge was in office then.
    assert "임기 중 공약 1건" in evidence(areas, "targets", "부진공약").value


def test_the_workbook_holds_the_same_figures_one_sheet_per_area(client, goyang_term):
    answer = client.get(reverse("pledges:evaluation_download", kwargs={"slug": "goyang"}))
    assert answer.status_code == 200
    assert "filename*=utf-8''" in answer["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(answer.content))
    assert workbook.sheetnames == [str(title) for title in AREAS.values()]
    areas = evaluation_areas(goyang_term.municipality, goyang_term)
    for area in areas:
        cells = [row for row in workbook[area.title].iter_rows(values_only=True) if row and row[0]]
        written = {row[0]: row[1] for row in cells}
        for item in area.evidence:
            assert written[item.label] == item.value, (area.title, item.label)
            if item.link:
                assert any(item.link in str(row[4]) for row in cells if row[0] == item.label)


def test_the_page_costs_the_same_queries_when_pledges_grow_tenfold(client, django_assert_max_num_queries, roles_synced):
    from citygen.services import city_generate

    counts = []
    for slug, scale in (("eval-small", 0.5), ("eval-large", 5)):
        city_generate(slug=slug, scale=scale, seed=2)
        assert Pledge.objects.filter(term__municipality__slug=slug).exists()
        with django_assert_max_num_queries(40) as captured:
            assert client.get(reverse("pledges:evaluation", kwargs={"slug": slug})).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_a_generated_citys_figures_equal_its_records(roles_synced):
    from citygen.services import city_generate

    city_generate(slug="eval-city", scale=4, seed=5)
    term = Term.objects.filter(municipality__slug="eval-city").order_by("-start").first()
    pledges = Pledge.objects.filter(term=term)
    areas = evaluation_areas(term.municipality, term)
    summary = pledges.status_summary()
    completed = pledges.filter(status__in=[PledgeStatus.COMPLETED, PledgeStatus.COMPLETED_ONGOING]).count()
    assert summary["completed"] == completed
    expected = "-" if not summary["total"] else f"{round(100 * completed / summary['total'], 1)}%"
    assert evidence(areas, "completion", "완료율").value == expected
    for row in YearlyTarget.objects.filter(pledge__term=term).rates_by_year():
        decided = YearlyTarget.objects.filter(pledge__term=term, year=row["year"]).exclude(decision="")
        achieved = decided.filter(decision=TargetDecision.ACHIEVED).count()
        partly = decided.filter(decision=TargetDecision.PARTLY).count()
        if decided.count():
            assert float(row["rate"]) == round(100 * (achieved + 0.5 * partly) / decided.count(), 1)
            assert f"{row['year']}: {row['rate']}%" in evidence(areas, "targets", "연도별 목표 달성률").value


def test_the_rules_are_kept_by_the_coordinating_office_and_read_by_everyone(client, goyang_term):
    municipality = goyang_term.municipality
    office = OrgUnitFactory(municipality=municipality, is_coordinating=True)
    coordinator = staff_user(office, role=roles.COORDINATOR)
    clerk = staff_user(office, role=roles.STAFF)
    data = {
        "municipality": municipality.pk,
        "title": "고양시 공약사항 관리 규정",
        "kind": "훈령",
        "enacted_on": "2019-03-04",
        "issuing_unit": "기획담당관",
        "body": "제1조(목적) 이 규정은 공약사항의 관리에 필요한 사항을 정한다.\n<script>alert(1)</script>",
    }
    client.force_login(clerk)
    assert client.post(reverse("admin:pledges_managementrules_add"), data).status_code == 403
    assert not ManagementRules.objects.exists()
    client.force_login(coordinator)
    assert client.post(reverse("admin:pledges_managementrules_add"), data).status_code == 302
    rules = ManagementRules.objects.get()
    assert rules.history.first().history_user == coordinator

    other = staff_user(OrgUnitFactory(is_coordinating=True), role=roles.COORDINATOR)
    client.force_login(other)
    assert client.get(reverse("admin:pledges_managementrules_change", args=[rules.pk])).status_code in (302, 403, 404)

    client.logout()
    page = client.get(rules.get_absolute_url()).content.decode()
    assert "제1조(목적)" in page and "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    evaluation = client.get(reverse("pledges:evaluation", kwargs={"slug": "goyang"})).content.decode()
    assert f'href="{rules.get_absolute_url()}"' in evaluation and "2019. 3. 4." in evaluation


def test_change_procedures_count_only_what_citizens_may_read(goyang_term):
    from pledges.models import ChangeComment, ChangeReasonClass, PledgeChange

    pledge = Pledge.objects.get(term=goyang_term)
    base = {"pledge": pledge, "reason_class": ChangeReasonClass.CONDITIONS, "reason": "여건 변화"}
    other = Pledge.objects.create(term=goyang_term, code="9-9-9", title="다른 공약", lead_unit=pledge.lead_unit)
    draft = PledgeChange.objects.create(**base | {"pledge": other})  # a draft is not public, nor its comments
    opened = PledgeChange.objects.create(
        **base,
        state=PledgeChange.State.OPEN,
        comment_start=datetime.date(2026, 11, 1),
        comment_end=datetime.date(2026, 11, 30),
    )
    ChangeComment.objects.create(
        change=opened, text="좋습니다", state=ChangeComment.State.PUBLISHED, answer="감사합니다"
    )
    ChangeComment.objects.create(change=opened, text="아직 검토 전")
    ChangeComment.objects.create(change=draft, text="초안에 달린 의견", state=ChangeComment.State.PUBLISHED)
    areas = evaluation_areas(goyang_term.municipality, goyang_term, datetime.date(2026, 12, 2))
    assert evidence(areas, "communication", "공약 조정과 주민 의견").value == (
        "변경안 1건 공개 (결정 0, 가결 0), 공개 의견 1건 중 답변 1건"
    )


def test_panel_meetings_count_once_approved(goyang_term):
    from pledges.models import CitizenPanel, PanelMeeting, PanelOpinion
    from portal.corrections import ReviewState

    municipality = goyang_term.municipality
    panel = CitizenPanel.objects.create(
        municipality=municipality, name="고양시 공약이행평가단", kind="evaluation", founded_on=datetime.date(2023, 3, 1)
    )
    approved = PanelMeeting.objects.create(
        panel=panel, held_on=datetime.date(2026, 10, 7), agenda="상반기 점검", state=ReviewState.APPROVED
    )
    PanelMeeting.objects.create(panel=panel, held_on=datetime.date(2026, 11, 4), agenda="초안")
    PanelOpinion.objects.create(
        meeting=approved,
        opinion="예산 확보를 서둘러 달라",
        city_response="반영하겠습니다",
        responded_on=datetime.date(2026, 10, 20),
    )
    found = evidence(evaluation_areas(municipality, goyang_term), "communication", "시민 평가단")
    assert found.value == "평가단 1개, 위원 0명, 승인된 회의 1회, 의견 1건 중 시의 답변 1건"
    assert found.as_of == datetime.date(2026, 10, 7)
