"""Read API over 조정, 자체평가 and citizen panels: only what the public pages show, filters, constant queries, no writes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plans.models import OrgUnit
from pledges.comments import comment_answer, comment_moderate, comment_post
from pledges.models import (
    ChangeComment,
    CitizenPanel,
    PanelMeeting,
    PanelMember,
    PanelOpinion,
    Pledge,
    PledgeChange,
    SelfEvaluation,
    SelfEvaluationContribution,
)
from pledges.panel_services import panel_meeting_approve, panel_meeting_save, panel_meeting_submit, panel_record_save
from pledges.self_evaluation import (
    contribution_save,
    self_evaluation_approve,
    self_evaluation_save,
    self_evaluation_submit,
)
from tests.pledges.evaluation_data import VALUES, approved_evaluation, cooperation
from tests.pledges.panel_data import panel_with_members
from tests.pledges.test_changes import PROPOSAL, decide, filed, opened

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/pledge-changes/",
    "/api/v1/pledge-self-evaluations/",
    "/api/v1/citizen-panels/",
    "/api/v1/panel-meetings/",
]


def results(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    assert "SECRET" not in response.content.decode()
    return response.json()["results"]


def test_changes_appear_once_opened_with_only_the_published_comments_and_their_answers(client, goyang, pledge):
    other = Pledge.objects.create(term=pledge.term, code="9-9-1", title="다른 공약", lead_unit=pledge.lead_unit)
    filed(goyang, other, reason="SECRET 제출만 한 변경안")
    change = opened(goyang, pledge)
    comment_post(change=change, name="", text="SECRET 검토 전 의견")
    published = comment_post(change=change, name="시민", text="좋은 변경입니다")
    comment_moderate(user=goyang["coordinator"], comment=published, publish=True)
    comment_answer(user=goyang["staff"], comment=published, answer="반영하겠습니다")
    rows = results(client, LISTS[0])
    assert [row["id"] for row in rows] == [change.pk]
    row = rows[0]
    assert (row["pledge"], row["pledge_code"], row["municipality"], row["term"]) == (
        pledge.pk,
        "1-2-4",
        "goyang",
        pledge.term_id,
    )
    assert (row["state"], row["state_label"], row["kind_label"], row["reason_class_label"]) == (
        "open",
        "의견 수렴",
        "변경",
        "여건 변화",
    )
    assert (row["original_title"], row["proposed_title"], row["proposed_cost"]) == (
        pledge.title,
        PROPOSAL["proposed_title"],
        12_000_000_000,
    )
    assert (row["result"], row["result_label"], row["decided_on"]) == ("", "", None)
    assert [(c["name"], c["text"], c["answer"]) for c in row["comments"]] == [
        ("시민", "좋은 변경입니다", "반영하겠습니다")
    ]
    assert row["comments"][0]["answered_at"].endswith("+09:00")
    assert row["url"] == f"/goyang/pledges/changes/{change.pk}/"
    assert client.get(row["url"]).status_code == 200
    assert client.get(f"{LISTS[0]}{change.pk}/").json() == row
    hidden = PledgeChange.objects.get(state=PledgeChange.State.SUBMITTED)
    assert client.get(f"{LISTS[0]}{hidden.pk}/").status_code == 404


def test_a_decided_change_carries_the_vote_and_the_publication(client, goyang, pledge):
    change = decide(goyang, opened(goyang, pledge))
    row = results(client, LISTS[0])[0]
    assert (row["state"], row["result"], row["result_label"]) == ("published", "approved", "가결")
    assert (row["votes_for"], row["votes_against"], row["votes_abstain"]) == (12, 3, 1)
    assert row["decision_body"] == "공약이행 시민평가단"
    assert row["decided_on"] == change.decided_on.isoformat() and row["published_at"].endswith("+09:00")


def test_self_evaluations_appear_once_approved_with_the_cooperating_units_parts(client, goyang, pledge):
    units = cooperation(pledge, goyang)
    evaluation = self_evaluation_save(
        user=goyang["staff"], evaluation=SelfEvaluation(), values={**VALUES, "pledge": pledge}
    )
    contribution_save(
        user=units["first_staff"],
        contribution=SelfEvaluationContribution(),
        values={"content": "투자유치 설명회 2회 개최"},
        evaluation=evaluation,
        unit=units["first"],
    )
    self_evaluation_submit(user=goyang["staff"], evaluation=evaluation)
    self_evaluation_save(
        user=goyang["staff"],
        evaluation=SelfEvaluation(),
        values={**VALUES, "pledge": pledge, "quarter": 4, "summary": "SECRET 작성중"},
    )
    assert results(client, LISTS[1]) == []
    self_evaluation_approve(user=goyang["coordinator"], evaluation=evaluation)
    rows = results(client, LISTS[1])
    assert [(row["year"], row["quarter"], row["summary"]) for row in rows] == [(2021, 3, VALUES["summary"])]
    row = rows[0]
    assert (row["grade"], row["grade_label"], row["progress"], row["pledge_code"]) == ("normal", "정상", 60, "1-2-4")
    assert row["contributions"] == [
        {"unit": {"id": units["first"].pk, "name": "투자유치과"}, "content": "투자유치 설명회 2회 개최", "problems": ""}
    ]
    assert row["reviewed_at"].endswith("+09:00") and row["corrected_at"] is None
    assert client.get(f"{LISTS[1]}{row['id']}/").json() == row
    draft = SelfEvaluation.objects.get(quarter=4)
    assert client.get(f"{LISTS[1]}{draft.pk}/").status_code == 404


def panel_with_meetings(goyang, pledge):
    coordinator = goyang["coordinator"]
    members = [("김동의", "citizen", True), ("SECRET 비공개", "expert", False), ("박청년", "youth", True)]
    panel = panel_with_members(coordinator, pledge.term, members)
    meetings = []
    for day, agenda in [(1, "2026년 1차 회의"), (20, "SECRET 2차 회의")]:
        meeting = panel_meeting_save(
            user=coordinator,
            meeting=PanelMeeting(),
            values={"panel": panel, "held_on": datetime.date(2026, 4, day), "agenda": agenda, "summary": "요지"},
            pledges=[pledge],
        )
        panel_record_save(
            user=coordinator,
            record=PanelOpinion(),
            values={
                "meeting": meeting,
                "order": 1,
                "opinion": "진행 공개 확대",
                "city_response": "분기마다 공개",
                "responded_on": datetime.date(2026, 4, 30),
            },
        )
        meetings.append(meeting)
    panel_meeting_submit(user=coordinator, meeting=meetings[0])
    panel_meeting_approve(user=coordinator, meeting=meetings[0])
    return panel, meetings


def test_panel_meetings_appear_once_approved_with_pledges_and_responses(client, goyang, pledge):
    panel, (approved, draft) = panel_with_meetings(goyang, pledge)
    rows = results(client, LISTS[3])
    assert [row["id"] for row in rows] == [approved.pk]
    row = rows[0]
    assert row["panel"] == {"id": panel.pk, "name": "고양시 공약이행평가단", "kind": "evaluation"}
    assert (row["municipality"], row["held_on"], row["agenda"]) == ("goyang", "2026-04-01", "2026년 1차 회의")
    assert row["pledges"] == [{"id": pledge.pk, "code": "1-2-4"}]
    assert row["opinions"] == [
        {"order": 1, "opinion": "진행 공개 확대", "city_response": "분기마다 공개", "responded_on": "2026-04-30"}
    ]
    assert client.get(row["url"]).status_code == 200
    assert client.get(f"{LISTS[3]}{approved.pk}/").json() == row
    assert client.get(f"{LISTS[3]}{draft.pk}/").status_code == 404


def test_panels_name_only_consenting_members_and_count_every_one(client, goyang, pledge):
    panel, _meetings = panel_with_meetings(goyang, pledge)
    row = results(client, LISTS[2])[0]
    assert (row["id"], row["kind_label"], row["term"], row["founded_on"]) == (
        panel.pk,
        "공약이행평가단",
        pledge.term_id,
        "2026-03-01",
    )
    assert row["member_counts"] == {"citizen": 1, "expert": 1, "youth": 1}
    assert row["members"] == [{"name": "김동의", "category": "citizen"}, {"name": "박청년", "category": "youth"}]
    assert client.get(f"{LISTS[2]}{panel.pk}/").json() == row


@pytest.mark.parametrize(
    ("url", "params", "count"),
    [
        (LISTS[0], {"municipality": "goyang"}, 1),
        (LISTS[0], {"municipality": "seoul"}, 0),
        (LISTS[0], {"state": "open"}, 1),
        (LISTS[0], {"state": "published"}, 0),
        (LISTS[0], {"kind": "drop"}, 0),
        (LISTS[0], {"reason_class": "conditions"}, 1),
        (LISTS[1], {"year": 2021, "quarter": 3}, 1),
        (LISTS[1], {"quarter": 2}, 0),
        (LISTS[1], {"grade": "lagging"}, 0),
        (LISTS[2], {"kind": "jury"}, 0),
        (LISTS[2], {"municipality": "goyang"}, 1),
        (LISTS[3], {"year": 2026}, 1),
        (LISTS[3], {"year": 2025}, 0),
    ],
)
def test_filters(client, goyang, pledge, url, params, count):
    opened(goyang, pledge)
    approved_evaluation(pledge, 2021, 3)
    panel_with_meetings(goyang, pledge)
    both = {"pledge": pledge.pk} if url in (LISTS[0], LISTS[1], LISTS[3]) else {}
    assert client.get(url, {**both, **params}).json()["count"] == count


@pytest.mark.parametrize("params", [{"state": "draft"}, {"state": "submitted"}, {"quarter": 5}, {"year": "x"}])
def test_a_filter_outside_what_is_public_is_a_bad_request(client, db, params):
    url = LISTS[0] if "state" in params else LISTS[1]
    assert client.get(url, params).status_code == 400


def grow(pledge, count, batch):
    """`count` pledges, each with a public change (two comments, one published), an approved evaluation with a
    part, a panel of three members and an approved meeting with two opinions; and as many hidden records."""
    city, term, unit = pledge.term.municipality, pledge.term, pledge.lead_unit
    helper = OrgUnit.objects.filter(municipality=city).exclude(pk=unit.pk).first()
    for index in range(count):
        other = Pledge.objects.create(term=term, code=f"9-{batch}-{index}", title=f"시험 {index}", lead_unit=unit)
        change = PledgeChange.objects.create(
            pledge=other, reason_class="conditions", reason="사유", state="rejected", submitted_at=timezone.now()
        )
        PledgeChange.objects.create(pledge=other, reason_class="conditions", reason="SECRET", state="submitted")
        ChangeComment.objects.create(change=change, text="의견", state="published", answer="답변")
        ChangeComment.objects.create(change=change, text="SECRET", state="pending")
        evaluation = approved_evaluation(other, 2021, 3)
        SelfEvaluationContribution.objects.create(evaluation=evaluation, unit=helper, content="협조")
        SelfEvaluation.objects.create(pledge=other, year=2021, quarter=4, summary="SECRET", grade="normal")
        panel = CitizenPanel.objects.create(
            municipality=city, kind="jury", name=f"배심원단 {batch}-{index}", founded_on=datetime.date(2026, 1, 1)
        )
        for name, consent in [("가", True), ("SECRET", False), ("다", True)]:
            PanelMember.objects.create(panel=panel, name=name, category="citizen", consent=consent)
        for state in ("approved", "draft"):
            meeting = PanelMeeting.objects.create(
                panel=panel,
                held_on=datetime.date(2026, 5, 1),
                agenda="SECRET" if state == "draft" else "안건",
                state=state,
            )
            meeting.pledges.set([other, pledge])
            for order in (1, 2):
                PanelOpinion.objects.create(meeting=meeting, order=order, opinion="의견", city_response="답변")


@pytest.mark.parametrize("url", LISTS)
def test_query_count_is_constant_as_the_records_grow_tenfold(client, pledge, url):
    grow(pledge, 3, batch=1)
    with CaptureQueriesContext(connection) as small:
        first = client.get(url, {"page_size": 500}).json()
    grow(pledge, 30, batch=2)
    with CaptureQueriesContext(connection) as large:
        data = client.get(url, {"page_size": 500}).json()
    assert data["count"] == 11 * first["count"] == 33
    assert len(small) == len(large)
    assert "SECRET" not in str(data)


def test_the_schema_documents_the_four_lists_and_their_filters(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    for path, filters in [
        (LISTS[0], {"municipality", "term", "pledge", "state", "kind", "reason_class"}),
        (LISTS[1], {"municipality", "term", "pledge", "year", "quarter", "grade"}),
        (LISTS[2], {"municipality", "term", "kind"}),
        (LISTS[3], {"municipality", "panel", "year", "pledge"}),
    ]:
        assert filters <= {parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]}
        assert f"{path}{{id}}/" in schema["paths"]


@pytest.mark.parametrize("url", LISTS)
def test_no_write_goes_through_the_api_even_for_the_coordinating_office(client, goyang, pledge, url):
    opened(goyang, pledge)
    approved_evaluation(pledge, 2021, 3)
    panel_with_meetings(goyang, pledge)
    client.force_login(goyang["coordinator"])
    record = client.get(url).json()["results"][0]
    before = [list(model.objects.values()) for model in (PledgeChange, SelfEvaluation, CitizenPanel, PanelMeeting)]
    assert client.post(url, {"state": "published"}, content_type="application/json").status_code in (403, 405)
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(
            f"{url}{record['id']}/", {"state": "published"}, content_type="application/json"
        )
        assert response.status_code in (403, 405), method
    assert before == [
        list(model.objects.values()) for model in (PledgeChange, SelfEvaluation, CitizenPanel, PanelMeeting)
    ]


def test_the_lists_as_csv(client, goyang, pledge):
    opened(goyang, pledge)
    response = client.get(LISTS[0], {"format": "csv"})
    assert response.status_code == 200
    assert PROPOSAL["proposed_title"] in response.content.decode("utf-8-sig")
