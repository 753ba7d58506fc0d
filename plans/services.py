"""Writes of the `plans` app: one function per business operation."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from plans import roles


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create the role groups and give each exactly the permissions `roles` lists.

    Returns the number of permissions per group. Run after migrations (the seed command
    does); running it again changes nothing.
    """
    counts = {}
    for group_name, permission_names in roles.ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = set()
        for name in permission_names:
            app_label, codename = name.split(".")
            wanted.add(Permission.objects.get(content_type__app_label=app_label, codename=codename).pk)
        current = set(group.permissions.values_list("pk", flat=True))
        if wanted != current:
            group.permissions.set(wanted)
        counts[group_name] = len(wanted)
    return counts
