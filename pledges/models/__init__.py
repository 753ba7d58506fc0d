"""Models of the `pledges` app: pledges and their terms, and the contents of their half-year cards."""

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
    "Term",
    "TermQuerySet",
    "code_prefixes",
]
