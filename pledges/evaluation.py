"""The five areas of the manifesto evaluation (한국매니페스토실천본부), answered from the records with their evidence.

완료율, 목표달성도, 주민소통, 웹소통 and 일치도: each area is a list of `Evidence` items, a figure
with the rule it was counted by, its as-of day and where to check it. Every figure is read
by the same code the pages and reports use (`status_summary`, `rates_by_year`,
`compare_texts`, `lagging_summary`), never counted a second way, in a fixed number of
queries whatever the number of pledges. Other parts of the app add their evidence by
appending a function to `EVIDENCE_SOURCES`.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.as_of import newest_day
from pledges.lagging import lagging_summary
from pledges.models import (
    ChangeComment,
    ChangeResult,
    ManagementRules,
    ParticipationCategory,
    ParticipationCount,
    PledgeCard,
    PledgeChange,
    PledgeText,
    SelfEvaluation,
    Term,
    YearlyTarget,
)
from pledges.models.targets import PARTLY_WEIGHT
from pledges.panels import panel_summary
from pledges.texts import CHANGED, MISSING, SAME, compare_texts
from portal.periods import seoul_today

RECENT_DAYS = 92  # a quarter: what the evaluators count as 이행현황 kept up to date

COMPLETION, TARGETS, COMMUNICATION, WEB, AGREEMENT = "completion", "targets", "communication", "web", "agreement"
AREAS = {
    COMPLETION: _("완료율"),
    TARGETS: _("목표달성도"),
    COMMUNICATION: _("주민소통"),
    WEB: _("웹소통"),
    AGREEMENT: _("일치도"),
}


@dataclass
class Evidence:
    """One answer: what is counted, the figure, how it was counted, as of when, and where to check it."""

    label: str
    value: object
    rule: str = ""
    as_of: datetime.date | None = None
    link: str = ""
    link_label: str = ""
    rows: list = field(default_factory=list)


@dataclass
class Area:
    """One manifesto area and its evidence."""

    key: str
    title: str
    evidence: list = field(default_factory=list)


def latest_term(municipality):
    """The municipality's newest term of office, or None."""
    return Term.objects.filter(municipality=municipality).order_by("-start").first()


def evaluation_areas(municipality, term, on=None):
    """The five areas for `term`'s pledges, as of `on` (today in Seoul by default)."""
    on = on or seoul_today()
    areas = {key: Area(key, str(title)) for key, title in AREAS.items()}
    context = {"municipality": municipality, "term": term, "on": on, "pledges": term.pledges.all()}
    for source in EVIDENCE_SOURCES:
        for key, evidence in source(context):
            areas[key].evidence.append(evidence)
    return list(areas.values())


def _tracker(context):
    url = reverse("pledges:tracker", kwargs={"slug": context["municipality"].slug})
    return f"{url}?term={context['term'].pk}"


def completion_evidence(context):
    """완료율 with its formula and the counts per status."""
    pledges = context["pledges"]
    summary = pledges.status_summary()
    rate = summary["completion_rate"]
    yield (
        COMPLETION,
        Evidence(
            label=str(_("완료율")),
            value="-" if rate is None else f"{rate}%",
            rule=str(_("(완료 + 이행후 계속추진) %(done)d건 ÷ 전체 공약 %(total)d건 × 100"))
            % {"done": summary["completed"], "total": summary["total"]},
            as_of=pledges.as_of(),
            link=_tracker(context),
            link_label=str(_("공약 이행 현황")),
            rows=[(str(status.label), count) for status, count in summary["counts"]],
        ),
    )


def target_evidence(context):
    """The yearly target rate per year, and the 부진공약 the rule finds."""
    targets = YearlyTarget.objects.filter(pledge__term=context["term"])
    rates = targets.rates_by_year()
    yield (
        TARGETS,
        Evidence(
            label=str(_("연도별 목표 달성률")),
            value=", ".join(f"{row['year']}: {'-' if row['rate'] is None else str(row['rate']) + '%'}" for row in rates)
            or "-",
            rule=str(_("(달성 + %(weight)s × 일부 달성) ÷ 판정된 목표 수 × 100, 판정 전 목표는 분모에서 뺌"))
            % {"weight": PARTLY_WEIGHT},
            as_of=targets.aggregate(day=Max("decided_on"))["day"],
            link=_tracker(context),
            link_label=str(_("공약 이행 현황")),
            rows=[
                (row["year"], f"{row['achieved']} / {row['partly']} / {row['not_achieved']} / {row['pending']}")
                for row in rates
            ],
        ),
    )
    lagging = lagging_summary(context["municipality"], min(context["on"], context["term"].end))
    yield (
        TARGETS,
        Evidence(
            label=str(_("부진공약")),
            value=str(_("%(lagging)d건 (임기 중 공약 %(in_office)d건 중, 대책 제출 %(measures)d건)"))
            % {"lagging": lagging["lagging"], "in_office": lagging["in_office"], "measures": lagging["with_measures"]},
            rule=" / ".join(lagging["rule"]),
            as_of=lagging["on"],
        ),
    )


def communication_evidence(context):
    """이행현황 kept public and current, and citizens' participation recorded on the cards."""
    pledges, on = context["pledges"], context["on"]
    cards = PledgeCard.objects.approved().filter(pledge__in=pledges)
    evaluations = SelfEvaluation.objects.approved().filter(pledge__in=pledges)
    since = on - datetime.timedelta(days=RECENT_DAYS)
    recent = pledges.filter(
        Q(cards__in=cards.filter(reviewed_at__date__gte=since))
        | Q(self_evaluations__in=evaluations.filter(reviewed_at__date__gte=since))
    )
    counted = pledges.aggregate(
        total=Count("pk", distinct=True), published=Count("pk", filter=Q(cards__in=cards), distinct=True)
    )
    yield (
        COMMUNICATION,
        Evidence(
            label=str(_("이행현황 공개")),
            value=str(
                _("공약 %(published)d / %(total)d건에 승인된 공약관리카드, 최근 %(days)d일 안에 갱신 %(recent)d건")
            )
            % {**counted, "days": RECENT_DAYS, "recent": recent.distinct().count()},
            rule=str(_("승인된 공약관리카드 또는 분기별 자체평가의 승인일 기준")),
            as_of=max(
                filter(None, (newest_day(cards, "reviewed_at"), newest_day(evaluations, "reviewed_at"))), default=None
            ),
            link=_tracker(context),
            link_label=str(_("공약 이행 현황")),
        ),
    )
    participation = dict(
        ParticipationCount.objects.filter(card__in=cards)
        .values_list("category")
        .annotate(total=Sum("count"))
        .values_list("category", "total")
    )
    yield (
        COMMUNICATION,
        Evidence(
            label=str(_("시민참여(소통) 실적")),
            value=str(_("%(count)s회")) % {"count": f"{sum(v or 0 for v in participation.values()):,}"},
            rule=str(_("승인된 공약관리카드의 시민참여 실적 합계 (빈칸은 세지 않음)")),
            as_of=newest_day(cards, "reviewed_at"),
            rows=[
                (str(category.label), "-" if participation.get(category) is None else participation[category])
                for category in ParticipationCategory
            ],
        ),
    )


def web_evidence(context):
    """What the portal itself offers: open data, downloads, feeds, and how its accessibility is checked."""
    slug = context["municipality"].slug
    yield (
        WEB,
        Evidence(
            label=str(_("공개 데이터(API)")),
            value=str(_("공약·카드·텍스트·목표·조정·자체평가·평가단 읽기 API, OpenAPI 명세와 CSV")),
            link=reverse("api:docs"),
            link_label=str(_("API 문서")),
        ),
    )
    yield (
        WEB,
        Evidence(
            label=str(_("변경 알림")),
            value=str(_("승인된 변경의 Atom 피드와 최근 변경 목록")),
            link=reverse("plans:updates", kwargs={"slug": slug}),
            link_label=str(_("최근 변경")),
        ),
    )
    yield (
        WEB,
        Evidence(
            label=str(_("접근성")),
            value=str(_("모든 공개 화면을 휴대전화·데스크톱 크기에서 axe-core로 WCAG 2.1 AA 검사 (자동 시험의 일부)")),
            rule=str(_("자동 검사가 찾지 못하는 문제는 이 검사로 알 수 없습니다.")),
        ),
    )


def agreement_evidence(context):
    """일치도: the three approved texts of each pledge compared field by field, summed over the term."""
    texts = PledgeText.objects.filter(pledge__in=context["pledges"]).for_comparison()
    by_pledge = {}
    for text in texts:
        by_pledge.setdefault(text.pledge_id, []).append(text)
    verdicts = {SAME: 0, CHANGED: 0, MISSING: 0}
    complete = 0
    for pledge_texts in by_pledge.values():
        comparison = compare_texts(pledge_texts)
        complete += not comparison.missing_kinds
        for row in comparison.rows:
            verdicts[row.verdict] += 1
    compared = sum(verdicts.values())
    yield (
        AGREEMENT,
        Evidence(
            label=str(_("세 텍스트 일치")),
            value=str(_("항목 %(same)d / %(compared)d개 일치 (변경 %(changed)d, 누락 %(missing)d)"))
            % {
                "same": verdicts[SAME],
                "compared": compared,
                "changed": verdicts[CHANGED],
                "missing": verdicts[MISSING],
            },
            rule=str(
                _("선거공보·실천계획·현재 텍스트가 모두 승인된 공약 %(complete)d건; 항목이 셋 모두 같을 때만 일치")
            )
            % {"complete": complete},
            as_of=newest_day(texts, "reviewed_at"),
            link=_tracker(context),
            link_label=str(_("공약별 비교는 각 공약 페이지")),
        ),
    )


def change_evidence(context):
    """조정 by procedure: 변경안 put to citizens, their comments published and answered, decisions published."""
    changes = PledgeChange.objects.public().filter(pledge__in=context["pledges"])
    counted = changes.aggregate(
        public=Count("pk"),
        decided=Count("pk", filter=~Q(result="")),
        approved=Count("pk", filter=Q(result=ChangeResult.APPROVED)),
    )
    comments = ChangeComment.objects.published().filter(change__in=changes)
    answered = comments.exclude(answer="").count()
    yield (
        COMMUNICATION,
        Evidence(
            label=str(_("공약 조정과 주민 의견")),
            value=str(
                _(
                    "변경안 %(public)d건 공개 (결정 %(decided)d, 가결 %(approved)d), 공개 의견 %(comments)d건 중 답변 %(answered)d건"
                )
            )
            % {**counted, "comments": comments.count(), "answered": answered},
            rule=str(_("총괄부서가 의견 수렴을 연 변경안; 의견은 검토 후 공개")),
            as_of=newest_day(changes, "reviewed_at", "decided_on", "published_at"),
            link=reverse("pledges:open_changes", kwargs={"slug": context["municipality"].slug}),
            link_label=str(_("의견 수렴 중인 변경안")),
        ),
    )


def panel_evidence(context):
    """Citizen panels: members, approved meetings and the city's responses to their opinions."""
    municipality = context["municipality"]
    summary = panel_summary(municipality)
    latest = summary["latest_meeting"]
    yield (
        COMMUNICATION,
        Evidence(
            label=str(_("시민 평가단")),
            value=str(
                _(
                    "평가단 %(panels)d개, 위원 %(members)d명, 승인된 회의 %(meetings_approved)d회, 의견 %(opinions)d건 중 시의 답변 %(responded)d건"
                )
            )
            % summary,
            rule=str(_("회의는 총괄부서가 승인한 것만, 답변은 내용과 답변일이 모두 있는 것만 셉니다.")),
            as_of=latest["date"] if latest else None,
            link=reverse("pledges:panels", kwargs={"slug": municipality.slug}),
            link_label=str(_("평가단과 회의록")),
        ),
    )


def rules_evidence(context):
    """The city's 공약 관리 규정, its newest version, cited as a document."""
    rules = ManagementRules.objects.filter(municipality=context["municipality"]).order_by("-enacted_on").first()
    yield (
        COMMUNICATION,
        Evidence(
            label=str(_("공약 관리 규정")),
            value=str(rules) if rules else str(_("등록된 규정 없음")),
            rule=rules.issuing_unit if rules else "",
            as_of=rules.enacted_on if rules else None,
            link=rules.get_absolute_url() if rules else "",
            link_label=str(_("규정 본문")) if rules else "",
        ),
    )


EVIDENCE_SOURCES = [
    completion_evidence,
    target_evidence,
    communication_evidence,
    change_evidence,
    panel_evidence,
    rules_evidence,
    web_evidence,
    agreement_evidence,
]
