"""The quarterly report screens of the admin: scoping, the form, and the review buttons."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from plans.models import OrgUnit, ProgressReport, Task
from plans.services import progress_report_save, progress_report_submit
from portal import roles
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def units(seeded):
    get = lambda name: OrgUnit.objects.get(municipality__slug="namyangju", name=name)  # noqa: E731
    return {"policy": get("정책기획과"), "budget": get("예산과")}


@pytest.fixture
def tasks(seeded):
    get = lambda code: Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code=code)  # noqa: E731
    return {"policy": get("1-1"), "budget": get("3-4")}


def form_data(task, **overrides):
    return {
        "task": task.pk,
        "year": 2026,
        "quarter": 4,
        "status": "on_track",
        "progress": 40,
        "narrative": "추진 중",
        "problems": "",
        "next_steps": "",
        # The empty inlines of the report's events and evidence, as the browser sends them.
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
        "evidence-TOTAL_FORMS": 0,
        "evidence-INITIAL_FORMS": 0,
        **overrides,
    }


def write(user, task, quarter=4):
    return progress_report_save(
        user=user, task=task, year=2026, quarter=quarter, status="on_track", progress=50, narrative="실적"
    )


def test_add_form_opens_on_the_current_quarter_and_offers_only_own_tasks(client, units, tasks):
    client.force_login(staff_user(units["policy"]))
    response = client.get(reverse("admin:plans_progressreport_add"))
    form = response.context["adminform"].form
    assert (form.initial["year"], form.initial["quarter"]) == (2026, 4)
    offered = set(form.fields["task"].queryset.values_list("code", flat=True))
    assert offered == {"1-1", "1-2", "1-3", "1-4"}


def test_form_shows_the_previous_quarters_report_of_the_same_task(client, units, tasks):
    staff = staff_user(units["policy"])
    with time_machine.travel(datetime.datetime(2026, 8, 1, tzinfo=datetime.UTC), tick=False):
        previous = progress_report_save(
            user=staff,
            task=tasks["policy"],
            year=2026,
            quarter=3,
            status="delayed",
            progress=30,
            narrative="3분기 실적",
        )
    client.force_login(staff)
    response = client.get(reverse("admin:plans_progressreport_add") + f"?task={tasks['policy'].pk}")
    assert response.context["previous_report"] == previous
    assert "3분기 실적" in response.content.decode()


def test_staff_file_a_report_through_the_form(client, units, tasks):
    staff = staff_user(units["policy"])
    client.force_login(staff)
    response = client.post(reverse("admin:plans_progressreport_add"), form_data(tasks["policy"]))
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.author, report.state, report.progress) == (staff, "draft", 40)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"progress": 101}, "추진률은 0에서 100 사이여야 합니다."),
        ({"quarter": 3}, "2026년 3분기 실적은 2026-10-26에 마감되어"),
        ({"year": 2027, "quarter": 1}, "사업기간(2026.01. ~ 2026.12.) 밖입니다"),
        ({"narrative": ""}, "필수 항목입니다"),
    ],
)
def test_bad_form_input_gets_its_message_and_saves_nothing(client, units, tasks, overrides, message):
    client.force_login(staff_user(units["policy"]))
    response = client.post(reverse("admin:plans_progressreport_add"), form_data(tasks["policy"], **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ProgressReport.objects.count() == 0


def test_duplicate_quarter_through_the_form_is_refused(client, units, tasks):
    staff = staff_user(units["policy"])
    write(staff, tasks["policy"])
    client.force_login(staff)
    response = client.post(reverse("admin:plans_progressreport_add"), form_data(tasks["policy"]))
    assert "이 과제의 해당 분기 실적이 이미 있습니다" in response.content.decode()
    assert ProgressReport.objects.count() == 1


def test_another_units_task_cannot_be_chosen(client, units, tasks):
    client.force_login(staff_user(units["policy"]))
    response = client.post(reverse("admin:plans_progressreport_add"), form_data(tasks["budget"]))
    assert response.status_code == 200
    assert "task" in response.context["adminform"].form.errors
    assert ProgressReport.objects.count() == 0


@pytest.mark.parametrize("view", ["change", "history", "delete", "submit", "approve", "return"])
def test_another_units_report_is_unreachable_through_every_admin_url(client, units, tasks, view):
    foreign = write(staff_user(units["budget"]), tasks["budget"])
    client.force_login(staff_user(units["policy"], role=roles.MANAGER))
    url = reverse(f"admin:plans_progressreport_{view}", args=[foreign.pk])
    response = client.post(url, {"reason": "x"}) if view in ("submit", "approve", "return") else client.get(url)
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert response.url == reverse("admin:index")
    foreign.refresh_from_db()
    assert foreign.state == "draft"


def test_list_shows_only_own_units_reports(client, units, tasks):
    own = write(staff_user(units["policy"]), tasks["policy"])
    write(staff_user(units["budget"]), tasks["budget"])
    client.force_login(staff_user(units["policy"]))
    response = client.get(reverse("admin:plans_progressreport_changelist"))
    assert list(response.context["cl"].queryset) == [own]


def test_submit_approve_and_return_buttons(client, units, tasks):
    staff, manager = staff_user(units["policy"]), staff_user(units["policy"], role=roles.MANAGER)
    report = write(staff, tasks["policy"])
    client.force_login(staff)
    client.post(reverse("admin:plans_progressreport_submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.state == "submitted"
    page = client.get(reverse("admin:plans_progressreport_change", args=[report.pk])).content.decode()
    assert "승인" not in page.split("progress-workflow")[1]
    client.force_login(manager)
    page = client.get(reverse("admin:plans_progressreport_change", args=[report.pk])).content.decode()
    assert f'action="/admin/plans/progressreport/{report.pk}/approve/"' in page
    response = client.post(reverse("admin:plans_progressreport_return", args=[report.pk]), {"reason": ""})
    report.refresh_from_db()
    assert report.state == "submitted"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "반려 사유를 입력하세요." in messages
    client.post(reverse("admin:plans_progressreport_return", args=[report.pk]), {"reason": "근거 보완"})
    report.refresh_from_db()
    assert (report.state, report.return_reason) == ("returned", "근거 보완")


def test_approve_is_refused_to_plain_staff(client, units, tasks):
    staff = staff_user(units["policy"])
    report = progress_report_submit(user=staff, report=write(staff, tasks["policy"]))
    client.force_login(staff_user(units["policy"]))
    client.post(reverse("admin:plans_progressreport_approve", args=[report.pk]))
    report.refresh_from_db()
    assert report.state == "submitted"


def test_bulk_approve_reports_what_it_could_not_do(client, units, tasks):
    staff, manager = staff_user(units["policy"]), staff_user(units["policy"], role=roles.MANAGER)
    submitted = progress_report_submit(user=staff, report=write(staff, tasks["policy"]))
    still_draft = write(staff, Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-2"))
    client.force_login(manager)
    response = client.post(
        reverse("admin:plans_progressreport_changelist"),
        {"action": "approve_selected", "_selected_action": [submitted.pk, still_draft.pk]},
        follow=True,
    )
    submitted.refresh_from_db()
    still_draft.refresh_from_db()
    assert (submitted.state, still_draft.state) == ("approved", "draft")
    text = response.content.decode()
    assert "1건을 승인했습니다." in text
    assert "제출된 실적만 검토할 수 있습니다" in text


def test_approved_report_opens_read_only(client, units, tasks):
    staff, manager = staff_user(units["policy"]), staff_user(units["policy"], role=roles.MANAGER)
    report = progress_report_submit(user=staff, report=write(staff, tasks["policy"]))
    client.force_login(manager)
    client.post(reverse("admin:plans_progressreport_approve", args=[report.pk]))
    client.force_login(staff)
    response = client.get(reverse("admin:plans_progressreport_change", args=[report.pk]))
    assert "narrative" not in response.context["adminform"].form.fields
