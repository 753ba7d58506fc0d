"""Models of the `plans` app, one module per part of the domain."""

from .organisation import Headcount, Municipality, OrgUnit, User
from .scoping import ScopedQuerySet, user_scope_unit_ids

__all__ = ["Headcount", "Municipality", "OrgUnit", "ScopedQuerySet", "User", "user_scope_unit_ids"]
