"""Admin of the `plans` app: the organisation, plans and tasks, quarterly progress."""

from . import downloads, organisation, plans, progress

__all__ = ["downloads", "organisation", "plans", "progress"]
