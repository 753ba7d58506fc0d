"""Department scoping: the one `for_user` rule that admin, API and reports all use."""

from django.db import models


def user_scope_unit_ids(user):
    """The unit ids a user may work on; None means every unit; anonymous users get none."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return user.scope_unit_ids


class ScopedQuerySet(models.QuerySet):
    """A QuerySet whose rows belong to a unit named by `scope_field`."""

    scope_field = "unit"

    def for_user(self, user):
        """Rows of the user's own unit and its sub-units; all rows for the coordinating office."""
        unit_ids = user_scope_unit_ids(user)
        if unit_ids is None:
            return self
        return self.filter(**{f"{self.scope_field}__in": unit_ids})
