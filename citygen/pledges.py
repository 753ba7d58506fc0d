"""The generated city's mayoral term, pledges and their half-year cards (the `pledges` app)."""

import datetime

from citygen import vocabulary as words
from citygen.city import AS_OF, at_seoul, bulk
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
    PledgeStatusChange,
    Term,
)

PLEDGES_PER_SCALE = 2.5
# The half-years of 민선8기 that have cards: the last four before the generation day.
CARD_HALVES = [(2024, 2), (2025, 1), (2025, 2), (2026, 1)]
CATEGORIES = ["경제·일자리", "복지·돌봄", "도시·교통", "환경·안전", "문화·교육"]


def delete_rows(municipality):
    """Delete the pledges, cards and terms of `municipality`, children first, without loading them."""
    pledges = Pledge.objects.filter(term__municipality=municipality)
    cards = PledgeCard.objects.filter(pledge__in=pledges)
    entries = CardEntry.objects.filter(card__in=cards)
    for queryset in (
        CardEvent.objects.filter(entry__in=entries),
        CardOutcome.objects.filter(entry__in=entries),
        EvidenceFile.objects.filter(entry__in=entries),
        entries,
        ParticipationCount.objects.filter(card__in=cards),
        cards,
        PledgeOfficial.objects.filter(pledge__in=pledges),
        PledgeStatusChange.objects.filter(pledge__in=pledges),
        Pledge.tasks.through.objects.filter(pledge__in=pledges),
        pledges,
        PledgeCategory.objects.filter(term__municipality=municipality),
    ):
        queryset._raw_delete(queryset.db)
    Term.objects.filter(municipality=municipality).delete()


def _half(year, half):
    start = datetime.date(year, 1 if half == 1 else 7, 1)
    return start, start.replace(month=start.month + 5), f"{year}년 {'상' if half == 1 else '하'}반기"


def generate_pledges(city):
    """The term 민선8기, its category tree and pledges, each with officials, tasks and a status history."""
    rng = city.rng("pledges")
    city.term = Term.objects.create(
        municipality=city.municipality,
        name="민선8기",
        start=datetime.date(2022, 7, 1),
        end=datetime.date(2026, 6, 1),
    )
    bulk(
        PledgeCategory,
        [PledgeCategory(term=city.term, code=str(n), name=name) for n, name in enumerate(CATEGORIES, start=1)],
    )
    count = city.count(PLEDGES_PER_SCALE)
    pledges = []
    for index in range(count):
        category = index % len(CATEGORIES) + 1
        title = f"{rng.choice(words.PREFIXES)} {rng.choice(words.OBJECTS)} {rng.choice(words.ACTIONS)}"
        status = rng.choices(list(PledgeStatus), weights=[3, 2, 8, 2, 1, 0.5, 1])[0]
        pledges.append(
            Pledge(
                term=city.term,
                code=f"{category}-{index // len(CATEGORIES) // 9 + 1}-{index // len(CATEGORIES) % 9 + 1}",
                title=title,
                target=f"임기 내 {title}",
                lead_unit=rng.choice(city.divisions),
                status=status,
                status_changed_on=None if status == PledgeStatus.UNASSESSED else datetime.date(2025, 12, 15),
            )
        )
    city.pledges = bulk(Pledge, pledges)
    bulk(
        PledgeOfficial,
        [
            PledgeOfficial(
                pledge=pledge,
                order=order,
                role=role,
                name=f"{rng.choice(words.SURNAMES)}{rng.choice(words.GIVEN)}",
                phone=f"031-590-{rng.randint(1000, 9999)}",
            )
            for pledge in city.pledges
            for order, role in enumerate(["과장", "팀장", "주무관"], start=1)
        ],
    )
    bulk(
        PledgeStatusChange,
        [
            PledgeStatusChange(
                pledge=pledge,
                previous_status=PledgeStatus.UNASSESSED,
                status=pledge.status,
                changed_on=pledge.status_changed_on,
                reason="2025년 하반기 공약 이행 평가",
            )
            for pledge in city.pledges
            if pledge.status_changed_on
        ],
    )
    bulk(
        Pledge.tasks.through,
        [
            Pledge.tasks.through(pledge_id=pledge.pk, task_id=task.pk)
            for pledge in city.pledges
            for task in {t.pk: t for t in rng.sample(city.tasks, min(2, len(city.tasks)))}.values()
        ],
    )


def generate_cards(city):
    """Half-year cards of every pledge: entries with events, outcomes and evidence, and participation counts."""
    rng = city.rng("cards")
    cards = []
    for pledge in city.pledges:
        halves = CARD_HALVES[-rng.randint(3, 5) :] if rng.random() < 0.5 else CARD_HALVES
        coordinator = city.managers[city.divisions[0].pk]
        for position, (year, half) in enumerate(halves):
            start, end, label = _half(year, half)
            latest = position == len(halves) - 1
            state = rng.choice(list(PledgeCard.State)) if latest else PledgeCard.State.APPROVED
            reviewed = state in (PledgeCard.State.APPROVED, PledgeCard.State.RETURNED)
            submitted = at_seoul(end.replace(day=25))
            cards.append(
                PledgeCard(
                    pledge=pledge,
                    label=label,
                    period_start=start,
                    period_end=end,
                    problems=rng.choice(words.PROBLEMS),
                    measures=rng.choice(words.NEXT_STEPS),
                    state=state,
                    submitted_at=None if state == PledgeCard.State.DRAFT else submitted,
                    reviewed_by=coordinator if reviewed else None,
                    reviewed_at=submitted + datetime.timedelta(days=7) if reviewed else None,
                    return_reason=rng.choice(words.RETURN_REASONS) if state == PledgeCard.State.RETURNED else "",
                )
            )
    cards = bulk(PledgeCard, cards)
    entries = bulk(
        CardEntry,
        [
            CardEntry(
                card=card,
                order=order,
                kind=kind,
                label=card.label if kind == CardEntry.Kind.RESULT else "향후 추진계획",
                period_start=card.period_start if kind == CardEntry.Kind.RESULT else None,
                period_end=card.period_end if kind == CardEntry.Kind.RESULT else None,
            )
            for card in cards
            for order, kind in enumerate([CardEntry.Kind.RESULT, CardEntry.Kind.PLAN], start=1)
        ],
    )
    _entry_children(rng, entries, city)
    bulk(
        ParticipationCount,
        [
            ParticipationCount(card=card, category=category, count=None if rng.random() < 0.15 else rng.randint(0, 12))
            for card in cards
            for category in ParticipationCategory
        ],
    )


def _entry_children(rng, entries, city):
    events, outcomes, evidence = [], [], []
    uploader = city.managers[city.divisions[0].pk]
    for entry in entries:
        first = entry.card.period_start
        for order in range(1, rng.randint(2, 4) + 1):
            day = first + datetime.timedelta(days=rng.randint(0, 170))
            planned = entry.kind == CardEntry.Kind.PLAN
            events.append(
                CardEvent(
                    entry=entry,
                    order=order,
                    title=rng.choice(words.EVENT_TITLES),
                    date=None if planned else day,
                    date_text=f"{day.year}. {day.month}월 중" if planned else "",
                    details=[f"{rng.choice(words.OBJECTS)} 관련 협의"] if rng.random() < 0.5 else [],
                )
            )
        if entry.kind == CardEntry.Kind.RESULT:
            name, unit = rng.choice(words.OUTCOME_NAMES)
            outcomes.append(CardOutcome(entry=entry, order=1, name=name, value=rng.randint(5, 500), unit=unit))
            for order, label in enumerate(rng.sample(words.EVIDENCE_LABELS, rng.randint(1, 2)), start=1):
                evidence.append(
                    EvidenceFile(
                        entry=entry,
                        order=order,
                        label=label,
                        content_type="application/pdf",
                        size=rng.randint(50_000, 4_000_000),
                        uploaded_by=uploader,
                        uploaded_at=at_seoul(min(entry.card.period_end.replace(day=28), AS_OF)),
                    )
                )
    bulk(CardEvent, events)
    bulk(CardOutcome, outcomes)
    bulk(EvidenceFile, evidence)
