"""Writes of a pledge's three texts and its yearly targets: the review of the texts, the year-end decision."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import OrgUnit, User
from pledges.models import Pledge, PledgeText, TargetDecision, YearlyTarget
from portal.records import locked_in_scope
from portal.review import check_version, mark_reviewed, mark_submitted, save_version

TARGET_FIELDS = ("year", "target", "target_value", "target_unit", "plan")


def _scoped_text(user, text):
    return locked_in_scope(PledgeText.objects, user, text.pk, _("소관부서의 공약 원문·실천계획이 아닙니다."))


def _check_units(user, text, units):
    """The cooperating units must belong to the pledge's city."""
    municipality_id = text.pledge.term.municipality_id
    stray = [unit.name for unit in units if unit.municipality_id != municipality_id]
    if text.lead_unit_id and text.lead_unit.municipality_id != municipality_id:
        stray.insert(0, text.lead_unit.name)
    if stray:
        raise ValidationError(_("다른 지방자치단체의 부서는 고를 수 없습니다: %(units)s") % {"units": ", ".join(stray)})


@transaction.atomic
def pledge_text_save(
    *,
    user: User,
    text: PledgeText,
    values: dict,
    cooperating_units: list[OrgUnit] | None = None,
    opened: str | None = None,
) -> PledgeText:
    """Write a new text of a pledge or change one still written or returned; an approved text is corrected by a copy."""
    if text.pk is None:
        pledge = values.get("pledge") or text.pledge
        if not Pledge.objects.for_user(user).filter(pk=pledge.pk).exists():
            raise PermissionDenied(_("소관부서의 공약이 아닙니다."))
    else:
        text = _scoped_text(user, text)
        check_version(text, opened)
        if not text.is_editable:
            raise ValidationError(
                _("%(state)s 상태의 기록은 고칠 수 없습니다. 승인된 기록은 '정정 작성'으로 고칩니다.")
                % {"state": text.get_state_display()}
            )
    for name, value in values.items():
        setattr(text, name, value)
    _check_units(user, text, cooperating_units or [])
    save_version(text, user=user)
    if cooperating_units is not None:
        text.cooperating_units.set(cooperating_units)
    return text


@transaction.atomic
def pledge_text_submit(*, user: User, text: PledgeText, opened: str | None = None) -> PledgeText:
    """The owning unit sends a text to the coordinating office for review."""
    text = _scoped_text(user, text)
    check_version(text, opened)
    if not (text.goal.strip() or text.content.strip()):
        raise ValidationError(_("목표나 주요 내용을 적은 뒤 제출하세요."))
    mark_submitted(text)
    save_version(text, user=user)
    return text


def _ensure_text_reviewer(user, text):
    if not (user.is_coordinator_of(text.pledge.term.municipality) and user.has_perm("pledges.review_pledgetext")):
        raise PermissionDenied(_("공약 원문·실천계획은 총괄부서만 승인하거나 반려할 수 있습니다."))
    if text.state != PledgeText.State.SUBMITTED:
        raise ValidationError(
            _("제출된 기록만 검토할 수 있습니다 (현재 상태: %(state)s).") % {"state": text.get_state_display()}
        )


@transaction.atomic
def pledge_text_approve(*, user: User, text: PledgeText, opened: str | None = None) -> PledgeText:
    """The coordinating office approves a text: it becomes public, replacing the version it corrects."""
    text = _scoped_text(user, text)
    check_version(text, opened)
    _ensure_text_reviewer(user, text)
    mark_reviewed(text, user=user, approved=True)
    if text.corrects_id:
        replaced = _scoped_text(user, text.corrects)
        replaced.state = PledgeText.State.SUPERSEDED
        save_version(replaced, user=user)
        text.corrected_at = text.reviewed_at
    save_version(text, user=user)
    return text


@transaction.atomic
def pledge_text_return(*, user: User, text: PledgeText, reason: str, opened: str | None = None) -> PledgeText:
    """The coordinating office returns a text to its unit with the reason."""
    if not reason or not reason.strip():
        raise ValidationError({"return_reason": _("반려 사유를 입력하세요.")})
    text = _scoped_text(user, text)
    check_version(text, opened)
    _ensure_text_reviewer(user, text)
    mark_reviewed(text, user=user, approved=False, reason=reason)
    save_version(text, user=user)
    return text


@transaction.atomic
def pledge_text_correct(*, user: User, text: PledgeText) -> PledgeText:
    """Open the correction of an approved text: a draft copy; the approved text stays public until the copy is approved."""
    text = _scoped_text(user, text)
    if text.state != PledgeText.State.APPROVED:
        raise ValidationError(_("승인된 기록만 정정할 수 있습니다."))
    existing = PledgeText.objects.filter(corrects=text).first()
    if existing is not None:
        return existing
    return _correction_copy(user, text)


def _correction_copy(user, text):
    """A draft copy of the approved `text` that corrects it, with its cooperating units."""
    units = list(text.cooperating_units.all())
    copy = PledgeText.objects.get(pk=text.pk)
    copy.pk = copy.id = None
    copy.corrects, copy.state, copy.version = text, PledgeText.State.DRAFT, 0
    copy.submitted_at = copy.reviewed_by = copy.reviewed_at = copy.corrected_at = None
    copy.return_reason = ""
    save_version(copy, user=user)
    copy.cooperating_units.set(units)
    return copy


def current_text_refusal(text: PledgeText | None) -> str | None:
    """Why an import may not propose new values for the pledge's current text `text`, or None if it may."""
    if text is not None and text.state == PledgeText.State.SUBMITTED:
        return _("제출되어 총괄부서의 검토를 기다리는 기록은 고칠 수 없습니다. 검토가 끝난 뒤 다시 올리세요.")
    return None


@transaction.atomic
def pledge_text_propose(
    *, user: User | None, pledge: Pledge, kind: str, values: dict, cooperating_units: list[OrgUnit]
) -> PledgeText:
    """Submit new values of a pledge's text for the 총괄부서's review, as an import does; nothing becomes public.

    The pledge's current text (`PledgeText.objects.current()`) decides how: none, a new text;
    one written or returned, that record; an approved one, its correction (a reviewed copy,
    the approved text stays public until the copy is approved); a submitted one is refused.
    The caller has checked that the user may write the city's pledges (`user` None: the system).
    """
    text = PledgeText.objects.select_for_update().current().filter(pledge=pledge, kind=kind).first()
    refusal = current_text_refusal(text)
    if refusal:
        raise ValidationError(refusal)
    if text is None:
        text = PledgeText(pledge=pledge, kind=kind)
    elif text.state == PledgeText.State.APPROVED:
        text = PledgeText.objects.filter(corrects=text).first() or _correction_copy(user, text)
    for name, value in values.items():
        setattr(text, name, value)
    _check_units(user, text, cooperating_units)
    if not (text.goal.strip() or text.content.strip()):
        raise ValidationError(_("목표나 주요 내용을 적은 뒤 제출하세요."))
    mark_submitted(text)
    save_version(text, user=user)
    if {unit.pk for unit in text.cooperating_units.all()} != {unit.pk for unit in cooperating_units}:
        text.cooperating_units.set(cooperating_units)
    return text


def _scoped_target(user, target):
    return locked_in_scope(YearlyTarget.objects, user, target.pk, _("소관부서의 공약 목표가 아닙니다."))


@transaction.atomic
def yearly_target_save(*, user: User, target: YearlyTarget, values: dict, opened: str | None = None) -> YearlyTarget:
    """Write or change a pledge's target for one year while it is undecided; the decision has its own step."""
    unknown = set(values) - set(TARGET_FIELDS) - {"pledge"}
    if unknown:
        raise ValidationError(_("달성 여부와 판정 근거는 총괄부서의 연말 판정으로만 기록합니다."))
    if target.pk is None:
        pledge = values.get("pledge") or target.pledge
        if not Pledge.objects.for_user(user).filter(pk=pledge.pk).exists():
            raise PermissionDenied(_("소관부서의 공약이 아닙니다."))
    else:
        target = _scoped_target(user, target)
        check_version(target, opened)
        if target.is_decided:
            raise ValidationError(_("달성 여부가 판정된 목표는 고칠 수 없습니다."))
    return _target_written(user, target, values)


@transaction.atomic
def yearly_target_propose(*, user: User | None, pledge: Pledge, values: dict) -> YearlyTarget:
    """Write a pledge's target for `values["year"]` from an import: a new one, or an undecided one changed.

    A decided target is refused. The caller has checked that the user may write the city's
    pledges (`user` None: the system).
    """
    target = YearlyTarget.objects.select_for_update().filter(pledge=pledge, year=values["year"]).first()
    if target is not None and target.is_decided:
        raise ValidationError(_("달성 여부가 판정된 목표는 고칠 수 없습니다."))
    return _target_written(user, target or YearlyTarget(pledge=pledge), values)


def _target_written(user, target, values):
    """Put `values` on the target, check its year lies in the term, save a version as `user`."""
    for name, value in values.items():
        setattr(target, name, value)
    term = target.pledge.term
    if target.year is not None and not term.start.year <= target.year <= term.end.year:
        raise ValidationError(
            {
                "year": _("임기(%(start)d~%(end)d년) 안의 연도를 입력하세요.")
                % {"start": term.start.year, "end": term.end.year}
            }
        )
    save_version(target, user=user)
    return target


@transaction.atomic
def yearly_target_decide(
    *,
    user: User,
    target: YearlyTarget,
    decision: str,
    evidence: str,
    decided_on: datetime.date | None = None,
    opened: str | None = None,
) -> YearlyTarget:
    """The coordinating office's year-end decision on a target (달성 / 일부 달성 / 미달성), with its evidence.

    The decision is made from the year's last month on, never dated in the future; a later
    decision replaces an earlier one and the history keeps both.
    """
    target = _scoped_target(user, target)
    if not (user.is_coordinator_of(target.pledge.term.municipality) and user.has_perm("pledges.decide_yearlytarget")):
        raise PermissionDenied(_("연차별 목표의 달성 여부는 총괄부서만 판정할 수 있습니다."))
    check_version(target, opened)
    if decision not in TargetDecision.values:
        raise ValidationError({"decision": _("달성, 일부 달성, 미달성 중에서 고르세요.")})
    if not evidence or not evidence.strip():
        raise ValidationError({"evidence": _("판정 근거(증빙)를 적으세요.")})
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("판정일은 오늘 이후일 수 없습니다.")})
    if decided_on < datetime.date(target.year, 12, 1):
        raise ValidationError(
            {"decided_on": _("%(year)d년 목표는 그해 12월 연말 평가부터 판정합니다.") % {"year": target.year}}
        )
    target.decision, target.evidence, target.decided_on, target.decided_by = (
        decision,
        evidence.strip(),
        decided_on,
        user,
    )
    save_version(target, user=user)
    return target
