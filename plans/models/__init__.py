"""Models of the `plans` app, one module per part of the domain."""

from .facilities import Facility, FacilityStaff
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
from .reopening import PeriodReopening
from .sources import SourceDocument

__all__ = [
    "ActionItem",
    "ApprovalStep",
    "Facility",
    "FacilityStaff",
    "Headcount",
    "HeadlineTarget",
    "Municipality",
    "OrgUnit",
    "PeriodReopening",
    "Plan",
    "PlanDirection",
    "PlanSection",
    "ProgressReport",
    "SourceDocument",
    "Strategy",
    "Task",
    "TaskObjective",
    "User",
]
