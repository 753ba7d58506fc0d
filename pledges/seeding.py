"""Loading pledge cards from fixtures/pledge-*.yaml (format: fixtures/README.md)."""

from decimal import Decimal

from plans.models import Municipality, OrgUnit, Task
from plans.seeding import replace_children, upsert
from pledges.models import (
    CardEntry,
    CardEvent,
    CardOutcome,
    EvidenceFile,
    ParticipationCategory,
    ParticipationCount,
    Pledge,
    PledgeCard,
    PledgeCategory,
    PledgeOfficial,
    PledgeStatus,
    Term,
)
from portal.periods import parse_month

STATUS_BY_LABEL = {str(status.label): status.value for status in PledgeStatus}
PARTICIPATION_BY_LABEL = {str(category.label): category.value for category in ParticipationCategory}


def load_pledges(data):
    """Load a term, its category names, pledges, officials and half-year cards."""
    term_data = data["term"]
    municipality = Municipality.objects.get(name=term_data["municipality"])
    term = upsert(
        Term,
        lookup={"municipality": municipality, "name": term_data["name"]},
        values={"start": parse_month(term_data["start"]), "end": parse_month(term_data["end"])},
    )
    for category in data.get("categories", []):
        upsert(
            PledgeCategory,
            lookup={"term": term, "code": str(category["code"])},
            values={"name": category.get("name") or ""},
        )
    for pledge_data in data["pledges"]:
        _load_pledge(term, municipality, pledge_data)


def _load_pledge(term, municipality, pledge_data):
    pledge = upsert(
        Pledge,
        lookup={"term": term, "code": str(pledge_data["code"])},
        values={
            "title": pledge_data["title"],
            "target": pledge_data.get("target") or "",
            "lead_unit": OrgUnit.objects.get(municipality=municipality, name=pledge_data["lead_unit"]),
            "status": STATUS_BY_LABEL[pledge_data.get("status", "미평가")],
        },
    )
    replace_children(
        pledge.officials,
        PledgeOfficial,
        [{"role": o["role"], "name": o["name"], "phone": str(o.get("phone") or "")} for o in pledge_data["officials"]],
    )
    tasks = {
        Task.objects.get(strategy__plan__slug=t["plan"], code=str(t["code"])) for t in pledge_data.get("tasks", [])
    }
    if set(pledge.tasks.all()) != tasks:
        pledge.tasks.set(tasks)
    for card_data in pledge_data.get("cards", []):
        _load_card(pledge, card_data)


def _load_card(pledge, card_data):
    card = upsert(
        PledgeCard,
        lookup={"pledge": pledge, "period_start": parse_month(card_data["period_start"])},
        values={
            "label": card_data["label"],
            "period_end": parse_month(card_data["period_end"]),
            "state": card_data.get("state", PledgeCard.State.DRAFT),
            "problems": (card_data.get("problems") or "").strip(),
            "measures": (card_data.get("measures") or "").strip(),
            "participation_note": card_data.get("participation_note") or "",
        },
    )
    replace_children(
        card.entries,
        CardEntry,
        [
            {
                "kind": e["kind"],
                "label": e["label"],
                "period_start": parse_month(e.get("period_start")),
                "period_end": parse_month(e.get("period_end")),
            }
            for e in card_data.get("entries", [])
        ],
    )
    for entry, entry_data in zip(card.entries.order_by("order"), card_data.get("entries", []), strict=True):
        events = [
            {
                "group_heading": item.get("heading") or "",
                "title": event["title"],
                "date": event.get("date"),
                "date_text": str(event.get("date_text") or ""),
                "details": event.get("details") or [],
            }
            for item in entry_data.get("items", [])
            for event in item.get("events", [])
        ]
        replace_children(entry.events, CardEvent, events)
        replace_children(
            entry.outcomes,
            CardOutcome,
            [
                {"name": o["name"], "value": Decimal(str(o["value"])), "unit": o.get("unit", "")}
                for o in entry_data.get("outcomes", [])
            ],
        )
        replace_children(entry.evidence, EvidenceFile, [{"label": label} for label in entry_data.get("evidence", [])])
    for label, count in (card_data.get("participation") or {}).items():
        upsert(
            ParticipationCount,
            lookup={"card": card, "category": PARTICIPATION_BY_LABEL[label]},
            values={"count": count},
        )
