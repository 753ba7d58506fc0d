"""Writes of the shared machinery: confirming an Excel import exactly once."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal.models import ImportConfirmation


def import_confirm(*, user, token: str, import_key: str, apply, uploaded) -> tuple[ImportConfirmation, bool]:
    """Apply a previewed import once per preview token; (its confirmation record, whether this call applied it).

    The record is inserted in the same transaction as the import: a second confirmation of
    the same preview waits on the unique token until the first commits, then finds its
    record (False); if the first failed, nothing of it remains and the second applies. A
    unique-constraint clash inside the import itself (another import created the same rows
    at the same time) is refused with a message, with nothing changed.
    """
    try:
        with transaction.atomic():
            confirmation = ImportConfirmation.objects.create(token=token, import_key=import_key, user=user)
            preview = apply(user=user, uploaded=uploaded)
            confirmation.counts = preview.counts
            confirmation.save(update_fields=["counts"])
    except IntegrityError:
        existing = ImportConfirmation.objects.filter(token=token, user=user).first()
        if existing is None:
            raise ValidationError(
                _(
                    "같은 항목을 다른 가져오기가 방금 만들었습니다. 아무것도 바뀌지 않았습니다. 목록을 확인한 뒤 다시 올리세요."
                )
            ) from None
        return existing, False
    return confirmation, True
