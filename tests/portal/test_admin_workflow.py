"""No lost updates: change forms carry the version they were opened on; 제출 submits exactly what is on screen."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from plans.models import OrgUnit, ProgressReport, Task
from plans.services import progress_report_save
from portal import roles
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def unit(seeded):
    return OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")


@pytest.fixture
def report(unit):
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-1")
    return progress_report_save(
        user=staff_user(unit), task=task, year=2026, quarter=4, status="on_track", progress=30, narrative="처음 실적"
    )


def opened_form(client, report):
    """The change form as the browser received it: its fields and the hidden version."""
    response = client.get(reverse("admin:plans_progressreport_change", args=[report.pk]))
    form = response.context["adminform"].form
    assert f'name="opened_version" value="{form["opened_version"].value()}"' in response.content.decode()
    inlines = {}
    for inline in response.context["inline_admin_formsets"]:  # the inlines' management forms, as sent back
        management = inline.formset.management_form
        inlines.update({management.add_prefix(name): value for name, value in management.initial.items()})
    return {
        **inlines,
        "task": report.task_id,
        "year": 2026,
        "quarter": 4,
        "status": "on_track",
        "progress": report.progress,
        "narrative": report.narrative,
        "problems": "",
        "next_steps": "",
        "opened_version": form["opened_version"].value(),
    }


def test_of_two_forms_opened_on_the_same_version_the_second_save_is_refused_and_saves_nothing(client, unit, report):
    first, second = staff_user(unit, first_name="길동", last_name="홍"), staff_user(unit)
    client.force_login(first)
    form_a = opened_form(client, report)
    client.force_login(second)
    form_b = opened_form(client, report)

    client.force_login(first)
    response = client.post(
        reverse("admin:plans_progressreport_change", args=[report.pk]), {**form_a, "progress": 55, "narrative": "A안"}
    )
    assert response.status_code == 302

    client.force_login(second)
    response = client.post(
        reverse("admin:plans_progressreport_change", args=[report.pk]), {**form_b, "progress": 80, "narrative": "B안"}
    )
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "다른 사람이 먼저 고쳐서 저장하지 않았습니다" in errors
    assert "홍길동" in errors and "추진률(%): 30 → 55" in errors and "추진실적: 처음 실적 → A안" in errors
    report.refresh_from_db()
    assert (report.progress, report.narrative) == (55, "A안")
    assert report.history.count() == 2  # created, then A's save; nothing of B's


def test_submit_saves_the_unsaved_edits_on_screen_first(client, unit, report):
    client.force_login(staff_user(unit))
    form = opened_form(client, report)
    response = client.post(
        reverse("admin:plans_progressreport_change", args=[report.pk]),
        {**form, "progress": 70, "narrative": "화면에서 고친 실적", "_save_and_submit": "제출"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.progress, report.narrative) == ("submitted", 70, "화면에서 고친 실적")
    states = list(report.history.order_by("version").values_list("state", "progress"))
    assert states[-2:] == [("draft", 70), ("submitted", 70)]


def test_submit_with_unsaved_edits_that_do_not_validate_submits_nothing(client, unit, report):
    client.force_login(staff_user(unit))
    form = opened_form(client, report)
    response = client.post(
        reverse("admin:plans_progressreport_change", args=[report.pk]),
        {**form, "progress": 170, "_save_and_submit": "제출"},
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert (report.state, report.progress) == ("draft", 30)


def test_the_change_page_has_no_separate_submit_form_that_would_drop_edits(client, unit, report):
    client.force_login(staff_user(unit))
    page = client.get(reverse("admin:plans_progressreport_change", args=[report.pk])).content.decode()
    assert f'action="/admin/plans/progressreport/{report.pk}/submit/"' not in page
    main_form = page.split('id="progressreport_form"')[1].split("</form>")[0]
    assert 'name="_save_and_submit"' in main_form


def test_approval_acts_on_the_version_the_head_saw(client, unit, report):
    staff, head = staff_user(unit), staff_user(unit, role=roles.MANAGER)
    client.force_login(staff)
    form = opened_form(client, report)
    client.post(reverse("admin:plans_progressreport_change", args=[report.pk]), {**form, "_save_and_submit": "제출"})
    report.refresh_from_db()
    client.force_login(head)
    page = client.get(reverse("admin:plans_progressreport_change", args=[report.pk])).content.decode()
    approve_form = page.split(f'action="/admin/plans/progressreport/{report.pk}/approve/"')[1].split("</form>")[0]
    assert f'name="opened_version" value="{report.version}"' in approve_form
    client.post(
        reverse("admin:plans_progressreport_approve", args=[report.pk]), {"opened_version": str(report.version - 1)}
    )
    report.refresh_from_db()
    assert report.state == ProgressReport.State.SUBMITTED
    client.post(
        reverse("admin:plans_progressreport_approve", args=[report.pk]), {"opened_version": str(report.version)}
    )
    report.refresh_from_db()
    assert report.state == ProgressReport.State.APPROVED


def test_every_reviewed_change_form_carries_its_version(client, seeded):
    from budgets.models import BudgetLine
    from kpis.models import Measurement
    from pledges.models import CardEntry, PledgeCard

    office = OrgUnit.objects.get(municipality__slug="namyangju", name="기획조정실")
    goyang_office = OrgUnit.objects.get(municipality__slug="goyang", name="기업지원과")
    cases = [
        (
            staff_user(office, role=roles.COORDINATOR),
            BudgetLine.objects.filter(unit__isnull=False, municipality__slug="namyangju").first(),
        ),
        (
            staff_user(office, role=roles.COORDINATOR),
            Measurement.objects.filter(indicator__municipality__slug="namyangju").first(),
        ),
        (
            staff_user(goyang_office, role=roles.COORDINATOR),
            PledgeCard.objects.filter(pledge__term__municipality__slug="goyang").first(),
        ),
        (
            staff_user(goyang_office, role=roles.COORDINATOR),
            CardEntry.objects.filter(card__pledge__term__municipality__slug="goyang").first(),
        ),
    ]
    for user, record in cases:
        client.force_login(user)
        opts = record._meta
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]))
        assert response.status_code == 200, opts.model_name
        assert f'name="opened_version" value="{record.version}"' in response.content.decode(), opts.model_name
        assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code in (200, 403)


def test_the_confirmation_names_records_by_their_plain_ids_whatever_the_number_format(rf, admin_user):
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = admin_user
    item = SimpleNamespace(pk=12345)
    html = render_to_string(
        "admin/review_confirm.html",
        {"items": [(item, [("값", "1", "2")], "v7")], "action_checkbox_name": "_selected_action"},
        request=request,
    )
    assert 'value="12345"' in html and 'name="version_12345"' in html
