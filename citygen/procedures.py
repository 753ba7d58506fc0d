"""The generated city's 관리 규정, its citizen panel with members and meetings, and 변경안 with citizens' comments.

The panel is founded when the term starts and meets every quarter up to the generation day;
the latest meeting is still a draft, and one opinion in four waits for the city's response.
A few pledges have a 변경안: one in three is open for comments over the generation day,
one in three was rejected by the panel's vote, and the rest are still with the 총괄부서
(submitted, not public). Comments are published and answered, waiting, or kept hidden.
"""

import datetime

from citygen import vocabulary as words
from citygen.city import AS_OF, at_seoul, bulk
from pledges.models import (
    ChangeComment,
    CitizenPanel,
    ManagementRules,
    MemberCategory,
    PanelKind,
    PanelMeeting,
    PanelMember,
    PanelOpinion,
    PledgeChange,
)
from portal.corrections import ReviewState

MEMBERS_PER_SCALE = 0.3
CHANGES_PER_SCALE = 0.06
COMMENTS_PER_CHANGE = 6
FIRST_MEETING = datetime.date(2022, 10, 20)


def delete_rows(municipality):
    """Delete the rules, panels and change proposals of `municipality`, children first, without loading them."""
    changes = PledgeChange.objects.filter(pledge__term__municipality=municipality)
    meetings = PanelMeeting.objects.filter(panel__municipality=municipality)
    for queryset in (
        ChangeComment.objects.filter(change__in=changes),
        changes,
        PanelOpinion.objects.filter(meeting__in=meetings),
        PanelMeeting.pledges.through.objects.filter(panelmeeting__in=meetings),
        meetings,
        PanelMember.objects.filter(panel__municipality=municipality),
        CitizenPanel.objects.filter(municipality=municipality),
        ManagementRules.objects.filter(municipality=municipality),
    ):
        queryset._raw_delete(queryset.db)


def generate_procedures(city):
    """The rules, the panel and the change proposals."""
    generate_rules(city)
    generate_panel(city)
    generate_changes(city)


def generate_rules(city):
    """The city's 공약사항 관리 규정, enacted when the term began."""
    name = city.municipality.name
    bulk(
        ManagementRules,
        [
            ManagementRules(
                municipality=city.municipality,
                title=f"{name} 공약사항 관리 규정",
                kind="훈령",
                enacted_on=datetime.date(2022, 9, 1),
                issuing_unit=city.coordinating.name,
                body=(
                    "제1조(목적) 이 규정은 시장 공약사항의 체계적 추진과 관리에 필요한 사항을 정한다.\n"
                    "제2조(자체평가) 주관부서는 분기마다 자체평가를 작성하여 총괄부서에 제출한다.\n"
                    "제3조(조정) 공약의 변경·폐기는 주민 의견 수렴과 평가단 심의를 거쳐 결정한다."
                ),
            )
        ],
    )


def _meeting_days():
    day = FIRST_MEETING
    while day <= AS_OF:
        yield day
        month = day.month + 3
        day = day.replace(year=day.year + (month > 12), month=(month - 1) % 12 + 1)


def generate_panel(city):
    """The 공약이행평가단 with members by category (most consented) and a meeting every quarter of the term."""
    rng = city.rng("panel")
    coordinator = city.managers[city.divisions[0].pk]
    panel = bulk(
        CitizenPanel,
        [
            CitizenPanel(
                municipality=city.municipality,
                term=city.term,
                kind=PanelKind.EVALUATION,
                name=f"{city.municipality.name} 공약이행평가단",
                founded_on=datetime.date(2022, 9, 15),
                rules="위원 임기 2년, 분기마다 정기회의",
            )
        ],
    )[0]
    members = []
    for _index in range(city.count(MEMBERS_PER_SCALE, minimum=12)):
        consent = rng.random() < 0.8
        members.append(
            PanelMember(
                panel=panel,
                name=f"{rng.choice(words.SURNAMES)}{rng.choice(words.GIVEN)}",
                category=rng.choice(list(MemberCategory)),
                consent=consent,
                consented_on=datetime.date(2022, 9, 15) if consent else None,
            )
        )
    bulk(PanelMember, members)
    days = list(_meeting_days())
    meetings = bulk(
        PanelMeeting,
        [
            PanelMeeting(
                panel=panel,
                held_on=day,
                agenda=f"{day.year}년 {(day.month - 1) // 3 + 1}분기 공약 추진상황 점검",
                summary="주요 공약의 추진상황을 보고받고 의견을 냄",
                state=ReviewState.DRAFT if number == len(days) - 1 else ReviewState.APPROVED,
                submitted_at=None if number == len(days) - 1 else at_seoul(day + datetime.timedelta(days=3)),
                reviewed_by=None if number == len(days) - 1 else coordinator,
                reviewed_at=None if number == len(days) - 1 else at_seoul(day + datetime.timedelta(days=5)),
            )
            for number, day in enumerate(days)
        ],
    )
    bulk(
        PanelMeeting.pledges.through,
        [
            PanelMeeting.pledges.through(panelmeeting_id=meeting.pk, pledge_id=pledge.pk)
            for meeting in meetings
            for pledge in rng.sample(city.pledges, min(3, len(city.pledges)))
        ],
    )
    opinions = []
    for meeting in meetings:
        for order in range(1, rng.randint(2, 3) + 1):
            answered = rng.random() < 0.75
            opinions.append(
                PanelOpinion(
                    meeting=meeting,
                    order=order,
                    opinion=f"{meeting.agenda} 의견 {order}",
                    city_response="다음 분기 추진계획에 반영" if answered else "",
                    responded_on=meeting.held_on + datetime.timedelta(days=14) if answered else None,
                )
            )
    bulk(PanelOpinion, opinions)


def generate_changes(city):
    """변경안 of a few pledges (open, rejected or still submitted) with citizens' comments on the public ones."""
    rng = city.rng("changes")
    coordinator = city.managers[city.divisions[0].pk]
    count = min(len(city.pledges), city.count(CHANGES_PER_SCALE))
    changes = []
    for number, pledge in enumerate(rng.sample(city.pledges, count)):
        state = (PledgeChange.State.OPEN, PledgeChange.State.REJECTED, PledgeChange.State.SUBMITTED)[number % 3]
        filed = AS_OF - datetime.timedelta(days=rng.randint(40, 200) if state == PledgeChange.State.REJECTED else 10)
        opened = state != PledgeChange.State.SUBMITTED
        rejected = state == PledgeChange.State.REJECTED
        changes.append(
            PledgeChange(
                pledge=pledge,
                kind="change",
                reason_class=rng.choice(["law", "consensus", "conditions", "finance"]),
                reason="추진 여건이 바뀌어 사업 방식 조정이 필요합니다.",
                original_title=pledge.title,
                original_target=pledge.target,
                proposed_title=f"{pledge.title} (조정안)",
                proposed_target=f"{pledge.target} 단계적 추진",
                proposed_content="사업 범위와 방식을 조정",
                proposed_period="2025~2026",
                state=state,
                submitted_at=at_seoul(filed),
                reviewed_by=coordinator if opened else None,
                reviewed_at=at_seoul(filed + datetime.timedelta(days=3)) if opened else None,
                comment_start=filed + datetime.timedelta(days=4) if opened else None,
                comment_end=filed + datetime.timedelta(days=4 + (14 if rejected else 40)) if opened else None,
                decision_body="공약이행 시민평가단" if rejected else "",
                decided_on=filed + datetime.timedelta(days=25) if rejected else None,  # after the 14-day period
                votes_for=3 if rejected else None,
                votes_against=9 if rejected else None,
                votes_abstain=1 if rejected else None,
                result="rejected" if rejected else "",
                decision_recorded_by=coordinator if rejected else None,
            )
        )
    changes = bulk(PledgeChange, changes)
    comments = []
    for change in changes:
        if change.state == PledgeChange.State.SUBMITTED:
            continue
        for number in range(rng.randint(0, COMMENTS_PER_CHANGE)):
            state = rng.choice(list(ChangeComment.State))
            posted = change.comment_start + datetime.timedelta(days=number)
            answered = state == ChangeComment.State.PUBLISHED and rng.random() < 0.7
            comments.append(
                ChangeComment(
                    change=change,
                    name=rng.choice(["", "주민", "시민"]),
                    text=f"{change.proposed_title}에 대한 의견 {number + 1}",
                    state=state,
                    submitted_at=at_seoul(posted),
                    moderated_by=None if state == ChangeComment.State.PENDING else coordinator,
                    moderated_at=None if state == ChangeComment.State.PENDING else at_seoul(posted, hour=15),
                    answer="검토하여 반영 여부를 알려 드리겠습니다." if answered else "",
                    answered_by=city.managers[change.pledge.lead_unit_id] if answered else None,
                    answered_at=at_seoul(posted + datetime.timedelta(days=2)) if answered else None,
                )
            )
    bulk(ChangeComment, comments)
