"""부진공약: the stated rule on the seed pledge and on a generated city, its list, 보고회, obligations and reminders."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from citygen.services import city_generate
from kpis.obligation_sources import obligation_rows
from kpis.obligations import Obligation
from kpis.services import obligations_sync
from plans.models import Municipality
from pledges.lagging import BEHIND, BEHIND_POINTS, GRADE, TARGET, expected_progress, lagging_pledges, lagging_summary
from pledges.lagging_services import lagging_measure_save, lagging_review_save
from pledges.models import (
    LaggingMeasure,
    LaggingReview,
    Pledge,
    PledgeStatus,
    SelfEvaluation,
    SelfGrade,
    TargetDecision,
)
from tests.pledges.evaluation_data import approved_evaluation
from tests.pledges.plan_data import target

pytestmark = pytest.mark.django_db

ON = datetime.date(2021, 12, 31)


def codes(rows):
    return {row.pledge.code: row.reasons for row in rows}


def test_the_seed_pledge_is_not_lagging_without_evaluations(pledge):
    assert lagging_pledges(pledge.term.municipality, ON) == []


def test_a_latest_grade_of_lagging_lists_the_pledge_with_its_cause_and_measures(pledge):
    approved_evaluation(pledge, 2021, 2, grade=SelfGrade.NORMAL, progress=80, reviewed_on=datetime.date(2021, 7, 15))
    approved_evaluation(
        pledge,
        2021,
        3,
        grade=SelfGrade.LAGGING,
        progress=80,
        problems="부지 매입 지연",
        measures="대체 부지 검토",
        reviewed_on=datetime.date(2021, 10, 15),
    )
    (row,) = lagging_pledges(pledge.term.municipality, ON)
    assert (row.pledge, row.reasons, row.cause, row.measures) == (pledge, [GRADE], "부지 매입 지연", "대체 부지 검토")
    assert "부진" in row.reason
    # before the 3분기 evaluation was approved, the 2분기 one (정상) was the latest
    assert lagging_pledges(pledge.term.municipality, datetime.date(2021, 10, 1)) == []


def test_progress_behind_the_linear_expectation_by_more_than_the_stated_points(pledge):
    expected = expected_progress(pledge, datetime.date(2021, 9, 30))
    approved_evaluation(pledge, 2021, 3, progress=expected - BEHIND_POINTS, reviewed_on=datetime.date(2021, 10, 15))
    assert lagging_pledges(pledge.term.municipality, ON) == []
    SelfEvaluation.objects.update(progress=expected - BEHIND_POINTS - 1)
    (row,) = lagging_pledges(pledge.term.municipality, ON)
    assert row.reasons == [BEHIND] and row.expected == expected


def test_a_yearly_target_decided_not_achieved_and_exempt_statuses(pledge):
    target(pledge, 2021, TargetDecision.NOT_ACHIEVED)
    assert lagging_pledges(pledge.term.municipality, datetime.date(2021, 12, 19)) == []
    assert codes(lagging_pledges(pledge.term.municipality, ON)) == {"1-2-4": [TARGET]}
    Pledge.objects.filter(pk=pledge.pk).update(status=PledgeStatus.COMPLETED)
    assert lagging_pledges(pledge.term.municipality, ON) == []


def test_the_lead_units_measure_for_the_half_replaces_the_evaluations_words(pledge, goyang):
    approved_evaluation(pledge, 2021, 3, grade=SelfGrade.LAGGING, problems="예전 원인", reviewed_on=ON)
    measure = lagging_measure_save(
        user=goyang["staff"],
        measure=LaggingMeasure(),
        values={"pledge": pledge, "year": 2021, "half": 2, "cause": "국비 미확보", "measures": "2022 추경 반영"},
    )
    (row,) = lagging_pledges(pledge.term.municipality, ON)
    assert (row.cause, row.measures, row.measure) == ("국비 미확보", "2022 추경 반영", measure)
    with pytest.raises(PermissionDenied):
        lagging_measure_save(
            user=goyang["other_staff"],
            measure=LaggingMeasure(),
            values={"pledge": pledge, "year": 2022, "half": 1, "cause": "x", "measures": "y"},
        )
    summary = lagging_summary(pledge.term.municipality, ON)
    assert (summary["in_office"], summary["lagging"], summary["by_reason"][GRADE], summary["with_measures"]) == (
        1,
        1,
        1,
        1,
    )
    assert len(summary["rule"]) == 3


def test_the_lagging_list_for_the_coordinating_office_is_scoped(client, pledge, goyang):
    approved_evaluation(pledge, 2021, 3, grade=SelfGrade.LAGGING, problems="부지 매입 지연", reviewed_on=ON)
    url = reverse("admin:pledges_laggingreview_lagging")
    client.force_login(goyang["coordinator"])
    response = client.get(url)
    assert response.status_code == 200
    # the rule runs on today (2026), after the seed term: nothing in office today
    assert "부진공약이 없습니다" in response.content.decode()
    rows = lagging_pledges(pledge.term.municipality, ON, within=Pledge.objects.for_user(goyang["other_staff"]))
    assert rows == []
    assert len(lagging_pledges(pledge.term.municipality, ON, within=Pledge.objects.for_user(goyang["staff"]))) == 1


def test_a_half_year_review_is_recorded_by_the_coordinating_office_of_the_city_only(pledge, goyang):
    values = {
        "municipality": pledge.term.municipality,
        "held_on": datetime.date(2022, 1, 20),
        "year": 2021,
        "half": 2,
        "title": "2021년 하반기 공약 추진상황 보고회",
        "decisions": "1-2-4 대체 부지 검토 후 2022년 상반기 재보고",
    }
    with pytest.raises(PermissionDenied):
        lagging_review_save(user=goyang["manager"], review=LaggingReview(), values=values, pledges=[pledge])
    seoul = Municipality.objects.get(slug="seoul")
    with pytest.raises(PermissionDenied):
        lagging_review_save(
            user=goyang["coordinator"], review=LaggingReview(), values={**values, "municipality": seoul}, pledges=[]
        )
    review = lagging_review_save(user=goyang["coordinator"], review=LaggingReview(), values=values, pledges=[pledge])
    assert list(review.pledges.all()) == [pledge] and review.history.exists()
    review = lagging_review_save(
        user=goyang["coordinator"], review=review, values={"decisions": "2022년 상반기 재보고"}, pledges=[]
    )
    review.refresh_from_db()
    assert review.decisions == "2022년 상반기 재보고" and not review.pledges.exists()
    with pytest.raises(PermissionDenied):
        lagging_review_save(
            user=goyang["other_staff"],
            review=review,
            values={"decisions": "x"},
            pledges=[],
        )


def test_the_quarter_self_evaluation_is_owed_and_reminded_before_it_is_due(
    pledge, goyang, django_capture_on_commit_callbacks
):
    due = datetime.date(2021, 10, 10)
    rows = [row for row in obligation_rows(due, due) if row.kind == Obligation.Kind.SELF_EVALUATION]
    assert [(row.key, row.unit_id, row.due_date) for row in rows] == [
        (f"self_eval:{pledge.pk}:2021Q3", pledge.lead_unit_id, due)
    ]
    goyang["staff"].email = "lead-staff@example.com"
    goyang["staff"].save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date=f"{due - datetime.timedelta(days=7):%Y-%m-%d}", verbosity=0)
    (message,) = [m for m in mail.outbox if m.to == ["lead-staff@example.com"]]
    assert "분기별 자체평가" in message.body and "1-2-4" in message.body and "D-7" in message.body
    obligation = Obligation.objects.get(key=f"self_eval:{pledge.pk}:2021Q3")
    assert obligation.form_url().startswith(reverse("admin:pledges_selfevaluation_add"))
    evaluation = SelfEvaluation.objects.create(pledge=pledge, year=2021, quarter=3, summary="착수", grade="normal")
    stated = Obligation.objects.with_state(due).get(pk=obligation.pk)
    assert (stated.state, stated.record_pk) == ("draft", evaluation.pk)
    SelfEvaluation.objects.filter(pk=evaluation.pk).update(state="submitted")
    assert not Obligation.objects.outstanding(due).filter(pk=obligation.pk).exists()


def test_a_lagging_pledge_owes_its_measures_before_the_half_year_review(pledge, goyang):
    approved_evaluation(pledge, 2021, 3, grade=SelfGrade.LAGGING, reviewed_on=datetime.date(2021, 10, 15))
    due = datetime.date(2022, 1, 15)
    obligations_sync(as_of=due)
    obligation = Obligation.objects.get(kind=Obligation.Kind.LAGGING)
    assert (obligation.key, obligation.unit_id, obligation.due_date) == (
        f"lagging:{pledge.pk}:2021H2",
        pledge.lead_unit_id,
        due,
    )
    assert Obligation.objects.with_state(due).get(pk=obligation.pk).state == "not_started"
    lagging_measure_save(
        user=goyang["manager"],
        measure=LaggingMeasure(),
        values={"pledge": pledge, "year": 2021, "half": 2, "cause": "부지", "measures": "대체 부지"},
    )
    assert Obligation.objects.with_state(due).get(pk=obligation.pk).state == "submitted"
    assert obligations_sync(as_of=due) == {"created": 0, "updated": 0, "deleted": 0}


def test_the_rule_on_a_generated_city_matches_its_evaluations_and_targets(roles_synced):
    city_generate(slug="gen", scale=2, seed=3)
    city = Municipality.objects.get(slug="gen")
    on = datetime.date(2026, 4, 30)
    rows = lagging_pledges(city, on)
    assert rows, "the generator draws some lagging pledges"
    expected = {}
    for pledge in Pledge.objects.filter(term__municipality=city).exclude(
        status__in=["completed", "completed_ongoing", "scrapped", "on_hold"]
    ):
        latest = (
            SelfEvaluation.objects.approved()
            .filter(pledge=pledge, reviewed_at__date__lte=on)
            .exclude(year=2026, quarter__gte=2)
            .order_by("-year", "-quarter")
            .first()
        )
        reasons = []
        if latest and latest.grade == SelfGrade.LAGGING:
            reasons.append(GRADE)
        if latest and expected_progress(pledge, latest.period.end) - latest.progress > BEHIND_POINTS:
            reasons.append(BEHIND)
        if pledge.yearly_targets.filter(year__in=[2025, 2026], decision=TargetDecision.NOT_ACHIEVED).exists():
            reasons.append(TARGET)
        if reasons:
            expected[pledge.code] = reasons
    assert codes(rows) == expected
    assert {reason for row in rows for reason in row.reasons} == {GRADE, BEHIND, TARGET}
    city_generate(slug="gen", scale=2, seed=3)  # replacing the city deletes its evaluations first
    assert codes(lagging_pledges(city, on)) == expected


def test_a_bad_measure_changes_nothing(pledge, goyang):
    with pytest.raises(ValidationError):
        lagging_measure_save(
            user=goyang["staff"],
            measure=LaggingMeasure(),
            values={"pledge": pledge, "year": 2021, "half": 3, "cause": "", "measures": ""},
        )
    assert not LaggingMeasure.objects.exists()
