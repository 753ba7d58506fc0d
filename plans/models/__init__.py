"""Models of the `plans` app, one module per part of the domain."""

from .downloads import ReportDownload
from .organisation import Headcount, Municipality, OrgUnit, User
from .plans import (
    ActionItem,
    ApprovalStep,
    HeadlineTarget,
    Plan,
    PlanDirection,
    PlanSection,
    Strategy,
    Task,
    TaskObjective,
)
from .progress import ProgressReport
from .scoping import ScopedQuerySet, user_scope_unit_ids

__all__ = [
    "ActionItem",
    "ApprovalStep",
    "Headcount",
    "HeadlineTarget",
    "Municipality",
    "OrgUnit",
    "Plan",
    "PlanDirection",
    "PlanSection",
    "ProgressReport",
    "ReportDownload",
    "ScopedQuerySet",
    "Strategy",
    "Task",
    "TaskObjective",
    "User",
    "user_scope_unit_ids",
]
