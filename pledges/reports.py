"""The pledges report (공약 이행 현황): counts per status, one row per pledge, one card sheet per pledge."""

from django.apps import apps
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.module_loading import import_string

from pledges.models import (
    COMPLETED_STATUSES,
    ParticipationCategory,
    Pledge,
    PledgeCard,
    PledgeOfficial,
    PledgeStatus,
    TargetDecision,
    YearlyTarget,
)
from pledges.models.targets import PARTLY_WEIGHT, year_rate
from portal.excel import PERCENT, Column, Report, Row, Sheet, newest_date

SUMMARY_COLUMNS = [
    Column("공약번호", 9),
    Column("공약명", 28, wrap=True),
    Column("임기", 8),
    Column("소관부서", 11, wrap=True),
    Column("이행 상태", 9, wrap=True),
    Column("상태 변경일", 11),
    Column("최근 보고기간", 12, wrap=True),
    Column("카드 처리상태", 9, wrap=True),
    *(Column(f"{category.label}(회)", 8, number_format="#,##0", wrap=True) for category in ParticipationCategory),
]
CARD_TEXT_SPAN = "C{row}:J{row}"
CARD_COLUMNS = [
    Column("구분", 16, wrap=True),
    Column("기간·일자", 12, wrap=True),
    Column("내용", 9, number_format="#,##0", fraction_format="#,##0.0##", wrap=True),
    *(Column("", 9, number_format="#,##0", fraction_format="#,##0.0##", wrap=True) for _ in range(7)),
    Column("비고", 14, wrap=True),
]
COMPLETION_FORMULA = "완료율 = (완료 + 이행후 계속추진) ÷ 전체 공약 × 100"
IMPLEMENTATION_FORMULA = "이행률 = (완료 + 이행후 계속추진 + 정상추진) ÷ (전체 공약 − 미평가) × 100"
SECURED_FORMULA = "재정 확보율 = 확보액 합계 ÷ 투자계획 합계 × 100 (금액이 알려진 세부 항목만)"
EXECUTED_FORMULA = "재정 집행률 = 집행액 합계 ÷ 확보액 합계 × 100 (금액이 알려진 세부 항목만)"
TARGET_FORMULA = (
    f"연도별 목표 달성률 = (달성 + {PARTLY_WEIGHT} × 일부 달성) ÷ 판정된 목표 수 × 100 (판정 전 목표는 분모에서 뺌)"
)
OVERVIEW_COLUMNS = [
    Column("구분", 22, wrap=True),
    *(Column(str(status.label), 9, wrap=True) for status in PledgeStatus),
    Column("계", 7),
    Column("완료율(%)", **PERCENT),
    Column("이행률(%)", **PERCENT),
    Column("재정 확보율(%)", **PERCENT),
    Column("재정 집행률(%)", **PERCENT),
]


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
            Prefetch("yearly_targets", queryset=YearlyTarget.objects.order_by("year")),
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


def latest_card(pledge):
    """The pledge's card of its latest reporting period (any state), or None."""
    return next((card for card in pledge.all_cards if card.pk == pledge.latest_id), None)


def participation_counts(card):
    """시민참여 실적 of a card in category order; a blank count is "-", never 0."""
    counts = {count.category: count.count for count in card.participation.all()} if card else {}
    return ["-" if counts.get(category) is None else counts[category] for category in ParticipationCategory]


def pledge_rows(pledges):
    """One row per pledge with its latest reporting period and that card's participation counts."""
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
            *participation_counts(latest_card(pledge)),
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


def extra_finance_totals(pledges):
    """{pledge id: (planned, secured, executed)} from the apps that declare `pledge_finance_totals`."""
    totals = {}
    for config in apps.get_app_configs():
        path = getattr(config, "pledge_finance_totals", None)
        if path:
            totals.update(import_string(path)(pledges))
    return totals


def _rate(numerator, denominator):
    if numerator is None or not denominator:
        return "-"
    return round(100 * numerator / denominator, 1)


def target_years(pledges):
    """The years any of the pledges has a target for, oldest first."""
    return sorted({target.year for pledge in pledges for target in pledge.yearly_targets.all()})


def overview_columns(years):
    """The 총괄표's columns: statuses, the four rates, then the target rate of each year."""
    return [*OVERVIEW_COLUMNS, *(Column(f"{year}년 목표 달성률(%)", **PERCENT) for year in years)]


def _target_rate(members, year):
    counts = {"year": year, "targets": 0, **{decision.value: 0 for decision in TargetDecision}}
    for pledge in members:
        for target in pledge.yearly_targets.all():
            if target.year == year:
                counts["targets"] += 1
                if target.decision:
                    counts[target.decision] += 1
    rate = year_rate(counts)["rate"]
    return "-" if rate is None else float(rate)


def overview_rows(pledges, finance, years=()):
    """공약 이행 총괄표: by status and 분야 (the code's first part), counts, four rates and each year's target rate."""
    groups = {"전체": list(pledges)}
    for pledge in pledges:
        groups.setdefault(f"{pledge.term.name} 분야 {pledge.code.split('-')[0]}", []).append(pledge)
    for label, members in groups.items():
        counts = {status: 0 for status in PledgeStatus}
        for pledge in members:
            counts[pledge.status] += 1
        total = len(members)
        completed = sum(counts[status] for status in COMPLETED_STATUSES)
        implemented = completed + counts[PledgeStatus.ON_TRACK]
        assessed = total - counts[PledgeStatus.UNASSESSED]
        money = [finance.get(pledge.pk, (None, None, None)) for pledge in members]
        planned, secured, executed = (_known_sum(amounts[i] for amounts in money) for i in range(3))
        values = [
            label,
            *(counts[status] for status in PledgeStatus),
            total,
            _rate(completed, total),
            _rate(implemented, assessed),
            _rate(secured, planned),
            _rate(executed, secured),
            *(_target_rate(members, year) for year in years),
        ]
        yield Row(values) if label == "전체" else values


def _known_sum(amounts):
    known = [amount for amount in amounts if amount is not None]
    return sum(known) if known else None


def overview_preamble():
    """The formula of every rate in the 총괄표."""
    formulas = (COMPLETION_FORMULA, IMPLEMENTATION_FORMULA, SECURED_FORMULA, EXECUTED_FORMULA, TARGET_FORMULA)
    return [[formula] for formula in formulas]


class CardRows:
    """The rows of one 공약관리카드 sheet and the merged cells its text needs (rows start at 5)."""

    def __init__(self):
        """An empty card; the header row's 내용 spans C:J like the text below it."""
        self.rows, self.merges = [], [CARD_TEXT_SPAN.format(row=4)]

    def add(self, values, *, text=False, bold=None):
        """Append a row; `text` merges C:J so its 내용 wraps across the card's width."""
        if text:
            self.merges.append(CARD_TEXT_SPAN.format(row=5 + len(self.rows)))
        self.rows.append(values if bold is None else Row(values, bold=bold))

    def text(self, label, period, content, note="", *, bold=None):
        """A label, a period or date, a paragraph of text over C:J and a note in K."""
        self.add([label, period, content, *[None] * 7, note], text=True, bold=bold)


def card_rows(pledge, extra_rows=()):
    """The 공약관리카드 of the pledge's latest period, in the order and layout of the paper card (003)."""
    card = CardRows()
    card.text("공약", pledge.code, pledge.title, pledge.term.name, bold=True)
    card.text("목표", "", pledge.target or "-")
    card.text("소관부서", "", pledge.lead_unit.name)
    card.text("이행 상태", "", pledge.get_status_display(), pledge.status_changed_on)
    for official in pledge.officials.all():
        card.text("담당자", official.role, official.name, official.phone or "-")
    latest = latest_card(pledge)
    if latest is None:
        card.text("추진실적", "", "공약관리카드가 아직 없습니다.")
        return card
    card.text("추진실적 및 향후 추진계획", latest.label, "", latest.get_state_display(), bold=True)
    for entry in latest.entries.all():
        card.text(entry.get_kind_display(), entry.label, "", "", bold=False)
        for event in entry.events.all():
            details = "\n".join(f"- {detail}" for detail in event.details)
            text = f"{event.title}\n{details}" if details else event.title
            card.text("", event.date or event.date_text or "", text, event.group_heading)
        for outcome in entry.outcomes.all():
            value = "-" if outcome.value is None else f"{outcome.value.normalize():,}{outcome.unit}"
            card.text("성과", "", f"{outcome.name} {value}")
        for evidence in entry.evidence.all():
            card.text("증빙", "", evidence.label)
    card.add(
        ["시민참여(소통) 실적", "(단위: 회)", *(str(category.label) for category in ParticipationCategory)], bold=True
    )
    card.add(["", "", *participation_counts(latest)])
    if latest.participation_note:
        card.text("", "", latest.participation_note)
    for row in extra_rows:
        card.add(row)
    card.add(["문제점 및 개선대책"], bold=True)
    card.text("문제점", "", latest.problems or "-")
    card.text("개선대책", "", latest.measures or "-")
    return card


def report_as_of(pledges):
    """자료 기준일: the newest card review, status change or dated event of the pledges."""
    dates = []
    for pledge in pledges:
        dates.append(pledge.status_changed_on)
        for card in pledge.all_cards:
            if card.state == PledgeCard.State.APPROVED:
                dates.append(card.reviewed_at)
            dates.extend(event.date for entry in card.entries.all() for event in entry.events.all())
    return newest_date(*dates)


def pledges_report(filters):
    """공약 이행 현황, the 공약 이행 총괄표, then one 공약관리카드 sheet per pledge (one A4 page each)."""
    pledges = pledges_in_scope(filters)
    title = "공약 이행 현황"
    listed = list(pledges)
    report = Report(name="pledges", title=title, sheets=[], as_of=report_as_of(listed))
    report.as_of_note = "카드 승인·상태 변경·추진 일자 중 최근"

    def sheets():
        extra = extra_card_sections(listed)
        finance = extra_finance_totals(listed)
        years = target_years(listed)
        yield Sheet(
            name=title,
            title=title,
            unit_label="(단위: 건, 회, %)",
            columns=SUMMARY_COLUMNS,
            rows=pledge_rows(listed),
            preamble=summary_preamble(pledges),
        )
        yield Sheet(
            name="공약 이행 총괄표",
            title="공약 이행 총괄표 (이행 상태·분야별)",
            unit_label="(단위: 건, %)",
            columns=overview_columns(years),
            rows=overview_rows(listed, finance, years),
            preamble=overview_preamble(),
            autofilter=False,
        )
        for pledge in listed:
            card = card_rows(pledge, extra.get(pledge.pk, ()))
            yield Sheet(
                name=f"{pledge.code} 공약관리카드",
                title=f"공약관리카드 {pledge.code} {pledge.title}",
                unit_label="(단위: 회, 원문 단위)",
                columns=CARD_COLUMNS,
                rows=card.rows,
                merges=card.merges,
                autofilter=False,
                fit_to_height=1,
                orientation="portrait",
            )

    report.sheets = sheets()
    return report
