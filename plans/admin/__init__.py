"""Admin of the `plans` app: the organisation, plans and tasks, quarterly progress."""

from . import organisation, plans, progress

__all__ = ["organisation", "plans", "progress"]
