"""A whole year of the 공약 관리 규정 on a generated city of 250 pledges, then the evaluator's page checked against it.

The city is generated at scale 100 (250 pledges, their units, staff, texts and targets); what
the generator wrote for 2025 and later is taken away, so that the year starts with nothing
filed. Then `YearOfRules` runs 2025 day by day through the services and pages (see there),
and the checks below compare what the reminders said, what the public pages and the API
show, and every figure of the evaluation page and its workbook with the records the year
left, counted here a second way.
"""

import datetime
import io
import re
import time

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from citygen import procedures
from citygen.services import city_generate
from plans.models import Municipality, User
from pledges.evaluation import evaluation_areas, latest_term
from pledges.models import (
    ChangeComment,
    LaggingMeasure,
    LaggingReview,
    PanelOpinion,
    Pledge,
    PledgeStatus,
    PledgeText,
    PledgeTextKind,
    SelfEvaluation,
    SelfEvaluationContribution,
    YearlyTarget,
)
from portal import roles
from portal.periods import quarter
from tests.pledges.year_of_rules import COMMENTS, MEMBERS, YEAR, YearOfRules, on

pytestmark = pytest.mark.django_db

SLUG = "rules-year"
EVALUATED_ON = datetime.date(YEAR + 1, 1, 20)


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def start_of_year(municipality):
    """Take away what the generator wrote for the year and later (evaluations, decisions, lagging records), and
    its rules, panel and change proposals: this city enacts its rules and founds its panel in the year run here."""
    procedures.delete_rows(municipality)
    evaluations = SelfEvaluation.objects.filter(pledge__term__municipality=municipality, year__gte=YEAR)
    SelfEvaluationContribution.objects.filter(evaluation__in=evaluations).delete()
    evaluations.delete()
    YearlyTarget.objects.filter(pledge__term__municipality=municipality, year__gte=YEAR).update(
        decision="", evidence="", decided_on=None, decided_by=None
    )
    LaggingMeasure.objects.filter(pledge__term__municipality=municipality, year__gte=YEAR).delete()
    LaggingReview.objects.filter(municipality=municipality, year__gte=YEAR).delete()


def run_the_year():
    """Generate the city, start the year empty, and run it; the office with what it left."""
    started = time.monotonic()
    city_generate(slug=SLUG, scale=100, seed=11)
    municipality = Municipality.objects.get(slug=SLUG)
    start_of_year(municipality)
    office = YearOfRules.of(municipality)
    generated = time.monotonic() - started
    assert len(office.pledges) == 250
    with on(datetime.date(YEAR, 1, 10)):
        client = Client()
        client.force_login(office.coordinator)
        response = client.post(
            reverse("admin:pledges_managementrules_add"),
            {
                "municipality": municipality.pk,
                "title": f"{municipality.name} 공약사항 관리 규정",
                "kind": "훈령",
                "enacted_on": "2025-01-10",
                "issuing_unit": "기획조정실",
                "link": "",
                "body": "제1조(목적) 이 규정은 시장 공약사항의 체계적 관리에 필요한 사항을 정한다.",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    office.panel_year(discussed=office.pledges[:4])
    for number in (1, 2):
        office.run_quarter(number)
    office.late_measure()
    office.change_url = office.change_with_citizens(office.pledges[0])
    for number in (3, 4):
        office.run_quarter(number)
    office.year_end_review()
    late = sum(pledge.lead_unit_id == office.late_unit_id for pledge in office.pledges)
    print(
        f"\n관리 규정 1년: city generated in {generated:.1f} s, the year ran in {time.monotonic() - started - generated:.1f} s;"
        f" {late} pledges of the late unit, {len(office.returned)} returns, {len(office.lagging)} lagging at mid-year"
    )
    return office


def test_a_coordinating_office_runs_a_whole_year_and_the_evaluator_finds_it_all(roles_synced, client):
    """One run of the year (it takes about a minute), then every check on what it left."""
    year = run_the_year()
    for number in (1, 2, 3, 4):
        check_reminders(year, number)
    check_quarters(year, client)
    check_completions(year)
    check_lagging(year)
    check_change(year, client)
    check_evaluation_page(year, client)
    check_workbook(year, client)
    check_panel(year, client)


def obligation_keys(pledges, number):
    return {f"self_eval:{pledge.pk}:{YEAR}Q{number}" for pledge in pledges}


def check_reminders(year, number):
    """A week before the deadline every evaluation is reminded to its unit; a week after only the late unit's."""
    deadline = quarter(YEAR, number).deadline
    before, after, escalation = (deadline + datetime.timedelta(days=offset) for offset in (-7, 7, 15))
    keys = obligation_keys(year.pledges, number)
    late = obligation_keys([p for p in year.pledges if p.lead_unit_id == year.late_unit_id], number)
    heard = {}
    for key, recipient, escalated in year.reminded[before]:
        if key in keys and not escalated:
            heard.setdefault(key, set()).add(recipient)
    assert set(heard) == keys  # every pledge's evaluation, a week before it is due
    for pledge in year.pledges:
        assert year.writer(pledge).pk in heard[next(iter(obligation_keys([pledge], number)))]
    still_owed = {key for key, _recipient, _escalated in year.reminded[after] if key in keys}
    assert still_owed == late  # a week after: only what the late unit has not filed
    assert not [key for key, _r, escalated in year.reminded[after] if key in keys and escalated]
    assert not {key for key, _r, _e in year.reminded[escalation] if key in keys}  # all filed: nobody escalated


def check_quarters(year, client):
    """Every quarter of every pledge approved and public; the returns kept in the history."""
    approved = SelfEvaluation.objects.approved().filter(pledge__in=year.pledges, year=YEAR)
    assert approved.count() == 4 * 250
    assert not SelfEvaluation.objects.filter(pledge__in=year.pledges, year=YEAR).exclude(state="approved").exists()
    returned = SelfEvaluation.history.filter(id__in=year.returned, state="returned")
    assert {row.id for row in returned} == set(year.returned) and len(year.returned) >= 4 * 6
    api = client.get("/api/v1/pledge-self-evaluations/", {"municipality": SLUG, "year": YEAR, "page_size": 1}).json()
    assert api["count"] == 1000
    pledge = year.pledges[1]
    with on(EVALUATED_ON):
        html = text_of(client.get(pledge.get_absolute_url()).content.decode())
    assert f"{YEAR}년 4분기 {pledge.title} 추진" in html


def check_completions(year):
    """완료 by the 총괄부서's decision on a submitted evaluation, with its criterion."""
    assert len(year.completed) == 5
    for pledge in Pledge.objects.filter(pk__in=year.completed):
        assert pledge.status == PledgeStatus.COMPLETED
        change = pledge.status_changes.order_by("-pk").first()
        assert change.changed_by == year.coordinator and "실천계획의 최종 목표 달성" in change.reason
        evaluation = pledge.self_evaluations.get(year=YEAR, quarter=4)
        assert evaluation.completion_criterion and evaluation.completion_decided_on


def check_lagging(year):
    """Each lagging pledge has its cause and measures (the late one reminded, then escalated to the 총괄부서),
    and the 보고회 reviewed exactly those."""
    assert year.lagging, "the rule found no lagging pledge: the check would be vacuous"
    measures = LaggingMeasure.objects.filter(pledge__in=year.lagging, year=YEAR, half=1)
    assert measures.count() == len(year.lagging)
    keys = {f"lagging:{pledge.pk}:{YEAR}H1" for pledge in year.lagging}
    late = f"lagging:{year.lagging[0].pk}:{YEAR}H1"
    week_after, escalation = datetime.date(YEAR, 7, 22), datetime.date(YEAR, 7, 30)
    assert {key for key, _r, _e in year.reminded[week_after] if key in keys} == {late}
    escalated = {(key, recipient) for key, recipient, up in year.reminded[escalation] if key in keys and up}
    coordinators = set(
        User.objects.filter(unit__municipality=year.municipality, groups__name=roles.COORDINATOR).values_list(
            "pk", flat=True
        )
    )
    assert {key for key, _recipient in escalated} == {late}
    assert year.coordinator.pk in {recipient for _key, recipient in escalated}
    assert {recipient for _key, recipient in escalated} <= coordinators
    review = LaggingReview.objects.get(municipality=year.municipality, year=YEAR, half=1)
    assert set(review.pledges.values_list("pk", flat=True)) == {p.pk for p in year.lagging}


def check_change(year, client):
    """The 변경안 went through citizens' comments to the vote and is published with the original beside it."""
    change = year.change
    pledge = Pledge.objects.get(pk=change.pledge_id)
    assert pledge.title == change.proposed_title != change.original_title
    comments = ChangeComment.objects.filter(change=change)
    assert comments.count() == len(COMMENTS)
    assert not any("<" in comment.text for comment in comments)  # the script was stripped on the way in
    with on(EVALUATED_ON):
        page = client.get(year.change_url).content.decode()
        pledge_page = text_of(client.get(pledge.get_absolute_url()).content.decode())
    assert change.original_title in page and change.proposed_title in page
    assert "산업단지보다 지식산업센터가 현실적입니다." in page and "광고 글입니다" not in page
    assert page.count("검토하여 실시설계에 반영하겠습니다.") == 2
    assert "<script>alert" not in page
    assert change.original_title in pledge_page
    row = client.get("/api/v1/pledge-changes/", {"municipality": SLUG}).json()["results"][0]
    assert (row["state"], row["votes_for"], len(row["comments"])) == ("published", 9, 2)


def check_evaluation_page(year, client):
    """Every figure of the five areas equals the year's records counted here."""
    term = latest_term(year.municipality)
    pledges = Pledge.objects.filter(term=term)
    with on(EVALUATED_ON):
        html = client.get(reverse("pledges:evaluation", kwargs={"slug": SLUG})).content.decode()
        areas = {area.key: area for area in evaluation_areas(year.municipality, term)}
    text = text_of(html)

    completed = pledges.filter(status__in=[PledgeStatus.COMPLETED, PledgeStatus.COMPLETED_ONGOING]).count()
    assert f"(완료 + 이행후 계속추진) {completed}건 ÷ 전체 공약 250건 × 100" in text
    assert f"{round(100 * completed / 250, 1)}%" in text

    decided = list(year.decisions.values())
    rate = round(100 * (decided.count("achieved") + 0.5 * decided.count("partly")) / len(decided), 1)
    assert len(decided) == YearlyTarget.objects.filter(pledge__term=term, year=YEAR).count() > 0
    assert f"{YEAR}: {rate}%" in text

    # 이행현황: every pledge's fourth-quarter evaluation was approved in January, inside the last 92 days.
    assert "최근 92일 안에 갱신 250건" in text
    assert "변경안 1건 공개 (결정 1, 가결 1), 공개 의견 2건 중 답변 2건" in text
    opinions = PanelOpinion.objects.filter(meeting__panel=year.panel)
    assert opinions.count() == 5
    assert f"평가단 1개, 위원 {len(MEMBERS)}명, 승인된 회의 2회, 의견 5건 중 시의 답변 5건" in text
    assert f"{year.municipality.name} 공약사항 관리 규정" in text
    rules_link = areas["communication"].evidence[-1].link
    assert "제1조(목적)" in client.get(rules_link).content.decode()

    complete = sum(
        1
        for pledge in pledges
        if {k for k in PledgeTextKind}
        <= set(PledgeText.objects.approved().filter(pledge=pledge).values_list("kind", flat=True))
    )
    assert f"모두 승인된 공약 {complete}건" in text
    for key, area in areas.items():
        for item in area.evidence:
            if item.link:
                assert item.link.split("?")[0] in html, (key, item.label)


def check_workbook(year, client):
    """The evaluators' workbook holds the page's figures."""
    term = latest_term(year.municipality)
    with on(EVALUATED_ON):
        answer = client.get(reverse("pledges:evaluation_download", kwargs={"slug": SLUG}))
        areas = evaluation_areas(year.municipality, term)
    workbook = openpyxl.load_workbook(io.BytesIO(answer.content))
    for area in areas:
        written = {row[0]: row[1] for row in workbook[area.title].iter_rows(values_only=True) if row and row[0]}
        for item in area.evidence:
            assert written[item.label] == item.value, (area.title, item.label)


def check_panel(year, client):
    """The panel page names only consenting members; the API lists both meetings with their opinions."""
    with on(EVALUATED_ON):
        html = client.get(reverse("pledges:panels", kwargs={"slug": SLUG})).content.decode()
    for name, _category, consent in MEMBERS:
        assert (name in html) == consent, name
    rows = client.get("/api/v1/panel-meetings/", {"municipality": SLUG}).json()["results"]
    assert [len(row["opinions"]) for row in rows] == [3, 2]
    assert User.objects.filter(username__startswith=SLUG, groups__name=roles.COORDINATOR).exists()
