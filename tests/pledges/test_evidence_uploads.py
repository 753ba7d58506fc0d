"""Evidence uploads: accepted by content, hostile files refused with a reason and nothing left behind."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from pledges.models import CardEntry, EvidenceFile, PledgeCard
from pledges.services import evidence_attach

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17) + b"\x00\x00\x00\x00IEND\xaeB`\x82"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32 + b"\xff\xd9"


def zip_bytes(entries, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def xlsx_bytes():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "실적"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HWPX = zip_bytes({"mimetype": b"application/hwp+zip", "Contents/section0.xml": b"<hs:sec/>"}, zipfile.ZIP_STORED)
DOCX = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


@pytest.fixture
def entry(pledge):
    card = PledgeCard.objects.create(
        pledge=pledge, label="2022년 상반기", period_start="2022-01-01", period_end="2022-06-01"
    )
    return CardEntry.objects.create(card=card, order=1, kind="실적", label="2022년 상반기 추진실적")


def media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("결과보고.pdf", PDF, "application/pdf"),
        ("사진.png", PNG, "image/png"),
        ("사진.jpg", JPEG, "image/jpeg"),
        ("사진.JPEG", JPEG, "image/jpeg"),
        ("보고서.hwpx", HWPX, "application/hwp+zip"),
        ("실적.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("보고.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_accepted_kinds_are_recognised_by_content_and_stored_under_a_generated_name(
    entry, goyang, name, data, content_type
):
    evidence = evidence_attach(
        user=goyang["staff"], entry=entry, label="[증빙2] 결과보고", uploaded=SimpleUploadedFile(name, data)
    )
    assert (evidence.content_type, evidence.size) == (content_type, len(data))
    assert name not in evidence.file.name
    assert evidence.file.read() == data


HOSTILE = [
    ("renamed executable", "결과보고.pdf", b"MZ\x90\x00" + b"\x00" * 200, "받을 수 없는 파일 형식"),
    ("ELF binary", "사진.png", b"\x7fELF" + b"\x00" * 200, "받을 수 없는 파일 형식"),
    ("HTML page", "보고서.pdf", b"<!DOCTYPE html><script>alert(1)</script>", "받을 수 없는 파일 형식"),
    (
        "SVG with script",
        "그림.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
        "받을 수 없는",
    ),
    ("zero bytes", "빈파일.pdf", b"", "빈 파일입니다."),
    ("plain text", "메모.hwp", "그냥 글자".encode(), "받을 수 없는 파일 형식"),
    ("OLE that is not HWP", "문서.hwp", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "받을 수 없는"),
    ("truncated zip", "문서.docx", b"PK\x03\x04" + b"\x00" * 40, "손상된 압축"),
    ("zip of random files", "문서.xlsx", zip_bytes({"a.txt": b"hello"}), "받을 수 없는 파일 형식"),
    (
        "macro workbook",
        "실적.xlsx",
        zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>", "xl/vbaProject.bin": b"\x00"}),
        "매크로",
    ),
    (
        "macro-enabled content type",
        "실적.xlsx",
        zip_bytes(
            {
                "[Content_Types].xml": b'<Types><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
                "xl/workbook.xml": b"<w/>",
            }
        ),
        "매크로",
    ),
    (
        "zip bomb",
        "실적.xlsx",
        zip_bytes({"[Content_Types].xml": b"<T/>", "xl/workbook.xml": b"\x00" * 5_000_000}),
        "압축",
    ),
    ("path traversal", "문서.docx", zip_bytes({"../../etc/passwd": b"x", "[Content_Types].xml": b"<T/>"}), "경로"),
    ("PDF renamed to .txt", "이름만바꾼.txt", PDF, "확장자"),
    ("PDF renamed to .docx", "결과.docx", PDF, "확장자"),
    ("PDF with a ZIP appended", "결과.pdf", PDF + DOCX, "폴리글롯"),
    ("PNG with a script", "사진.png", PNG[:8] + b"<script>alert(1)</script>" + PNG[8:], "폴리글롯"),
    ("JPEG with data after its end", "사진.jpg", JPEG + b"#!/bin/sh", "끝이 온전하지 않습니다"),
    (
        "DOCX with a DTD",
        "보고.docx",
        zip_bytes({"[Content_Types].xml": b'<!DOCTYPE x SYSTEM "http://x.invalid/">', "word/document.xml": b"<w/>"}),
        "DTD",
    ),
    (
        "XLSX with an Excel 4.0 macro sheet",
        "실적.xlsx",
        zip_bytes({"[Content_Types].xml": b"<T/>", "xl/workbook.xml": b"<w/>", "xl/macrosheets/sheet1.xml": b"<m/>"}),
        "매크로",
    ),
]


@pytest.mark.parametrize(("case", "name", "data", "message"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_hostile_uploads_are_refused_and_leave_nothing_behind(entry, goyang, settings, case, name, data, message):
    before = media_files(settings)
    with pytest.raises(ValidationError, match=message):
        evidence_attach(user=goyang["staff"], entry=entry, label="[증빙2]", uploaded=SimpleUploadedFile(name, data))
    assert EvidenceFile.objects.filter(entry=entry).count() == 0
    assert media_files(settings) == before


@override_settings(EVIDENCE_MAX_BYTES=1024)
def test_oversize_upload_is_refused(entry, goyang, settings):
    with pytest.raises(ValidationError, match="파일이 너무 큽니다"):
        evidence_attach(
            user=goyang["staff"], entry=entry, label="[증빙2]", uploaded=SimpleUploadedFile("큰.pdf", PDF + b"0" * 2048)
        )
    assert EvidenceFile.objects.filter(entry=entry).count() == 0


def test_upload_to_another_units_card_is_refused(entry, goyang):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        evidence_attach(
            user=goyang["other_staff"], entry=entry, label="[증빙2]", uploaded=SimpleUploadedFile("a.pdf", PDF)
        )
    assert EvidenceFile.objects.count() == 1  # the seed's [증빙1] reference only


def test_a_label_is_required(entry, goyang):
    with pytest.raises(ValidationError, match="증빙명을 입력하세요"):
        evidence_attach(user=goyang["staff"], entry=entry, label="", uploaded=SimpleUploadedFile("a.pdf", PDF))
