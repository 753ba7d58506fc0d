"""Models of the `pledges` app: pledges and their terms, their half-year cards, three texts, yearly targets and self-evaluations."""

from .cards import (
    CardEntry,
    CardEntryQuerySet,
    CardEvent,
    CardOutcome,
    EvidenceFile,
    ParticipationCategory,
    ParticipationCount,
)
from .evaluations import (
    DECIDED_STATUSES,
    LaggingMeasure,
    LaggingReview,
    SelfEvaluation,
    SelfEvaluationContribution,
    SelfGrade,
)
from .pledges import (
    COMPLETED_STATUSES,
    Pledge,
    PledgeAdjustment,
    PledgeCard,
    PledgeCardQuerySet,
    PledgeCategory,
    PledgeOfficial,
    PledgeQuerySet,
    PledgeStatus,
    PledgeStatusChange,
    Term,
    TermQuerySet,
    code_prefixes,
)
from .rules import ManagementRules, ManagementRulesQuerySet
from .targets import TargetDecision, YearlyTarget, YearlyTargetQuerySet
from .texts import PledgeText, PledgeTextKind, PledgeTextQuerySet

__all__ = [
    "COMPLETED_STATUSES",
    "DECIDED_STATUSES",
    "CardEntry",
    "CardEntryQuerySet",
    "CardEvent",
    "CardOutcome",
    "EvidenceFile",
    "LaggingMeasure",
    "LaggingReview",
    "ManagementRules",
    "ManagementRulesQuerySet",
    "ParticipationCategory",
    "ParticipationCount",
    "Pledge",
    "PledgeAdjustment",
    "PledgeCard",
    "PledgeCardQuerySet",
    "PledgeCategory",
    "PledgeOfficial",
    "PledgeQuerySet",
    "PledgeStatus",
    "PledgeStatusChange",
    "PledgeText",
    "PledgeTextKind",
    "PledgeTextQuerySet",
    "SelfEvaluation",
    "SelfEvaluationContribution",
    "SelfGrade",
    "TargetDecision",
    "Term",
    "TermQuerySet",
    "YearlyTarget",
    "YearlyTargetQuerySet",
    "code_prefixes",
]
