"""An approved progress report is never edited in place: a correction (정정) is reviewed again while the public keeps the approved text."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from plans.models import OrgUnit, ProgressReport, Task
from plans.services import (
    progress_report_approve,
    progress_report_save,
    progress_report_submit,
    progress_reports_import,
)
from portal import roles
from portal.corrections import Correction
from portal.review import version_token
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def people(seeded):
    unit = OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")
    return {"staff": staff_user(unit), "manager": staff_user(unit, role=roles.MANAGER)}


@pytest.fixture
def task(seeded):
    return Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-1")


@pytest.fixture
def approved(people, task):
    report = progress_report_save(
        user=people["staff"], task=task, year=2026, quarter=4, status="on_track", progress=40, narrative="승인된 실적"
    )
    report = progress_report_submit(user=people["staff"], report=report)
    return progress_report_approve(user=people["manager"], report=report)


def change_url(report):
    return reverse("admin:plans_progressreport_change", args=[report.pk])


def correct(client, report, **values):
    data = {"status": "on_track", "progress": 40, "narrative": "승인된 실적", "problems": "", "next_steps": ""}
    data.update(values)
    return client.post(reverse("admin:plans_progressreport_correct", args=[report.pk]), data)


def test_the_change_form_of_an_approved_report_saves_nothing(client, people, approved, task):
    client.force_login(people["staff"])
    data = {"task": task.pk, "year": 2026, "quarter": 4, "status": "done", "progress": 100, "narrative": "몰래 고침"}
    client.post(change_url(approved), data)
    approved.refresh_from_db()
    assert (approved.progress, approved.narrative, approved.state) == (40, "승인된 실적", "approved")
    assert not Correction.objects.of(approved).exists()


def test_correction_flow_keeps_the_public_version_until_approval_then_says_corrected(client, people, approved, task):
    client.force_login(people["staff"])
    response = correct(client, approved, progress=70, narrative="정정한 실적", _save_and_submit="1")
    assert response.status_code == 302
    correction = Correction.objects.of(approved).get()
    assert correction.state == "submitted"
    assert correction.changes == {"progress": "70", "narrative": "정정한 실적"}
    approved.refresh_from_db()
    assert (approved.progress, approved.narrative) == (40, "승인된 실적")

    public = client.get(task.get_absolute_url()).content.decode()
    assert "승인된 실적" in public and "정정한 실적" not in public and "정정됨" not in public
    api = client.get(reverse("api:progress-report-detail", args=[approved.pk])).json()
    assert (api["progress"], api["narrative"]) == (40, "승인된 실적")

    client.force_login(people["manager"])
    page = client.get(change_url(approved)).content.decode()
    assert "정정한 실적" in page  # the head sees exactly what will be approved
    response = client.post(
        reverse("admin:plans_progressreport_approve", args=[approved.pk]), {"opened_version": version_token(approved)}
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    correction.refresh_from_db()
    assert (approved.progress, approved.narrative, approved.state) == (70, "정정한 실적", "approved")
    assert correction.state == "approved" and correction.reviewed_by == people["manager"]
    assert approved.corrected_at is not None

    client.logout()
    public = client.get(task.get_absolute_url()).content.decode()
    assert "정정한 실적" in public and "승인된 실적" not in public
    assert "정정됨 2026. 11. 23." in public


def test_a_correction_can_be_returned_and_the_public_keeps_the_approved_text(client, people, approved, task):
    client.force_login(people["staff"])
    correct(client, approved, progress=90, _save_and_submit="1")
    client.force_login(people["manager"])
    client.post(reverse("admin:plans_progressreport_return", args=[approved.pk]), {"reason": "근거 없음"})
    correction = Correction.objects.of(approved).get()
    assert (correction.state, correction.return_reason) == ("returned", "근거 없음")
    approved.refresh_from_db()
    assert approved.progress == 40 and approved.corrected_at is None


def test_the_author_of_a_correction_cannot_approve_it(client, people, approved):
    client.force_login(people["manager"])
    correct(client, approved, progress=90, _save_and_submit="1")
    client.post(reverse("admin:plans_progressreport_approve", args=[approved.pk]))
    approved.refresh_from_db()
    assert approved.progress == 40
    assert Correction.objects.of(approved).get().state == "submitted"


def test_approval_of_a_correction_changed_after_the_page_was_opened_is_refused(client, people, approved):
    client.force_login(people["staff"])
    correct(client, approved, progress=60)
    opened = version_token(approved)
    correct(client, approved, progress=95, _save_and_submit="1")  # changed after the head opened the page
    client.force_login(people["manager"])
    response = client.post(
        reverse("admin:plans_progressreport_approve", args=[approved.pk]), {"opened_version": opened}, follow=True
    )
    text = response.content.decode()
    assert "다른 사람이 먼저 고쳐서 저장하지 않았습니다" in text
    assert "추진률(%): 60 → 95" in text
    approved.refresh_from_db()
    assert approved.progress == 40


def test_import_of_an_approved_report_becomes_a_correction(client, people, approved, task):
    from plans.imports import progress_import_template
    from portal.periods import quarter as make_quarter

    spool = io.BytesIO()
    progress_import_template(user=people["staff"], period=make_quarter(2026, 4), target=spool)
    workbook = load_workbook(io.BytesIO(spool.getvalue()))
    sheet = workbook.active
    for row in sheet.iter_rows():
        if row[1].value == "1-1":
            row[6].value, row[7].value = 55, "엑셀로 정정"
    upload = io.BytesIO()
    workbook.save(upload)
    upload.seek(0)
    upload.name = "progress.xlsx"
    progress_reports_import(user=people["staff"], uploaded=upload)
    approved.refresh_from_db()
    assert (approved.progress, approved.narrative) == (40, "승인된 실적")
    correction = Correction.objects.of(approved).get()
    assert correction.changes == {"progress": "55", "narrative": "엑셀로 정정"}
    assert ProgressReport.objects.filter(task=task, year=2026, quarter=4).count() == 1


def test_the_api_is_read_only_for_approved_reports(client, people, approved):
    client.force_login(people["manager"])
    url = reverse("api:progress-report-detail", args=[approved.pk])
    for method in (client.put, client.patch, client.delete):
        assert method(url, {"progress": 1}, content_type="application/json").status_code in (403, 405)
    assert client.post(reverse("api:progress-report-list"), {}).status_code in (403, 405)
    approved.refresh_from_db()
    assert approved.progress == 40
