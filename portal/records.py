"""The two steps every write service shares: re-read a record under a lock inside the user's scope, save it as them."""

from django.core.exceptions import PermissionDenied


def locked_in_scope(queryset, user, pk, refusal):
    """The record `pk` of `queryset` re-read under a row lock, if the user's scope reaches it; else `refusal`."""
    try:
        return queryset.for_user(user).select_for_update().get(pk=pk)
    except queryset.model.DoesNotExist:
        raise PermissionDenied(refusal) from None


def save_as(user, record):
    """Validate and save `record`, recording `user` in its history even outside a web request."""
    record.full_clean()
    record._history_user = user
    record.save()
    return record
