"""Checks on uploaded files, by their content and never by their name.

Used for evidence attachments and spreadsheet imports alike: a file is identified from its
bytes, ZIP containers are checked for entry count and declared uncompressed size before
anything is extracted, and anything not on the accepted list is refused with a reason.
"""

import io
import zipfile

import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# kind: (label shown to people, content type it is served with)
KINDS = {
    "pdf": ("PDF", "application/pdf"),
    "hwp": ("HWP", "application/x-hwp"),
    "hwpx": ("HWPX", "application/hwp+zip"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "png": ("PNG", "image/png"),
    "jpeg": ("JPEG", "image/jpeg"),
    "gif": ("GIF", "image/gif"),
}


def read_upload(uploaded, *, max_bytes):
    """The upload's bytes, refusing an empty file or one over `max_bytes` before reading it all."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(_("파일이 너무 큽니다 (최대 %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)})
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(_("파일이 너무 큽니다 (최대 %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)})
    if not data:
        raise ValidationError(_("빈 파일입니다."))
    return data


def check_zip_container(data):
    """Open a ZIP only after its entry count and declared sizes are within limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError(_("손상된 압축 형식 파일입니다.")) from None
    if len(entries) > settings.UPLOAD_ZIP_MAX_ENTRIES:
        raise ValidationError(_("파일 안의 항목이 너무 많습니다."))
    declared = sum(entry.file_size for entry in entries)
    if declared > settings.UPLOAD_ZIP_MAX_UNCOMPRESSED_BYTES:
        raise ValidationError(_("압축을 풀면 너무 큰 파일입니다."))
    for entry in entries:
        if entry.compress_size and entry.file_size / entry.compress_size > settings.UPLOAD_ZIP_MAX_RATIO:
            raise ValidationError(_("압축률이 비정상적인 파일입니다."))
        if entry.filename.startswith("/") or ".." in entry.filename.split("/"):
            raise ValidationError(_("허용되지 않는 경로가 들어 있는 파일입니다."))
    return archive


def sniff_kind(data):
    """The accepted kind the bytes are, or None; Office files with macros are never accepted."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data.startswith(OLE_MAGIC):
        return _sniff_ole(data)
    if data.startswith(ZIP_MAGIC):
        return _sniff_zip(check_zip_container(data))
    return None


def _sniff_ole(data):
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, IndexError):
        return None
    with ole:
        if ole.exists("FileHeader") and ole.openstream("FileHeader").read(17) == b"HWP Document File":
            return "hwp"
    return None


def _sniff_zip(archive):
    names = set(archive.namelist())
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ValidationError(_("매크로가 들어 있는 문서는 받을 수 없습니다."))
    if "mimetype" in names and archive.read("mimetype").strip() == b"application/hwp+zip":
        return "hwpx"
    if "[Content_Types].xml" in names:
        content_types = archive.read("[Content_Types].xml")
        if b"macroEnabled" in content_types:
            raise ValidationError(_("매크로가 들어 있는 문서는 받을 수 없습니다."))
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
    return None


def check_document(uploaded, *, allowed, max_bytes):
    """Read and identify an upload; return (kind, content type, bytes) or refuse it with a reason."""
    data = read_upload(uploaded, max_bytes=max_bytes)
    kind = sniff_kind(data)
    if kind not in allowed:
        names = ", ".join(KINDS[k][0] for k in allowed)
        raise ValidationError(_("받을 수 없는 파일 형식입니다. 허용 형식: %(names)s") % {"names": names})
    return kind, KINDS[kind][1], data
