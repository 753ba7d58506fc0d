"""Evidence files (증빙) of reviewed records: stored only after their content is checked, served only as downloads."""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.uploads import check_document

EVIDENCE_KINDS = ("pdf", "hwp", "hwpx", "xlsx", "docx", "png", "jpeg", "gif")


def evidence_store(evidence, *, uploaded, user):
    """Check what `uploaded` really is, then save it on the unsaved `evidence` row under a generated name.

    The uploader's file name is never used; a refused or invalid upload leaves neither a row
    nor a file behind.
    """
    kind, content_type, data = check_document(
        uploaded, allowed=EVIDENCE_KINDS, max_bytes=settings.EVIDENCE_MAX_BYTES, strict=True
    )
    evidence.content_type, evidence.size = content_type, len(data)
    evidence.uploaded_by, evidence.uploaded_at = user, timezone.now()
    evidence.file.save(f"{uuid.uuid4().hex}.{kind}", ContentFile(data), save=False)
    evidence._history_user = user
    try:
        evidence.full_clean()
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


def evidence_response(evidence):
    """An evidence file as an attachment named by its label, never rendered inline, sandboxed if opened."""
    if not evidence.file:
        raise Http404("원본 파일이 등록되지 않은 증빙입니다.")
    extension = evidence.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=f"{evidence.label}.{extension}",
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class EvidenceUploadForm(forms.ModelForm):
    """A reviewed record's form with an optional evidence upload, checked by content before anything is stored."""

    evidence_label = forms.CharField(label=_("새 증빙명"), required=False, help_text=_("예: [증빙1] 결과보고"))
    evidence_file = forms.FileField(
        label=_("새 증빙 파일"), required=False, help_text=_("PDF, HWP, HWPX, 이미지(PNG·JPEG·GIF), XLSX, DOCX")
    )

    def clean(self):
        """Refuse a bad evidence file, or one without a label, with the form."""
        cleaned = super().clean()
        uploaded = cleaned.get("evidence_file")
        if uploaded:
            if not (cleaned.get("evidence_label") or "").strip():
                self.add_error("evidence_label", _("증빙명을 입력하세요 (예: [증빙1] 결과보고)."))
            try:
                check_document(uploaded, allowed=EVIDENCE_KINDS, max_bytes=settings.EVIDENCE_MAX_BYTES, strict=True)
            except ValidationError as error:
                self.add_error("evidence_file", error)
            uploaded.seek(0)
        return cleaned
