"""The generated hostile corpus (tests/hostile_corpus.py) at every upload point, through the admin.

For each upload point (progress, KPI and budget execution imports, pledge evidence) every file answers
below 500 with its specific message, and no table and no media file changes. The peak RSS
growth of the process over the corpus is printed.
"""

import datetime
import html
import io

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from budgets.imports import execution_import_template
from budgets.models import BudgetExecution
from kpis.imports import measurement_import_template
from kpis.models import Measurement
from plans.imports import progress_import_template
from plans.models import OrgUnit, ProgressReport
from pledges.models import CardEntry, EvidenceFile, Pledge, PledgeCard
from portal.periods import quarter as Quarter
from tests.factories import staff_user
from tests.hostile_corpus import evidence_corpus, import_corpus, zip_of
from tests.rss import PeakRss

pytestmark = pytest.mark.django_db

MIN_CASES = 300
Q4 = Quarter(2026, 4)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


def table_counts():
    return (
        ProgressReport.objects.count(),
        ProgressReport.history.count(),
        Measurement.objects.count(),
        Measurement.history.count(),
        EvidenceFile.objects.count(),
        BudgetExecution.objects.count(),
        BudgetExecution.history.count(),
    )


def media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(str(p) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def filled_template(write, user, column, value):
    """The user's template with `value` typed into `column` of every row."""
    out = io.BytesIO()
    write(user=user, period=Q4, target=out)
    workbook = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    for row in workbook.active.iter_rows(min_row=4):
        row[column].value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run_corpus(client, settings, cases, post):
    """Post every case; the failures (status, missing message, changed tables or media) and the peak RSS."""
    assert len(cases) >= MIN_CASES, len(cases)
    before, files = table_counts(), media_files(settings)
    failures, peak = [], PeakRss()
    for case in cases:
        with override_settings(**case.overrides), peak.measure(case.id):
            response = post(case)
        text = html.unescape(response.content.decode(errors="replace"))
        if response.status_code >= 500:
            failures.append((case.id, response.status_code))
        elif not any(fragment in text for fragment in case.expected):
            failures.append((case.id, "message missing", case.expected[0]))
        if table_counts() != before or media_files(settings) != files:
            failures.append((case.id, "changed tables or media"))
            before, files = table_counts(), media_files(settings)
    print(f"\n{len(cases)} hostile files: peak RSS growth {peak.report()}")
    return failures, peak


@pytest.fixture
def import_staff(seeded, roles_synced):
    return staff_user(OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과"))


@pytest.fixture
def kpi_staff(seeded, roles_synced):
    return staff_user(OrgUnit.objects.get(municipality__slug="namyangju", name="스마트도시과"))


def import_poster(client, url):
    def post(case):
        return client.post(url, {"file": SimpleUploadedFile(case.name, case.data)})

    return post


@pytest.mark.corpus
def test_progress_import_refuses_every_hostile_file_with_its_message(client, settings, import_staff):
    good = filled_template(progress_import_template, import_staff, 6, 40)
    client.force_login(import_staff)
    post = import_poster(client, reverse("admin:plans_progressreport_import"))
    failures, peak = run_corpus(client, settings, import_corpus(good, number_column=6), post)
    assert failures == [], failures
    assert peak.worst_mb <= 64


@pytest.mark.corpus
def test_kpi_import_refuses_every_hostile_file_with_its_message(client, settings, kpi_staff):
    good = filled_template(measurement_import_template, kpi_staff, 8, 3)
    client.force_login(kpi_staff)
    post = import_poster(client, reverse("admin:kpis_measurement_import"))
    failures, peak = run_corpus(client, settings, import_corpus(good, number_column=8), post)
    assert failures == [], failures
    assert peak.worst_mb <= 64


@pytest.mark.corpus
def test_budget_execution_import_refuses_every_hostile_file_with_its_message(client, settings, kpi_staff):
    good = filled_template(execution_import_template, kpi_staff, 12, 5)
    client.force_login(kpi_staff)
    post = import_poster(client, reverse("admin:budgets_budgetexecution_import"))
    failures, peak = run_corpus(client, settings, import_corpus(good, number_column=12), post)
    assert failures == [], failures
    assert peak.worst_mb <= 64


def good_docx():
    return zip_of(
        {
            "[Content_Types].xml": (
                b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                b'<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
                b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
            ),
            "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
            "word/document.xml": (
                '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                "<w:body><w:p><w:r><w:t>결과보고</w:t></w:r></w:p></w:body></w:document>"
            ).encode(),
        }
    )


def good_xlsx():
    workbook = openpyxl.Workbook()
    workbook.active.append(["실적", 1, "추진 중"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.corpus
def test_evidence_upload_refuses_every_hostile_file_with_its_message(client, settings, seeded, roles_synced):
    pledge = Pledge.objects.get(term__municipality__slug="goyang", code="1-2-4")
    staff = staff_user(OrgUnit.objects.get(municipality__slug="goyang", name="기업지원과"))
    card = PledgeCard.objects.create(
        pledge=pledge, label="2022년 상반기", period_start="2022-01-01", period_end="2022-06-01"
    )
    entry = CardEntry.objects.create(card=card, order=1, kind="실적", label="2022년 상반기 추진실적")
    client.force_login(staff)
    url = reverse("admin:pledges_cardentry_change", args=[entry.pk])
    form = {
        "card": card.pk,
        "order": 1,
        "kind": "실적",
        "label": entry.label,
        "evidence_label": "[증빙1] 결과보고",
        **{
            f"{prefix}-{name}": 0
            for prefix in ("events", "outcomes", "evidence")
            for name in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }

    def post(case):
        return client.post(url, {**form, "evidence_file": SimpleUploadedFile(case.name, case.data)})

    failures, peak = run_corpus(client, settings, evidence_corpus(good_xlsx(), good_docx()), post)
    assert failures == [], failures
    assert peak.worst_mb <= 64
    good = client.post(url, {**form, "evidence_file": SimpleUploadedFile("결과보고.docx", good_docx())})
    assert good.status_code == 302
    assert EvidenceFile.objects.filter(entry=entry).count() == 1
