"""Memory of an import upload: the largest workbook the limits admit, the issue's hidden 183 MB, four at once.

Peak RSS growth of this process (kernel VmHWM) is printed for each; openpyxl keeps a
workbook's shared strings and styles in memory, which is what IMPORT_MAX_PART_BYTES bounds.
"""

import io
import threading

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from plans.imports import PROGRESS_SPEC
from portal.spreadsheet import read_rows
from tests.hostile_corpus import SHEET, big_sheet, in_workbook, shared_strings_chunks, with_shared_strings
from tests.rss import PeakRss

PER_UPLOAD_MB, FOUR_UPLOADS_MB = 64, 256


def fonts_xml(size):
    """A stylesheet of about `size` bytes of fonts (openpyxl builds an object per font)."""
    count = size // 46
    fonts = "".join(f'<font><sz val="{10 + i % 5}"/><name val="F{i}"/></font>' for i in range(count))
    return (
        '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<fonts count="{count}">{fonts}</fonts></styleSheet>'
    ).encode()


@pytest.fixture(scope="module")
def largest_admitted():
    """A workbook whose shared strings, styles and sheet each come just under the per-part limit."""
    from django.conf import settings

    limit = settings.IMPORT_MAX_PART_BYTES
    workbook = openpyxl.Workbook()
    workbook.active.append(["x"])
    out = io.BytesIO()
    workbook.save(out)
    megabytes = max(limit // (1024 * 1024) - 1, 1)
    data = with_shared_strings(out.getvalue(), shared_strings_chunks(megabytes))
    data = in_workbook(data, "xl/styles.xml", fonts_xml(limit - 64 * 1024))
    return in_workbook(data, SHEET, big_sheet(megabytes))


def refusal(data):
    with pytest.raises(ValidationError) as caught:
        read_rows(io.BytesIO(data), PROGRESS_SPEC)
    return " ".join(caught.value.messages)


def test_largest_admitted_workbook_grows_the_process_by_at_most_64_mb(largest_admitted):
    peak = PeakRss()
    with peak.measure("largest admitted"):
        message = refusal(largest_admitted)
    print(f"\nlargest admitted workbook ({len(largest_admitted) / 1e6:.2f} MB): peak RSS growth {peak.report()}")
    assert "양식이 아닙니다" in message or "행이 너무 많습니다" in message
    assert peak.worst_mb <= PER_UPLOAD_MB


def test_two_megabytes_hiding_183_mb_of_shared_strings_is_refused_before_parsing():
    workbook = openpyxl.Workbook()
    workbook.active.append(["x"])
    out = io.BytesIO()
    workbook.save(out)
    data = with_shared_strings(out.getvalue(), shared_strings_chunks(183))
    assert len(data) < 2 * 1024 * 1024
    peak = PeakRss()
    with peak.measure("183 MB shared strings"):
        message = refusal(data)
    print(f"\n{len(data) / 1e6:.2f} MB hiding 183 MB of shared strings: peak RSS growth {peak.report()}")
    assert "부분이 너무 큽니다" in message
    assert peak.worst_mb <= PER_UPLOAD_MB


def test_four_parallel_uploads_stay_within_256_mb(largest_admitted):
    messages = []

    def upload():
        try:
            read_rows(io.BytesIO(largest_admitted), PROGRESS_SPEC)
        except ValidationError as error:
            messages.append(error.messages)

    peak = PeakRss()
    with peak.measure("four in parallel"):
        threads = [threading.Thread(target=upload) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    print(f"\nfour parallel uploads of the largest admitted workbook: peak RSS growth {peak.report()}")
    assert len(messages) == 4
    assert peak.worst_mb <= FOUR_UPLOADS_MB


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_largest_evidence_upload_grows_the_process_by_at_most_64_mb(seeded, roles_synced, settings, tmp_path, kind):
    import datetime
    import random
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    from plans.models import OrgUnit
    from pledges.models import CardEntry, Pledge, PledgeCard
    from pledges.services import evidence_attach
    from tests.factories import staff_user

    settings.MEDIA_ROOT = tmp_path
    size = settings.EVIDENCE_MAX_BYTES - 64 * 1024
    noise = random.Random(15).randbytes(size)
    if kind == "pdf":
        data, name = b"%PDF-1.7\n" + noise + b"\n%%EOF\n", "결과보고.pdf"
    else:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
            archive.writestr("word/media/image1.png", noise)
        data, name = out.getvalue(), "결과보고.docx"
    pledge = Pledge.objects.get(term__municipality__slug="goyang", code="1-2-4")
    card = PledgeCard.objects.create(
        pledge=pledge,
        label="2022년 상반기",
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 6, 1),
    )
    entry = CardEntry.objects.create(card=card, order=1, kind="실적", label="추진실적")
    staff = staff_user(OrgUnit.objects.get(municipality__slug="goyang", name="기업지원과"))
    upload = SimpleUploadedFile(name, data)
    del noise, data
    peak = PeakRss()
    with peak.measure(f"evidence {kind}"):
        evidence = evidence_attach(user=staff, entry=entry, label="[증빙1]", uploaded=upload)
    print(f"\nevidence {kind} of {evidence.size / 1e6:.1f} MB: peak RSS growth {peak.report()}")
    assert peak.worst_mb <= PER_UPLOAD_MB
