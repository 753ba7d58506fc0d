"""Citizen panels: only the city's 총괄부서 keeps them, consent and review decide what is public, pages bounded."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from plans.models import OrgUnit
from pledges.models import CitizenPanel, PanelMeeting, PanelMember, PanelOpinion
from pledges.panel_services import (
    panel_meeting_approve,
    panel_meeting_return,
    panel_meeting_save,
    panel_meeting_submit,
    panel_record_save,
)
from pledges.panels import panel_summary
from portal import roles
from tests.factories import staff_user
from tests.pledges.panel_data import panel_with_members

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'


@pytest.fixture
def city(pledge, goyang):
    coordinator = goyang["coordinator"]
    municipality = pledge.term.municipality
    panel = panel_with_members(
        coordinator,
        pledge.term,
        [("김동의", "citizen", True), ("이비공개", "expert", False), ("박청년", "youth", True)],
    )
    other_office = OrgUnit.objects.filter(municipality__slug="namyangju", is_coordinating=True).first()
    return {
        **goyang,
        "municipality": municipality,
        "panel": panel,
        "pledge": pledge,
        "other_coordinator": staff_user(other_office, role=roles.COORDINATOR),
    }


def make_meeting(city, *, agenda="2026년 1차 회의", approved=True, opinion="의견", response="답변", day=1):
    coordinator = city["coordinator"]
    meeting = panel_meeting_save(
        user=coordinator,
        meeting=PanelMeeting(),
        values={"panel": city["panel"], "held_on": datetime.date(2026, 4, day), "agenda": agenda, "summary": "요지"},
        pledges=[city["pledge"]],
    )
    panel_record_save(
        user=coordinator,
        record=PanelOpinion(),
        values={
            "meeting": meeting,
            "order": 1,
            "opinion": opinion,
            "city_response": response,
            "responded_on": datetime.date(2026, 4, 20),
        },
    )
    if approved:
        panel_meeting_submit(user=coordinator, meeting=meeting)
        panel_meeting_approve(user=coordinator, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def panels_url(city):
    return reverse("pledges:panels", kwargs={"slug": city["municipality"].slug})


def test_members_without_consent_are_counted_but_never_named(client, city):
    page = client.get(panels_url(city)).content.decode()
    assert "김동의" in page and "박청년" in page
    assert "이비공개" not in page
    assert "위원 3명" in page
    assert "전문가" in page  # the unconsented expert is still counted in the category table


def test_an_unapproved_meeting_is_public_nowhere(client, city):
    draft = make_meeting(city, agenda="미승인 안건", approved=False)
    submitted = make_meeting(city, agenda="제출된 안건", approved=False)
    panel_meeting_submit(user=city["coordinator"], meeting=submitted)
    assert "미승인 안건" not in client.get(panels_url(city)).content.decode()
    assert "제출된 안건" not in client.get(panels_url(city)).content.decode()
    for meeting in (draft, submitted):
        url = reverse("pledges:panel_meeting", kwargs={"slug": city["municipality"].slug, "pk": meeting.pk})
        assert client.get(url).status_code == 404
    pledge_page = client.get(city["pledge"].get_absolute_url()).content.decode()
    assert "미승인 안건" not in pledge_page and "제출된 안건" not in pledge_page


def test_the_pledge_page_and_the_meeting_link_to_each_other(client, city):
    meeting = make_meeting(city, agenda="일자리 공약 점검")
    pledge_page = client.get(city["pledge"].get_absolute_url()).content.decode()
    assert meeting.get_absolute_url() in pledge_page and "일자리 공약 점검" in pledge_page
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    assert city["pledge"].get_absolute_url() in meeting_page
    assert "답변" in meeting_page


def test_the_tracker_links_the_panels_page(client, city):
    assert panels_url(city) in client.get(reverse("pledges:tracker", kwargs={"slug": "goyang"})).content.decode()


def test_opinions_and_responses_are_escaped(client, city):
    meeting = make_meeting(city, agenda=XSS, opinion=XSS, response=XSS)
    for url in (meeting.get_absolute_url(), panels_url(city), city["pledge"].get_absolute_url()):
        page = client.get(url).content.decode()
        assert XSS not in page
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in client.get(meeting.get_absolute_url()).content.decode()
    )


def _queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_meetings(client, city, django_assert_max_num_queries):
    meetings = [make_meeting(city, day=day) for day in (1, 2)]
    urls = [panels_url(city), city["pledge"].get_absolute_url(), meetings[-1].get_absolute_url()]
    before = [_queries(client, url, django_assert_max_num_queries) for url in urls]
    for day in range(3, 21):  # 2 → 20 approved meetings, each with its opinion and pledge
        make_meeting(city, day=day)
    assert PanelMeeting.objects.approved().count() == 20
    after = [_queries(client, url, django_assert_max_num_queries) for url in urls]
    assert before == after


def test_panel_summary_counts_the_citys_records(city):
    assert panel_summary(city["municipality"])["meetings_approved"] == 0
    make_meeting(city, day=2)
    latest = make_meeting(city, day=9, response="")
    make_meeting(city, day=12, approved=False)
    summary = panel_summary(city["municipality"])
    assert summary == {
        "panels": 1,
        "members": 3,
        "consented": 2,
        "meetings_approved": 2,
        "latest_meeting": {"date": datetime.date(2026, 4, 9), "url": latest.get_absolute_url()},
        "opinions": 2,
        "responded": 1,
    }


def test_only_the_citys_coordinator_writes_and_reviews(city):
    meeting = make_meeting(city, approved=False)
    for user in (city["staff"], city["manager"], city["other_coordinator"]):
        with pytest.raises(PermissionDenied):
            panel_record_save(user=user, record=city["panel"], values={"name": "바뀐 이름"})
        with pytest.raises(PermissionDenied):
            panel_meeting_submit(user=user, meeting=meeting)
    panel_meeting_submit(user=city["coordinator"], meeting=meeting)
    with pytest.raises(PermissionDenied):
        panel_meeting_approve(user=city["other_coordinator"], meeting=meeting)
    panel_meeting_return(user=city["coordinator"], meeting=meeting, reason="요지 보완")
    meeting.refresh_from_db()
    assert meeting.state == "returned"
    city["panel"].refresh_from_db()
    assert city["panel"].name == "고양시 공약이행평가단"


@pytest.mark.parametrize("who", ["staff", "manager", "other_coordinator"])
def test_the_admin_refuses_anyone_but_the_citys_coordinator(client, city, who):
    meeting = make_meeting(city, approved=False)
    member = PanelMember.objects.filter(panel=city["panel"]).first()
    opinion = meeting.opinions.get()
    client.force_login(city[who])
    before = {
        "panel": CitizenPanel.objects.values().get(pk=city["panel"].pk),
        "member": PanelMember.objects.values().get(pk=member.pk),
        "meeting": PanelMeeting.objects.values().get(pk=meeting.pk),
        "opinion": PanelOpinion.objects.values().get(pk=opinion.pk),
        "counts": [CitizenPanel.objects.count(), PanelMember.objects.count(), PanelMeeting.objects.count()],
    }
    for name, obj in (
        ("citizenpanel", city["panel"]),
        ("panelmember", member),
        ("panelmeeting", meeting),
        ("panelopinion", opinion),
    ):
        change = reverse(f"admin:pledges_{name}_change", args=[obj.pk])
        assert client.get(change).status_code in (302, 403, 404)
        assert client.post(change, {"name": "x", "agenda": "x", "opinion": "x"}).status_code in (302, 403, 404)
        add = reverse(f"admin:pledges_{name}_add")
        response = client.post(
            add,
            {
                "municipality": city["municipality"].pk,
                "panel": city["panel"].pk,
                "meeting": meeting.pk,
                "kind": "other",
                "name": "침입",
                "founded_on": "2026-05-01",
                "category": "citizen",
                "held_on": "2026-05-01",
                "agenda": "침입",
                "opinion": "침입",
                "order": 1,
            },
        )
        assert response.status_code in (200, 302, 403, 404)
    for step in ("submit", "approve"):
        client.post(reverse(f"admin:pledges_panelmeeting_{step}", args=[meeting.pk]))
    after = {
        "panel": CitizenPanel.objects.values().get(pk=city["panel"].pk),
        "member": PanelMember.objects.values().get(pk=member.pk),
        "meeting": PanelMeeting.objects.values().get(pk=meeting.pk),
        "opinion": PanelOpinion.objects.values().get(pk=opinion.pk),
        "counts": [CitizenPanel.objects.count(), PanelMember.objects.count(), PanelMeeting.objects.count()],
    }
    assert after == before
    assert not PanelOpinion.objects.filter(opinion="침입").exists()


def test_the_coordinator_runs_a_meeting_through_the_admin(client, city):
    client.force_login(city["coordinator"])
    response = client.post(
        reverse("admin:pledges_panelmeeting_add"),
        {
            "panel": city["panel"].pk,
            "held_on": "2026-05-02",
            "agenda": "관리자 회의",
            "summary": "",
            "pledges": [city["pledge"].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = PanelMeeting.objects.get(agenda="관리자 회의")
    assert list(meeting.pledges.all()) == [city["pledge"]]
    assert client.get(reverse("admin:pledges_panelmeeting_change", args=[meeting.pk])).status_code == 200
    client.post(reverse("admin:pledges_panelmeeting_submit", args=[meeting.pk]), {"opened_version": meeting.version})
    meeting.refresh_from_db()
    client.post(reverse("admin:pledges_panelmeeting_approve", args=[meeting.pk]), {"opened_version": meeting.version})
    meeting.refresh_from_db()
    assert meeting.state == "approved"
    assert client.get(reverse("admin:pledges_citizenpanel_change", args=[city["panel"].pk])).status_code == 200


def test_an_opinion_is_fixed_once_its_meeting_is_submitted_but_the_response_stays_open(city):
    meeting = make_meeting(city, response="")
    opinion = meeting.opinions.get()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        panel_record_save(user=city["coordinator"], record=opinion, values={"opinion": "고친 의견"})
    panel_record_save(
        user=city["coordinator"],
        record=opinion,
        values={"city_response": "시의 답변", "responded_on": datetime.date(2026, 5, 1)},
    )
    opinion.refresh_from_db()
    assert (opinion.opinion, opinion.city_response) == ("의견", "시의 답변")


def test_history_is_kept_for_every_panel_record(city):
    meeting = make_meeting(city)
    assert city["panel"].history.count() >= 1
    assert PanelMember.history.filter(panel_id=city["panel"].pk).count() == 3
    assert [row.state for row in meeting.history.order_by("history_date")][-2:] == ["submitted", "approved"]
    assert meeting.history.first().history_user == city["coordinator"]
    assert PanelOpinion.history.filter(meeting_id=meeting.pk).count() == 1
