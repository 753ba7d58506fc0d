"""Dated events and evidence files of a task's quarterly reports: written with the report, public once approved."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import OrgUnit, ProgressReport, ReportEvent, ReportEvidence, Task
from plans.services import progress_report_approve, progress_report_save, progress_report_submit, report_evidence_attach
from portal import roles
from tests.factories import ProgressReportFactory, TaskFactory, staff_user

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def people(seeded):
    unit = OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")
    other = OrgUnit.objects.get(municipality__slug="namyangju", name="예산과")
    return {"staff": staff_user(unit), "head": staff_user(unit, role=roles.MANAGER), "other": staff_user(other)}


@pytest.fixture
def task(seeded):
    return Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-1")


@pytest.fixture
def draft(people, task):
    return progress_report_save(
        user=people["staff"], task=task, year=2026, quarter=4, status="on_track", progress=60, narrative="실적"
    )


def pdf(name="결과보고.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def change_data(report, **extra):
    """The report's admin form with one new event and, optionally, an evidence upload."""
    return {
        "task": report.task_id,
        "year": report.year,
        "quarter": report.quarter,
        "status": report.status,
        "progress": report.progress,
        "narrative": report.narrative,
        "problems": "",
        "next_steps": "",
        "events-TOTAL_FORMS": 1,
        "events-INITIAL_FORMS": 0,
        "events-0-order": 1,
        "events-0-date": "2026-10-15",
        "events-0-date_text": "2026. 10. 15.",
        "events-0-title": "정책기획 네트워크 협의회 개최",
        "events-0-details": '["참석 12개 부서"]',
        "evidence-TOTAL_FORMS": 0,
        "evidence-INITIAL_FORMS": 0,
        **extra,
    }


def task_page(client, task):
    return client.get(task.get_absolute_url()).content.decode()


def test_staff_add_an_event_and_a_file_to_a_draft_and_citizens_see_them_once_approved(client, people, draft, task):
    client.force_login(people["staff"])
    url = reverse("admin:plans_progressreport_change", args=[draft.pk])
    response = client.post(url, change_data(draft, evidence_label="[증빙1] 협의회 결과", evidence_file=pdf()))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    event = ReportEvent.objects.get(report=draft)
    evidence = ReportEvidence.objects.get(report=draft)
    assert event.details == ["참석 12개 부서"] and evidence.uploaded_by == people["staff"]
    assert evidence.history.first().history_user == people["staff"]
    assert not evidence.file.name.endswith("결과보고.pdf")  # stored under a generated name

    client.logout()
    assert "정책기획 네트워크 협의회 개최" not in task_page(client, task)
    evidence_url = reverse("plans:report_evidence", args=[evidence.pk])
    assert client.get(evidence_url).status_code == 404

    progress_report_submit(user=people["staff"], report=draft)
    progress_report_approve(user=people["head"], report=ProgressReport.objects.get(pk=draft.pk))
    page = task_page(client, task)
    assert "정책기획 네트워크 협의회 개최" in page and 'datetime="2026-10-15"' in page
    assert evidence_url in page
    download = client.get(evidence_url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_file_that_is_not_what_it_claims_is_refused_with_the_form_and_nothing_is_stored(client, people, draft, media):
    client.force_login(people["staff"])
    url = reverse("admin:plans_progressreport_change", args=[draft.pk])
    fake = pdf(data=b"<html><script>alert(1)</script></html>")
    response = client.post(url, change_data(draft, evidence_label="가짜", evidence_file=fake))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["evidence_file"]
    assert not ReportEvidence.objects.exists() and not ReportEvent.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]


def test_a_file_needs_a_label(people, draft):
    with pytest.raises(ValidationError):
        report_evidence_attach(user=people["staff"], report=draft, label=" ", uploaded=pdf())
    assert not ReportEvidence.objects.exists()


def test_a_submitted_report_takes_no_new_file_and_its_events_are_frozen(client, people, draft):
    ReportEvent.objects.create(report=draft, order=1, title="착수")
    progress_report_submit(user=people["staff"], report=draft)
    submitted = ProgressReport.objects.get(pk=draft.pk)
    with pytest.raises(ValidationError):
        report_evidence_attach(user=people["staff"], report=submitted, label="늦은 증빙", uploaded=pdf())
    client.force_login(people["staff"])
    response = client.get(reverse("admin:plans_progressreport_change", args=[draft.pk]))
    inline = next(formset for formset in response.context["inline_admin_formsets"] if formset.opts.model is ReportEvent)
    assert not inline.has_add_permission and not inline.has_change_permission and not inline.has_delete_permission


def test_another_unit_cannot_attach_files_to_the_report(people, draft):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        report_evidence_attach(user=people["other"], report=draft, label="남의 증빙", uploaded=pdf())
    assert not ReportEvidence.objects.exists()


def test_task_page_keeps_its_query_count_when_events_grow_tenfold(client, seeded, django_assert_max_num_queries):
    task = TaskFactory(strategy=Task.objects.filter(strategy__plan__is_published=True).first().strategy)
    counts = []
    for size in (2, 20):
        report = ProgressReportFactory(task=task, approved=True, year=2020 + size // 2, quarter=1)
        for index in range(size):
            ReportEvent.objects.create(report=report, order=index, title=f"추진 내역 {index}")
            ReportEvidence.objects.create(
                report=report, order=index, label=f"증빙 {index}", file=f"evidence/x{index}.pdf"
            )
        with django_assert_max_num_queries(30) as captured:
            assert f"추진 내역 {size - 1}" in task_page(client, task)
        counts.append(len(captured))
    assert counts[0] == counts[1]
