"""Admin of the `plans` app: the organisation, plans and tasks, quarterly progress."""

from . import facilities, organisation, plans, progress

__all__ = ["facilities", "organisation", "plans", "progress"]
