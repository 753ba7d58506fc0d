"""The roles of DESIGN.md §4 as group names, and the permissions each group holds.

Citizens are anonymous and need no group. Each role holds the permissions of the one
before it; which records a permission reaches is decided by `for_user` scoping.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

STAFF = "부서 담당자"
MANAGER = "부서장"
COORDINATOR = "총괄부서"

ROLE_LABELS = {
    "staff": STAFF,
    "manager": MANAGER,
    "coordinator": COORDINATOR,
}


def permissions_by_role():
    """Group name → every permission it holds, gathered from each app and accumulated by rank."""
    gathered, held = {}, []
    for role in ("staff", "manager", "coordinator"):
        for config in apps.get_app_configs():
            held.extend(getattr(config, "role_permissions", {}).get(role, []))
        gathered[ROLE_LABELS[role]] = list(dict.fromkeys(held))
    return gathered


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create the role groups and give each exactly the permissions the apps declare.

    Returns the number of permissions per group. Run after migrations (the seed command
    does); running it again changes nothing.
    """
    counts = {}
    for group_name, permission_names in permissions_by_role().items():
        group, _created = Group.objects.get_or_create(name=group_name)
        wanted = set()
        for name in permission_names:
            app_label, codename = name.split(".")
            wanted.add(Permission.objects.get(content_type__app_label=app_label, codename=codename).pk)
        current = set(group.permissions.values_list("pk", flat=True))
        if wanted != current:
            group.permissions.set(wanted)
        counts[group_name] = len(wanted)
    return counts


NO_ROLE = ""


def role_of(user) -> str:
    """The role key ("staff", "manager", "coordinator") of `user`, or NO_ROLE; the highest if several."""
    held = set(user.groups.values_list("name", flat=True)) if user.pk else set()
    for key in ("coordinator", "manager", "staff"):
        if ROLE_LABELS[key] in held:
            return key
    return NO_ROLE


def role_assign(user, role: str) -> None:
    """Put `user` in exactly the group of `role` among the role groups (NO_ROLE: in none); other groups stay."""
    role_groups = Group.objects.filter(name__in=ROLE_LABELS.values())
    user.groups.remove(*role_groups.exclude(name=ROLE_LABELS.get(role)))
    if role != NO_ROLE:
        user.groups.add(Group.objects.get(name=ROLE_LABELS[role]))
