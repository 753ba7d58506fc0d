"""Models of the `pledges` app: pledges and their terms, their half-year cards, three texts and yearly targets."""

from .cards import (
    CardEntry,
    CardEntryQuerySet,
    CardEvent,
    CardOutcome,
    EvidenceFile,
    ParticipationCategory,
    ParticipationCount,
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
from .targets import TargetDecision, YearlyTarget, YearlyTargetQuerySet
from .texts import PledgeText, PledgeTextKind, PledgeTextQuerySet

__all__ = [
    "COMPLETED_STATUSES",
    "CardEntry",
    "CardEntryQuerySet",
    "CardEvent",
    "CardOutcome",
    "EvidenceFile",
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
    "TargetDecision",
    "Term",
    "TermQuerySet",
    "YearlyTarget",
    "YearlyTargetQuerySet",
    "code_prefixes",
]
