"""The admin index panels for each role, the matrix report and the notice preference page."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from kpis.services import obligations_sync
from plans.models import OrgUnit, ProgressReport, Task, User
from portal import roles
from tests.factories import TaskFactory, staff_user

pytestmark = pytest.mark.django_db
OCT_5 = datetime.date(2026, 10, 5)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 10, 5, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def calendar(seeded, roles_synced):
    obligations_sync(as_of=OCT_5)


def index(client, username):
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def test_staff_see_their_obligations_with_state_due_date_and_a_link_to_the_form(client, calendar):
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="3-4")
    html = index(client, "nyj-budget")
    assert "<caption>내 할 일" in html
    assert "3-4 시민이 체감하는 성과중심 재정운용" in html and "2026-10-10 (D-5)" in html and "<td>작성 전</td>" in html
    add_url = reverse("admin:plans_progressreport_add") + f"?task={task.pk}&amp;year=2026&amp;quarter=3"
    assert add_url in html
    assert "1-1 미래형" not in html  # another unit's task
    assert "승인 대기" not in html and "제출 현황" not in html  # plain staff review nothing


def test_a_draft_links_to_its_own_form(client, calendar):
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="3-4")
    report = ProgressReport.objects.create(
        task=task, year=2026, quarter=3, status="on_track", progress=5, narrative="초안"
    )
    html = index(client, "nyj-budget")
    assert reverse("admin:plans_progressreport_change", args=[report.pk]) in html and "<td>작성중</td>" in html


def test_heads_see_what_waits_for_their_approval(client, calendar):
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-1")
    report = ProgressReport.objects.create(
        task=task, year=2026, quarter=3, status="on_track", progress=5, narrative="실적", state="submitted"
    )
    html = index(client, "nyj-policy-head")
    assert "<caption>승인 대기</caption>" in html
    assert reverse("admin:plans_progressreport_change", args=[report.pk]) in html
    assert "<td>제출</td>" in html


def test_the_coordinating_office_sees_the_city_matrix_in_words_with_a_download(client, calendar):
    html = index(client, "nyj-coordinator")
    assert "제출 현황 (부서 × 제출 의무" in html
    assert '<th scope="col">2026년 3분기 분기별 추진실적</th>' in html
    assert '<th scope="row">예산과</th>' in html and "<td>작성 전 2</td>" in html
    assert "?report=obligations" in html
    response = client.get(reverse("reports:download") + "?report=obligations")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if row and row[0] == "조직")
    budget = next(row for row in rows if row and row[0] == "예산과")
    assert budget[header.index("2026년 3분기 분기별 추진실적")] == "작성 전 2"


def test_the_index_costs_the_same_queries_with_ten_times_the_tasks(client, calendar, django_assert_max_num_queries):
    client.force_login(User.objects.get(username="nyj-coordinator"))
    with django_assert_max_num_queries(40) as first:
        client.get(reverse("admin:index"))
    budget = OrgUnit.objects.get(municipality__slug="namyangju", name="예산과")
    strategy = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="3-4").strategy
    for number in range(170):
        TaskFactory(strategy=strategy, lead_unit=budget, code=f"9-{number}")
    obligations_sync(as_of=OCT_5)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(reverse("admin:index"))
    assert "작성 전 172" in response.content.decode()


def test_a_person_turns_event_notices_off_and_on(client, calendar):
    office = OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")
    person = staff_user(office, username="prefers-quiet")
    client.force_login(person)
    page = client.get(reverse("notice-preferences"))
    assert page.status_code == 200 and "처리 알림 받기" in page.content.decode()
    assert client.post(reverse("notice-preferences"), {}).status_code == 302
    person.refresh_from_db()
    assert person.event_notices is False
    client.post(reverse("notice-preferences"), {"event_notices": "on"})
    person.refresh_from_db()
    assert person.event_notices is True
    assert roles.STAFF in person.role_names
