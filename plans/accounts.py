"""Staff accounts kept by the coordinating office: one role and one unit each, within its own city."""

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.models import OrgUnit, User
from portal import roles

ROLE_CHOICES = [
    ("staff", gettext_lazy("부서 담당자 — 소속 부서의 과제·실적·예산 집행·성과지표를 작성하고 제출")),
    ("manager", gettext_lazy("부서장 — 담당자의 일에 더해 소속 부서의 실적을 승인·반려, 보고서 내려받기")),
    ("coordinator", gettext_lazy("총괄부서 — 시 전체의 계획·일정·승인·보고서와 직원 계정")),
    (roles.NO_ROLE, gettext_lazy("역할 없음 — 로그인만 되고 관리 권한이 없음(전보·휴직 등)")),
]


def manageable_accounts(actor):
    """The accounts `actor` may see and change: every one for a superuser; else its scope's, never a superuser."""
    accounts = User.objects.for_user(actor)
    return accounts if actor.is_superuser else accounts.filter(is_superuser=False)


@transaction.atomic
def staff_account_save(*, actor: User, account: User, role: str, unit: OrgUnit | None) -> User:
    """Create or change a staff account with its role and unit, as `actor` may.

    A coordinating office keeps the accounts of its own municipality: the unit must be one
    of its city's, the account must not be a superuser, and superuser or staff status never
    changes here. Nobody changes their own role or unit.
    """
    if role not in dict(ROLE_CHOICES):
        raise PermissionDenied(_("알 수 없는 역할입니다."))
    if account.pk is not None:
        stored = manageable_accounts(actor).select_for_update().filter(pk=account.pk).first()
        if stored is None:
            raise PermissionDenied(_("관리할 수 있는 계정이 아닙니다."))
        if stored.pk == actor.pk and (role != roles.role_of(stored) or unit != stored.unit):
            raise PermissionDenied(_("자기 계정의 역할과 소속은 바꿀 수 없습니다. 총괄부서에 요청하세요."))
    if not actor.is_superuser:
        if unit is None or not OrgUnit.objects.for_user(actor).filter(pk=unit.pk).exists():
            raise PermissionDenied(_("소속은 우리 시의 조직이어야 합니다."))
        if account.pk is None:
            account.is_staff, account.is_superuser = True, False
        else:
            account.is_staff, account.is_superuser = stored.is_staff, stored.is_superuser
    account.unit = unit
    account.full_clean(exclude=["password"])  # set by the password forms, never here
    account.save()
    roles.role_assign(account, role)
    return account


def locked_out_attempts():
    """Login attempts that lock a user name out right now (django-axes counts per name and address)."""
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    cool_off = get_cool_off()
    return attempts.filter(attempt_time__gte=timezone.now() - cool_off) if cool_off else attempts


@transaction.atomic
def accounts_unlock(*, actor: User, accounts) -> list[str]:
    """Lift the login lock of each of `accounts` that `actor` may manage; returns the names unlocked."""
    names = list(manageable_accounts(actor).filter(pk__in=[a.pk for a in accounts]).values_list("username", flat=True))
    locked = set(locked_out_attempts().filter(username__in=names).values_list("username", flat=True))
    for name in sorted(locked):
        axes_reset(username=name)
    return sorted(locked)
