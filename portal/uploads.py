"""Checks on uploaded files, by their content and never by their name.

Used for evidence attachments and spreadsheet imports alike: a file is identified from its
bytes; a ZIP container is checked for entry count, names and declared sizes, then every
entry is inflated once, in small chunks that are thrown away, so that a bad CRC, a broken
or unsupported compression, a truncated file or a central directory that lies about sizes
is refused with its reason before any parser sees the file. The same pass bounds each
part's real size (an import sets a lower, per-part limit: openpyxl keeps shared strings and
styles in memory) and refuses XML with a DTD, macros (VBA and Excel 4.0 sheets), ActiveX
controls and DDE links. Evidence is also refused when its content is not what its name
says, or when it is two formats at once (a polyglot).
"""

import io
import lzma
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
ZIP_END = b"PK\x05\x06"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"
CHUNK = 64 * 1024

# kind: (label shown to people, content type it is served with, file name extensions)
KINDS = {
    "pdf": ("PDF", "application/pdf", (".pdf",)),
    "hwp": ("HWP", "application/x-hwp", (".hwp",)),
    "hwpx": ("HWPX", "application/hwp+zip", (".hwpx",)),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "docx": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "png": ("PNG", "image/png", (".png",)),
    "jpeg": ("JPEG", "image/jpeg", (".jpg", ".jpeg")),
    "gif": ("GIF", "image/gif", (".gif",)),
}

# Inside a ZIP container: what makes an Office or HWPX file active content.
MACRO_PARTS = re.compile(r"(^|/)(vbaproject\.bin|vbadata\.xml)$|(^|/)(macrosheets|intlmacrosheets)/|(^|/)activex/")
MACRO_CONTENT_TYPES = (b"macroenabled", b"macrosheet", b"vbaproject", b"ms-office.activex")
XML_NAME = re.compile(r"\.(xml|rels|vml)$|^mimetype$", re.IGNORECASE)
# A DTD or an entity declaration, in UTF-8 and in both UTF-16 byte orders.
DTD_MARKERS = tuple(
    marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY") for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
# A DDE link of a workbook, a cell formula that calls out of it (=cmd|'/c calc'!A0), a DDE
# field of a Word document; matched on lower-cased XML.
DDE = re.compile(rb"<ddelink|<f[ >][^<]{0,500}\||instrtext[^>]*>\s*dde|instr=\"\s*dde")
LOCAL_HEADER = struct.Struct("<4s5H3L2H")
# What would make a browser or an interpreter read an image or a PDF as something else.
ACTIVE_MARKERS = (b"<script", b"<html", b"<?php", b"<svg", b"<!doctype html", b"<iframe", b"<body")


@dataclass(frozen=True)
class ZipLimits:
    """Bounds on a ZIP container; `part_bytes` bounds each entry once inflated (None: only the total)."""

    entries: int
    total_bytes: int
    ratio: int
    part_bytes: int | None = None

    @classmethod
    def from_settings(cls, part_bytes=None):
        """The limits the settings set, with an optional per-part bound."""
        return cls(
            entries=settings.UPLOAD_ZIP_MAX_ENTRIES,
            total_bytes=settings.UPLOAD_ZIP_MAX_UNCOMPRESSED_BYTES,
            ratio=settings.UPLOAD_ZIP_MAX_RATIO,
            part_bytes=part_bytes,
        )


def _megabytes(size):
    return max(size // (1024 * 1024), 1)


def _shown(name):
    return name if len(name) <= 60 else name[:57] + "..."


def read_upload(uploaded, *, max_bytes):
    """The upload's bytes, refusing an empty file or one over `max_bytes` before reading it all."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(_("파일이 너무 큽니다 (최대 %(mb)s MB).") % {"mb": _megabytes(max_bytes)})
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(_("파일이 너무 큽니다 (최대 %(mb)s MB).") % {"mb": _megabytes(max_bytes)})
    if not data:
        raise ValidationError(_("빈 파일입니다."))
    return data


def check_zip_container(data, limits=None):
    """Open a ZIP only after its directory is within `limits` and every entry inflates cleanly.

    Nothing is extracted: each entry is inflated in chunks that are counted, scanned and
    dropped, so memory stays at a chunk whatever the archive claims or holds.
    """
    limits = limits or ZipLimits.from_settings()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    # zipfile raises many kinds on a malformed directory (BadZipFile, ValueError, struct.error...).
    except Exception:
        raise ValidationError(_("손상된 압축 형식 파일입니다.")) from None
    if len(entries) > limits.entries:
        raise ValidationError(_("파일 안의 항목이 너무 많습니다."))
    _check_directory(entries, limits)
    _check_local_headers(data, entries)
    total = 0
    for entry in entries:
        total += _inflate_entry(archive, entry, limits, limits.total_bytes - total)
    return archive


def _check_directory(entries, limits):
    names = set()
    for entry in entries:
        name = entry.filename
        parts = name.replace("\\", "/").split("/")
        if (
            name.startswith(("/", "\\"))
            or ".." in parts
            or re.match(r"^[A-Za-z]:", name)
            or "\x00" in entry.orig_filename
        ):
            raise ValidationError(_("허용되지 않는 경로가 들어 있는 파일입니다."))
        if name in names:
            raise ValidationError(_lying_directory(name))
        names.add(name)
        if entry.flag_bits & 0x1:
            raise ValidationError(_("암호가 걸린 파일은 받을 수 없습니다."))
    if sum(entry.file_size for entry in entries) > limits.total_bytes:
        raise ValidationError(_("압축을 풀면 너무 큰 파일입니다."))
    for entry in entries:
        if entry.compress_size and entry.file_size / entry.compress_size > limits.ratio:
            raise ValidationError(_("압축률이 비정상적인 파일입니다."))
        if limits.part_bytes is not None and entry.file_size > limits.part_bytes:
            raise ValidationError(_part_too_big(entry.filename, limits.part_bytes))


def _check_local_headers(data, entries):
    """The end record counts the entries the directory holds; each local header agrees with the directory."""
    end = data.rfind(ZIP_END)
    on_disk, total = struct.unpack_from("<2H", data, end + 8) if end >= 0 and len(data) >= end + 12 else (0, 0)
    if 0xFFFF not in (on_disk, total) and {on_disk, total} != {len(entries)}:
        raise ValidationError(_lying_directory())
    for entry in entries:
        start = entry.header_offset
        header = data[start : start + LOCAL_HEADER.size]
        if len(header) < LOCAL_HEADER.size:
            raise ValidationError(_("파일이 중간에 잘렸습니다 (%(name)s).") % {"name": _shown(entry.filename)})
        signature, _version, flags, _method, _time, _date, crc, compressed, size, _n, _m = LOCAL_HEADER.unpack(header)
        if signature != ZIP_MAGIC:
            raise ValidationError(_lying_directory(entry.filename))
        declared = (entry.CRC, entry.compress_size, entry.file_size)
        if not flags & 0x08 and 0xFFFFFFFF not in (compressed, size) and (crc, compressed, size) != declared:
            raise ValidationError(_lying_directory(entry.filename))


def _lying_directory(name=None):
    if name is None:
        return _("압축 파일의 목차가 실제 내용과 다릅니다.")
    return _("압축 파일의 목차가 실제 내용과 다릅니다 (%(name)s).") % {"name": _shown(name)}


def _part_too_big(name, limit):
    return _("파일 안의 %(name)s 부분이 너무 큽니다 (압축을 풀면 %(mb)s MB 초과).") % {
        "name": _shown(name),
        "mb": _megabytes(limit),
    }


def _inflate_entry(archive, entry, limits, room):
    """Inflate one entry in chunks (checking its CRC and its real size); the bytes it holds."""
    scanner = _ContentScanner(entry.filename)
    size = 0
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if limits.part_bytes is not None and size > limits.part_bytes:
                    raise ValidationError(_part_too_big(entry.filename, limits.part_bytes))
                if size > room:
                    raise ValidationError(_("압축을 풀면 너무 큰 파일입니다."))
                scanner.feed(chunk)
    except ValidationError:
        raise
    except NotImplementedError:
        raise ValidationError(
            _("지원하지 않는 압축 방식의 항목이 있습니다: %(name)s") % {"name": _shown(entry.filename)}
        ) from None
    except RuntimeError:  # zipfile's "encrypted, password required"
        raise ValidationError(_("암호가 걸린 파일은 받을 수 없습니다.")) from None
    except zipfile.BadZipFile as error:
        raise ValidationError(_zip_error_message(entry.filename, str(error))) from None
    except EOFError:
        raise ValidationError(_("파일이 중간에 잘렸습니다 (%(name)s).") % {"name": _shown(entry.filename)}) from None
    except (zlib.error, lzma.LZMAError, OSError, ValueError, struct.error):
        raise ValidationError(
            _("압축된 데이터가 손상된 항목이 있습니다: %(name)s") % {"name": _shown(entry.filename)}
        ) from None
    return size


def _zip_error_message(name, reason):
    if "CRC" in reason:
        return _("파일 안의 %(name)s 항목이 손상되었습니다 (CRC 불일치).") % {"name": _shown(name)}
    return _lying_directory(name)


class _ContentScanner:
    """Looks for DTDs, DDE links and macro content types across the chunks of one entry."""

    OVERLAP = 600

    def __init__(self, name):
        self.content_types = name == "[Content_Types].xml"
        self.is_xml = bool(XML_NAME.search(name))
        self.tail = b""

    def feed(self, chunk):
        """Scan a chunk together with the end of the previous one (markers may straddle them)."""
        if not self.is_xml:
            return
        window = self.tail + chunk.lower()
        if any(marker.lower() in window for marker in DTD_MARKERS):
            raise ValidationError(_("허용되지 않는 XML 구성(DTD·엔티티 선언)이 들어 있는 파일입니다."))
        if DDE.search(window):
            raise ValidationError(_("외부 프로그램을 부르는 연결(DDE)이 들어 있는 문서는 받을 수 없습니다."))
        if self.content_types and any(marker in window for marker in MACRO_CONTENT_TYPES):
            raise ValidationError(_("매크로가 들어 있는 문서는 받을 수 없습니다."))
        self.tail = window[-self.OVERLAP :]


def sniff_kind(data, limits=None):
    """The accepted kind the bytes are, or None; active content (macros, DTDs, DDE) is refused."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(PNG_MAGIC):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data.startswith(OLE_MAGIC):
        return _sniff_ole(data)
    if data.startswith(ZIP_MAGIC):
        return _sniff_zip(check_zip_container(data, limits))
    return None


def _sniff_ole(data):
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, IndexError, EOFError, TypeError):
        return None
    with ole:
        try:
            if ole.exists("FileHeader") and ole.openstream("FileHeader").read(17) == b"HWP Document File":
                return "hwp"
        except (OSError, ValueError, IndexError, EOFError, TypeError):
            return None
    return None


def _sniff_zip(archive):
    names = {info.filename for info in archive.infolist()}
    if any(MACRO_PARTS.search(name.lower()) for name in names):
        raise ValidationError(_("매크로가 들어 있는 문서는 받을 수 없습니다."))
    if "mimetype" in names:
        with archive.open("mimetype") as stream:
            if stream.read(64).strip() == b"application/hwp+zip":
                return "hwpx"
    # [Content_Types].xml was scanned for macro content types while its entry was inflated.
    if "[Content_Types].xml" in names:
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
    return None


def check_not_polyglot(kind, data):
    """Refuse bytes that are also another format, or that go on past their format's end."""
    head, tail = data[:1024].lower(), data[-(65536 + 22) :]
    if kind not in ("xlsx", "docx", "hwpx") and (ZIP_END in tail or ZIP_MAGIC in data[1:1024]):
        raise ValidationError(_("두 가지 형식을 겹쳐 만든 파일(폴리글롯)은 받을 수 없습니다."))
    if kind != "pdf" and b"%pdf-" in head:
        raise ValidationError(_("두 가지 형식을 겹쳐 만든 파일(폴리글롯)은 받을 수 없습니다."))
    if kind in ("pdf", "png", "jpeg", "gif") and any(marker in head for marker in ACTIVE_MARKERS):
        raise ValidationError(_("두 가지 형식을 겹쳐 만든 파일(폴리글롯)은 받을 수 없습니다."))
    ends = {
        "pdf": lambda: b"%%EOF" in data[-1024:],
        "png": lambda: data.endswith(PNG_END),
        "jpeg": lambda: data.endswith(b"\xff\xd9"),
        "gif": lambda: data.endswith(b";"),
    }
    if kind in ends and not ends[kind]():
        raise ValidationError(
            _("%(kind)s 파일의 끝이 온전하지 않습니다 (잘렸거나 뒤에 다른 내용이 붙어 있습니다).")
            % {"kind": KINDS[kind][0]}
        )


def check_extension(kind, name):
    """Refuse a file whose name's extension is not its content's kind."""
    suffix = PurePosixPath((name or "").replace("\\", "/")).suffix.lower()
    if suffix not in KINDS[kind][2]:
        raise ValidationError(
            _("파일 이름의 확장자(%(suffix)s)가 실제 내용(%(kind)s)과 다릅니다.")
            % {"suffix": suffix or _("없음"), "kind": KINDS[kind][0]}
        )


def check_document(uploaded, *, allowed, max_bytes, part_bytes=None, strict=False):
    """Read and identify an upload; return (kind, content type, bytes) or refuse it with a reason.

    `part_bytes` bounds each part of a ZIP container once inflated; `strict` (evidence)
    also requires the name's extension to match the content and refuses polyglots.
    """
    data = read_upload(uploaded, max_bytes=max_bytes)
    kind = sniff_kind(data, ZipLimits.from_settings(part_bytes))
    if kind not in allowed:
        names = ", ".join(KINDS[k][0] for k in allowed)
        raise ValidationError(_("받을 수 없는 파일 형식입니다. 허용 형식: %(names)s") % {"names": names})
    if strict:
        check_not_polyglot(kind, data)
        check_extension(kind, getattr(uploaded, "name", ""))
    return kind, KINDS[kind][1], data
