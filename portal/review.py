"""One review rule for every figure citizens see: write, submit, approve or return; correct after approval.

A reviewed record (progress report, pledge card, KPI actual, budget line) carries `state`,
`version` and `corrected_at`; the steps below check and set them the same way for every
model. Once approved, a record is never changed in place: `correction_save` keeps the new
values in a `Correction`, which is submitted and reviewed like the record, and
`correction_approve` copies them over and dates the record's `corrected_at` (정정됨).

Each domain app declares a `ReviewPolicy` per model (who reviews, which fields a
correction may change, which unit owns a record) on its AppConfig (`review_policies`:
dotted paths); the functions here know no domain model.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from portal.corrections import EDITABLE_STATES, Correction, ReviewState
from portal.notices import notice_correction


@dataclass(frozen=True)
class ReviewPolicy:
    """How one model is reviewed and corrected."""

    model: type
    permission: str
    fields: tuple[str, ...]
    unit_of: Callable[[object], int | None]
    year_of: Callable[[object], int | None] = lambda record: None
    coordinator_only: bool = False
    save_submits: bool = False
    check_editable: Callable[[object], None] = field(default=lambda record: None)
    is_approved: Callable[[object], bool] = field(default=lambda record: record.state == ReviewState.APPROVED)

    def field_label(self, name):
        """The verbose name of a correctable field."""
        return str(self.model._meta.get_field(name).verbose_name)


@cache
def _policies() -> dict[str, ReviewPolicy]:
    policies = {}
    for config in apps.get_app_configs():
        for dotted in getattr(config, "review_policies", ()):
            policy = import_string(dotted)
            policies[policy.model._meta.label_lower] = policy
    return policies


def review_permissions() -> set[str]:
    """Every permission that lets a user review some kind of record."""
    return {policy.permission for policy in _policies().values()}


def policy_for(model) -> ReviewPolicy:
    """The declared policy of a model or of a record's model."""
    return _policies()[model._meta.label_lower]


# -- versions ---------------------------------------------------------------------------------


def open_correction(record) -> Correction | None:
    """The correction of `record` still under way, if any."""
    if record is None or record.pk is None:
        return None
    return Correction.objects.of(record).open().first()


def version_token(record) -> str:
    """What a change form was opened on: the record's version and that of its open correction."""
    correction = open_correction(record)
    token = str(record.version)
    return f"{token}-{correction.pk}.{correction.version}" if correction else token


def _parse_token(token):
    record_part, _sep, correction_part = str(token).partition("-")
    correction_pk, _dot, correction_version = correction_part.partition(".")
    return (
        int(record_part) if record_part.isdigit() else 0,
        int(correction_pk) if correction_pk.isdigit() else None,
        int(correction_version) if correction_version.isdigit() else 0,
    )


def _short(value):
    text = "-" if value in (None, "") else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _person(user):
    """A user's name as Korean offices write it (family name first), else the login name."""
    if user is None:
        return _("알 수 없음")
    return f"{user.last_name}{user.first_name}".strip() or user.username


def _who_and_when(row):
    return _person(row.history_user), timezone.localtime(row.history_date).strftime("%Y-%m-%d %H:%M")


def _with_previous(history, since_version):
    """(row, previous row) of every history row after `since_version`, in version order."""
    rows = list(history.filter(version__gte=since_version).select_related("history_user").order_by("version", "pk"))
    return [(row, rows[index - 1] if index else None) for index, row in enumerate(rows) if row.version > since_version]


def _history_lines(pairs, model):
    lines = []
    for row, previous in pairs:
        changed = []
        if previous is not None:
            delta = row.diff_against(previous, excluded_fields=["version", "updated_at"])
            for change in delta.changes:
                label = model._meta.get_field(change.field).verbose_name
                changed.append(f"{label}: {_short(change.old)} → {_short(change.new)}")
        who, when = _who_and_when(row)
        lines.append(
            _("%(who)s님이 %(when)s에 %(what)s")
            % {"who": who, "when": when, "what": "; ".join(changed) or _("처리 상태를 바꿨습니다")}
        )
    return lines


def _correction_history_lines(pairs, policy):
    lines = []
    for row, previous_row in pairs:
        previous = previous_row.changes if previous_row is not None else {}
        changed = [
            f"{policy.field_label(name)}: {_short(previous.get(name, row.before.get(name)))} → {_short(value)}"
            for name, value in row.changes.items()
            if previous.get(name) != value
        ]
        who, when = _who_and_when(row)
        lines.append(
            _("%(who)s님이 %(when)s에 정정을 고쳤습니다: %(what)s")
            % {"who": who, "when": when, "what": "; ".join(changed) or row.get_state_display()}
        )
    return lines


def _correction_lines(correction):
    who = _person(correction.author)
    policy = policy_for(correction.content_type.model_class())
    changed = "; ".join(
        f"{policy.field_label(name)}: {_short(correction.before.get(name))} → {_short(value)}"
        for name, value in correction.changes.items()
    )
    return [_("%(who)s님이 정정을 작성했습니다: %(what)s") % {"who": who, "what": changed}]


def check_version(record, opened: str | None) -> None:
    """Refuse to act on `record` when it changed after the form was opened on version `opened`.

    The message names who changed what since then, from the history; `None` means the
    caller carries no version (a bulk step on rows just read) and skips the check.
    """
    if opened is None or str(opened) == version_token(record):
        return
    record_version, correction_pk, correction_version = _parse_token(opened)
    lines = _history_lines(_with_previous(record.history, record_version), type(record))
    correction = open_correction(record)
    if correction is not None:
        if correction.pk != correction_pk:
            lines += _correction_lines(correction)
        else:
            pairs = _with_previous(correction.history, correction_version)
            lines += _correction_history_lines(pairs, policy_for(type(record)))
    raise ValidationError(
        [_("이 화면을 연 뒤 다른 사람이 먼저 고쳐서 저장하지 않았습니다. 다시 열어 최신 내용을 확인하세요."), *lines],
        code="stale",
    )


def save_version(obj, *, user) -> None:
    """Validate, bump the version and save, recording `user` in the history even outside a request."""
    obj.full_clean()
    obj.version += 1
    obj._history_user = user
    obj.save()


# -- review steps shared by records and corrections ------------------------------------------------


def mark_submitted(obj) -> None:
    """Send a written or returned record (or correction) to review."""
    if obj.state not in EDITABLE_STATES:
        raise ValidationError(_("%(state)s 상태에서는 제출할 수 없습니다.") % {"state": obj.get_state_display()})
    obj.state, obj.submitted_at = ReviewState.SUBMITTED, timezone.now()


def ensure_reviewer(user, policy: ReviewPolicy, obj, author_id=None) -> None:
    """Only a reviewer of this model may review a submitted item, and never their own unless coordinator."""
    if not user.has_perm(policy.permission) or (policy.coordinator_only and not user.is_coordinator):
        raise PermissionDenied(_("승인하거나 반려할 권한이 없습니다."))
    if obj.state != ReviewState.SUBMITTED:
        raise ValidationError(
            _("제출된 것만 검토할 수 있습니다 (현재 상태: %(state)s).") % {"state": obj.get_state_display()}
        )
    if author_id is not None and author_id == user.pk and not user.is_coordinator:
        raise PermissionDenied(_("본인이 작성한 것은 직접 승인하거나 반려할 수 없습니다."))


def mark_reviewed(obj, *, user, approved: bool, reason: str = "") -> None:
    """Approve, or return with `reason`, a submitted item."""
    if not approved and not reason.strip():
        raise ValidationError({"return_reason": _("반려 사유를 입력하세요.")})
    obj.state = ReviewState.APPROVED if approved else ReviewState.RETURNED
    obj.reviewed_by, obj.reviewed_at = user, timezone.now()
    obj.return_reason = "" if approved else reason.strip()


# -- corrections ------------------------------------------------------------------------------


def _stored(record, name):
    value = getattr(record, name)
    return None if value is None else record._meta.get_field(name).value_to_string(record)


def _restored(model, name, value):
    return None if value is None else model._meta.get_field(name).to_python(value)


def apply_correction(record, correction) -> None:
    """Put a correction's values on `record` in memory (for a change form, or before approval)."""
    for name, value in correction.changes.items():
        setattr(record, name, _restored(type(record), name, value))


@transaction.atomic
def correction_save(*, user, record, values: dict, opened: str | None = None) -> Correction | None:
    """Keep changed values of an approved `record` as its open correction; the record stays as it is.

    The record is read again under a row lock inside the user's scope. Values equal to the
    approved ones are dropped; a first save that changes nothing is refused, and setting
    every value back to the approved one withdraws the correction.
    """
    policy = policy_for(type(record))
    record = _locked(user, policy, record.pk)
    if not policy.is_approved(record):
        raise ValidationError(_("승인된 자료만 정정할 수 있습니다."))
    check_version(record, opened)
    policy.check_editable(record)
    unknown = set(values) - set(policy.fields)
    if unknown:
        labels = ", ".join(str(record._meta.get_field(name).verbose_name) for name in sorted(unknown))
        raise ValidationError(_("승인된 자료에서는 %(fields)s을(를) 정정할 수 없습니다.") % {"fields": labels})
    candidate = copy.copy(record)
    for name, value in values.items():
        setattr(candidate, name, value)
    candidate.full_clean()
    changes = {
        name: _stored(candidate, name)
        for name in policy.fields
        if name in values and _stored(candidate, name) != _stored(record, name)
    }
    correction = Correction.objects.select_for_update().of(record).open().first() or Correction(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk, author=user, version=0
    )
    if correction.state == ReviewState.SUBMITTED:
        raise ValidationError(_("제출된 정정은 검토가 끝날 때까지 고칠 수 없습니다."))
    if not changes:
        if correction.pk is None:
            raise ValidationError(_("승인된 내용과 달라진 것이 없습니다."))
        correction._history_user = user
        correction.delete()  # every value is back to the approved one: the correction is withdrawn
        return None
    correction.scope_unit = policy.unit_of(record)
    correction.year = policy.year_of(record)
    correction.label = str(record)[:300]
    correction.before = {name: _stored(record, name) for name in changes}
    correction.changes = changes
    if policy.save_submits:
        mark_submitted(correction)
    save_version(correction, user=user)
    if policy.save_submits:
        _notice(correction, record, policy, "corrected", user)
    return correction


def _locked_correction(user, correction):
    try:
        return Correction.objects.for_user(user).select_for_update().get(pk=correction.pk)
    except Correction.DoesNotExist:
        raise PermissionDenied(_("소관 부서의 정정이 아닙니다.")) from None


def _locked(user, policy, pk):
    try:
        return policy.model.objects.for_user(user).select_for_update().get(pk=pk)
    except policy.model.DoesNotExist:
        raise PermissionDenied(_("소관 부서의 자료가 아닙니다.")) from None


def _locked_record(user, correction):
    policy = policy_for(correction.content_type.model_class())
    return policy, _locked(user, policy, correction.object_id)


@transaction.atomic
def correction_submit(*, user, correction: Correction, opened: str | None = None) -> Correction:
    """Send a written or returned correction to review."""
    correction = _locked_correction(user, correction)
    policy, record = _locked_record(user, correction)
    check_version(record, opened)
    policy.check_editable(record)
    mark_submitted(correction)
    save_version(correction, user=user)
    _notice(correction, record, policy, "corrected", user)
    return correction


@transaction.atomic
def correction_approve(*, user, correction: Correction, opened: str | None = None) -> Correction:
    """Approve a submitted correction: its values replace the record's, which is dated 정정됨."""
    correction = _locked_correction(user, correction)
    policy, record = _locked_record(user, correction)
    check_version(record, opened)
    ensure_reviewer(user, policy, correction, correction.author_id)
    replaced_public_value = any(value not in (None, "") for value in correction.before.values())
    apply_correction(record, correction)
    if replaced_public_value:
        record.corrected_at = timezone.now()
    save_version(record, user=user)
    mark_reviewed(correction, user=user, approved=True)
    save_version(correction, user=user)
    _notice(correction, record, policy, "approved", user)
    return correction


@transaction.atomic
def correction_return(*, user, correction: Correction, reason: str, opened: str | None = None) -> Correction:
    """Return a submitted correction to its author with the reason; the record stays as approved."""
    correction = _locked_correction(user, correction)
    policy, record = _locked_record(user, correction)
    check_version(record, opened)
    ensure_reviewer(user, policy, correction, correction.author_id)
    mark_reviewed(correction, user=user, approved=False, reason=reason or "")
    save_version(correction, user=user)
    _notice(correction, record, policy, "returned", user, correction.return_reason)
    return correction


def _notice(correction, record, policy, event, user, reason=""):
    notice_correction(
        correction=correction, record=record, unit_id=policy.unit_of(record), event=event, actor=user, reason=reason
    )


def correction_rows(correction: Correction) -> list[tuple[str, str, str]]:
    """(field, before, after) of a correction, in the words of the record's model."""
    policy = policy_for(correction.content_type.model_class())
    return [
        (policy.field_label(name), _short(correction.before.get(name)), _short(value))
        for name, value in correction.changes.items()
    ]
