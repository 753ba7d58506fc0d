"""The pledges report (공약 이행 현황): counts per status, one row per pledge, one card sheet per pledge."""

from django.apps import apps
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.module_loading import import_string

from pledges.models import (
    Pledge,
    PledgeCard,
    PledgeOfficial,
    PledgeStatus,
)
from portal.excel import Column, Report, Row, Sheet

SUMMARY_COLUMNS = [
    Column("공약번호", 10),
    Column("공약명", 44, wrap=True),
    Column("임기", 12),
    Column("소관부서", 16),
    Column("이행 상태", 14),
    Column("상태 변경일", 12),
    Column("최근 보고기간", 16),
    Column("카드 처리상태", 12),
]
CARD_COLUMNS = [Column("구분", 18), Column("기간·일자", 18), Column("내용", 70, wrap=True), Column("비고", 16)]
COMPLETION_FORMULA = "완료율 = (완료 + 이행후 계속추진) ÷ 전체 공약 × 100"


def pledges_in_scope(filters):
    """Pledges of the filters' scope, with their latest card (any state) annotated and everything its sheet needs.

    A card under correction appears as approved until its correction is approved.
    """
    pledges = filters.scope(Pledge.objects.all(), "lead_unit", "term__municipality")
    latest = PledgeCard.objects.current().filter(pledge=OuterRef("pk")).order_by("-period_start")
    if filters.year:
        latest = latest.filter(period_start__year__lte=filters.year)
    cards = PledgeCard.objects.current().order_by("-period_start").with_contents()
    return (
        pledges.select_related("term", "lead_unit")
        .annotate(
            latest_label=Subquery(latest.values("label")[:1]),
            latest_state=Subquery(latest.values("state")[:1]),
            latest_id=Subquery(latest.values("pk")[:1]),
        )
        .prefetch_related(
            Prefetch("officials", queryset=PledgeOfficial.objects.order_by("order")),
            Prefetch("cards", queryset=cards, to_attr="all_cards"),
        )
        .order_by("term__municipality__name", "term__start", "code")
    )


def summary_preamble(pledges):
    """Counts per status and the completion rate with its formula (one aggregate query)."""
    summary = pledges.status_summary()
    rows = [["이행 상태", "공약 수"]]
    rows += [[str(status.label), count] for status, count in summary["counts"]]
    rows.append(["계", summary["total"]])
    rate = summary["completion_rate"]
    rows.append(["완료율(%)", "-" if rate is None else rate, COMPLETION_FORMULA])
    return rows


def pledge_rows(pledges):
    """One row per pledge with its latest reporting period."""
    statuses, states = dict(PledgeStatus.choices), dict(PledgeCard.State.choices)
    for pledge in pledges:
        yield [
            pledge.code,
            pledge.title,
            pledge.term.name,
            pledge.lead_unit.name,
            statuses[pledge.status],
            pledge.status_changed_on,
            pledge.latest_label or "-",
            states.get(pledge.latest_state, "-"),
        ]


def extra_card_sections(pledges):
    """Rows other apps add to each card sheet (the budgets app: the investment tables).

    An app declares `pledge_card_sections` on its AppConfig: the dotted path of a function
    taking the list of pledges and returning {pledge id: rows}, in a fixed number of queries.
    """
    sections = {}
    for config in apps.get_app_configs():
        path = getattr(config, "pledge_card_sections", None)
        if path:
            for pledge_id, rows in import_string(path)(pledges).items():
                sections.setdefault(pledge_id, []).extend(rows)
    return sections


def card_rows(pledge, extra_rows=()):
    """The 공약관리카드 of the pledge's latest period, in the order of the paper card (003)."""
    yield Row(["공약", pledge.code, pledge.title, pledge.term.name])
    yield ["목표", "", pledge.target or "-", ""]
    yield ["소관부서", "", pledge.lead_unit.name, ""]
    yield ["이행 상태", "", pledge.get_status_display(), pledge.status_changed_on]
    for official in pledge.officials.all():
        yield ["담당자", official.role, official.name, official.phone or "-"]
    card = next((card for card in pledge.all_cards if card.pk == pledge.latest_id), None)
    if card is None:
        yield ["추진실적", "", "공약관리카드가 아직 없습니다.", ""]
        return
    yield Row(["추진실적 및 향후 추진계획", card.label, "", card.get_state_display()])
    for entry in card.entries.all():
        yield Row([entry.get_kind_display(), entry.label, "", ""], bold=False)
        for event in entry.events.all():
            details = "\n".join(f"- {detail}" for detail in event.details)
            text = f"{event.title}\n{details}" if details else event.title
            yield ["", event.date_text or event.date or "", text, event.group_heading]
        for outcome in entry.outcomes.all():
            value = "-" if outcome.value is None else f"{outcome.value.normalize():,}{outcome.unit}"
            yield ["성과", "", f"{outcome.name} {value}", ""]
        for evidence in entry.evidence.all():
            yield ["증빙", "", evidence.label, ""]
    yield Row(["시민참여(소통) 실적", "(단위: 회)", "", ""])
    for count in card.participation.all():
        yield ["", count.get_category_display(), "-" if count.count is None else count.count, ""]
    if card.participation_note:
        yield ["", "", card.participation_note, ""]
    yield from extra_rows
    yield Row(["문제점 및 개선대책", "", "", ""])
    yield ["문제점", "", card.problems or "-", ""]
    yield ["개선대책", "", card.measures or "-", ""]


def pledges_report(filters):
    """공약 이행 현황, then one 공약관리카드 sheet per pledge."""
    pledges = pledges_in_scope(filters)
    title = "공약 이행 현황"

    def sheets():
        listed = list(pledges)
        extra = extra_card_sections(listed)
        yield Sheet(
            name=title,
            title=title,
            unit_label="(단위: 건, %)",
            columns=SUMMARY_COLUMNS,
            rows=pledge_rows(listed),
            preamble=summary_preamble(pledges),
        )
        for pledge in listed:
            yield Sheet(
                name=f"{pledge.code} 공약관리카드",
                title=f"공약관리카드 {pledge.code} {pledge.title}",
                unit_label="(단위: 회, 원문 단위)",
                columns=CARD_COLUMNS,
                rows=card_rows(pledge, extra.get(pledge.pk, ())),
                autofilter=False,
            )

    return Report(name="pledges", title=title, sheets=sheets())
