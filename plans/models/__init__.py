"""Models of the `plans` app, one module per part of the domain."""

from .facilities import Facility, FacilityStaff
from .organisation import Headcount, Municipality, OrgUnit, User
from .plans import (
    ApprovalStep,
    HeadlineTarget,
    Plan,
    PlanDirection,
    PlanSection,
    Strategy,
    Task,
)
from .progress import ProgressReport
from .reopening import PeriodReopening
from .report_contents import ReportEvent, ReportEvidence
from .sources import SourceDocument
from .task_parts import ActionItem, TaskObjective

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
    "ReportEvent",
    "ReportEvidence",
    "SourceDocument",
    "Strategy",
    "Task",
    "TaskObjective",
    "User",
]
