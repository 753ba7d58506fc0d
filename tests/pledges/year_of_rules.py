"""A coordinating office and its units running one year of the 공약 관리 규정, through the services and pages staff use.

Every step happens on its day (time-machine at 10:00 Seoul time) by the person the rules
name: the lead unit writes and submits each quarter's self-evaluation before its deadline
(one unit files late), the 총괄부서 returns some and approves the rest, lagging pledges get
their cause and measures before the half-year 보고회, a 변경안 goes through citizens'
comments to a committee's vote, the citizen panel meets twice, and in December every
yearly target is decided. The daily reminder job runs on the days the checks need.
"""

import datetime
from dataclasses import dataclass, field

import time_machine
from django.test import Client
from django.urls import reverse

from kpis.services import reminders_send
from plans.models import Municipality, User
from pledges.changes import change_decide, change_open_comments, change_save, change_submit
from pledges.comments import comment_answer, comment_moderate
from pledges.lagging import lagging_pledges
from pledges.lagging_services import lagging_measure_save, lagging_review_save
from pledges.models import (
    ChangeComment,
    CitizenPanel,
    LaggingMeasure,
    LaggingReview,
    PanelMeeting,
    PanelMember,
    PanelOpinion,
    Pledge,
    PledgeChange,
    PledgeStatus,
    SelfEvaluation,
    SelfGrade,
    YearlyTarget,
)
from pledges.panel_services import panel_meeting_approve, panel_meeting_save, panel_meeting_submit, panel_record_save
from pledges.plan_services import yearly_target_decide
from pledges.self_evaluation import (
    self_evaluation_approve,
    self_evaluation_decide_completion,
    self_evaluation_return,
    self_evaluation_save,
    self_evaluation_submit,
)
from portal import roles
from portal.models import OutboxMessage
from portal.periods import quarter

YEAR = 2025
SEOUL = datetime.timezone(datetime.timedelta(hours=9))
RETURN_EVERY = 40  # one evaluation in forty goes back to its unit once
COMPLETED_IN_Q4 = 5
COMMENTS = [
    ("주민1", "산업단지보다 지식산업센터가 현실적입니다."),
    ("", '<script>alert("x")</script>부지 대안을 더 알려 주세요.'),
    ("광고", "광고 글입니다"),  # the moderator keeps this one hidden
]
MEMBERS = [
    ("김시민", "citizen", True), ("이시민", "citizen", True), ("박시민", "citizen", False), ("최전문", "expert", True),
    ("정전문", "expert", False), ("강청년", "youth", True), ("조청년", "youth", True), ("윤단체", "civic", True),
    ("장단체", "civic", False), ("임기타", "other", True), ("한시민", "citizen", True), ("오전문", "expert", True),
]  # fmt: skip


def on(day, hour=10):
    """Travel to `day` at `hour` o'clock in Seoul for the steps of that day."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), SEOUL), tick=False)


@dataclass
class YearOfRules:
    """The city, its people, and what the year left: the late pledges, returns, lagging, the change, the panel."""

    municipality: Municipality
    pledges: list
    coordinator: User
    writers: dict  # unit id -> the member of the unit who writes its records
    late_unit_id: int
    reminded: dict = field(default_factory=dict)  # day -> {(obligation key, recipient id, escalation)}
    returned: list = field(default_factory=list)
    lagging: list = field(default_factory=list)
    completed: list = field(default_factory=list)
    change: PledgeChange | None = None
    panel: CitizenPanel | None = None
    decisions: dict = field(default_factory=dict)

    @classmethod
    def of(cls, municipality):
        """The generated city's pledges, its 총괄부서 and one writer per lead unit; the unit with most pledges files late."""
        pledges = list(Pledge.objects.filter(term__municipality=municipality).select_related("term").order_by("code"))
        coordinator = User.objects.filter(
            unit__municipality=municipality, groups__name=roles.COORDINATOR, is_active=True
        ).first()
        writers = {}
        for pledge in pledges:
            if pledge.lead_unit_id not in writers:
                members = User.objects.filter(unit_id=pledge.lead_unit_id, is_active=True).exclude(
                    groups__name=roles.COORDINATOR
                )
                writers[pledge.lead_unit_id] = members.filter(groups__name=roles.STAFF).first() or members.first()
        counts = {}
        for pledge in pledges:
            counts[pledge.lead_unit_id] = counts.get(pledge.lead_unit_id, 0) + 1
        late_unit_id = max(counts, key=lambda unit_id: (counts[unit_id], -unit_id))
        return cls(municipality, pledges, coordinator, writers, late_unit_id)

    def writer(self, pledge):
        return self.writers[pledge.lead_unit_id]

    # -- the daily job -------------------------------------------------------------------
    def remind(self, day):
        """Run the daily reminder job on `day` and keep what it said about this city's obligations."""
        with on(day, hour=9):
            reminders_send(day=day)
        prefix = f":{day.isoformat()}"
        said = set()
        for message in OutboxMessage.objects.filter(kind="reminder", key__endswith=prefix):
            for item in message.items:
                if item["kind"] != "milestone":
                    said.add((item["obligation"], message.recipient_id, item["escalation"]))
        self.reminded[day] = said
        return said

    # -- the quarterly self-evaluation ---------------------------------------------------
    def quarter_filed(self, number, *, late=False):
        """Each lead unit writes and submits its pledges' evaluation of quarter `number` (only the late unit, or all others)."""
        period = quarter(YEAR, number)
        day = period.deadline + datetime.timedelta(days=8 if late else -2)
        filed = []
        with on(day):
            for position, pledge in enumerate(self.pledges):
                if (pledge.lead_unit_id == self.late_unit_id) != late:
                    continue
                grade, progress = self._grade(position, number)
                evaluation = self_evaluation_save(
                    user=self.writer(pledge),
                    evaluation=SelfEvaluation(),
                    values={
                        "pledge": pledge,
                        "year": YEAR,
                        "quarter": number,
                        "summary": f"{YEAR}년 {number}분기 {pledge.title} 추진",
                        "grade": grade,
                        "progress": progress,
                        "problems": "" if grade == SelfGrade.NORMAL else "사업비 확보 지연",
                        "measures": "" if grade == SelfGrade.NORMAL else "추경 반영 추진",
                    },
                )
                filed.append(self_evaluation_submit(user=self.writer(pledge), evaluation=evaluation))
        return day, filed

    @staticmethod
    def _grade(position, number):
        """Every seventh pledge reports 부진 from the second quarter on, every fifth 지연; the rest reach 100% in Q4."""
        if position % 7 == 3 and number >= 2:
            return SelfGrade.LAGGING, 20 + number * 5
        if position % 5 == 1:
            return SelfGrade.DELAYED, 40 + number * 10
        return SelfGrade.NORMAL, 60 + number * 10

    def quarter_reviewed(self, day, filed, number):
        """The 총괄부서 returns one in `RETURN_EVERY` (the unit corrects and resubmits), decides 완료 in Q4, approves all."""
        with on(day):
            for position, evaluation in enumerate(filed):
                if position % RETURN_EVERY == 0:
                    self_evaluation_return(
                        user=self.coordinator, evaluation=evaluation, reason="추진률 근거를 보완하세요."
                    )
                    writer = self.writer(evaluation.pledge)
                    evaluation = self_evaluation_save(
                        user=writer, evaluation=evaluation, values={"summary": evaluation.summary + " (근거 보완)"}
                    )
                    evaluation = self_evaluation_submit(user=writer, evaluation=evaluation)
                    self.returned.append(evaluation.pk)
                if self._completes(number, evaluation):
                    self_evaluation_decide_completion(
                        user=self.coordinator,
                        evaluation=evaluation,
                        status=PledgeStatus.COMPLETED,
                        criterion="실천계획의 최종 목표 달성(준공·개소)",
                    )
                    self.completed.append(evaluation.pledge_id)
                self_evaluation_approve(user=self.coordinator, evaluation=evaluation)

    def _completes(self, number, evaluation):
        """The first five 정상추진 pledges at 100% in the fourth quarter are declared 완료."""
        return (
            number == 4
            and len(self.completed) < COMPLETED_IN_Q4
            and evaluation.progress == 100
            and evaluation.pledge.status == PledgeStatus.ON_TRACK
        )

    def run_quarter(self, number):
        """D-7 reminders, filing on D-2 and review, D+7 reminders (only the late unit's), late filing, D+15 reminders."""
        deadline = quarter(YEAR, number).deadline
        self.remind(deadline - datetime.timedelta(days=7))
        day, filed = self.quarter_filed(number)
        self.quarter_reviewed(day + datetime.timedelta(days=1), filed, number)
        if number == 2:
            self.half_year_review()
        self.remind(deadline + datetime.timedelta(days=7))
        day, filed = self.quarter_filed(number, late=True)
        self.quarter_reviewed(day + datetime.timedelta(days=1), filed, number)
        self.remind(deadline + datetime.timedelta(days=15))

    # -- 부진공약 and the half-year 보고회 ---------------------------------------------------
    def half_year_review(self):
        """Cause and measures of each pledge the rule finds lagging on 30 June, then the 보고회 on 20 July."""
        end = datetime.date(YEAR, 6, 30)
        with on(datetime.date(YEAR, 7, 9)):
            self.lagging = [row.pledge for row in lagging_pledges(self.municipality, end)]
            for pledge in self.lagging[1:]:
                self._measure(pledge)
        with on(datetime.date(YEAR, 7, 20)):
            lagging_review_save(
                user=self.coordinator,
                review=LaggingReview(),
                values={
                    "municipality": self.municipality,
                    "held_on": datetime.date(YEAR, 7, 20),
                    "year": YEAR,
                    "half": 1,
                    "title": f"{YEAR}년 상반기 공약 추진상황 보고회",
                    "decisions": "부진공약 대책 이행 상황을 분기마다 점검",
                },
                pledges=self.lagging,
            )

    def _measure(self, pledge):
        lagging_measure_save(
            user=self.writer(pledge),
            measure=LaggingMeasure(),
            values={"pledge": pledge, "year": YEAR, "half": 1, "cause": "보상 협의 지연", "measures": "협의체 구성"},
        )

    def late_measure(self):
        """The first lagging pledge's unit writes its measures only in August: reminded, then escalated, before."""
        deadline = datetime.date(YEAR, 7, 15)
        self.remind(deadline + datetime.timedelta(days=7))
        self.remind(deadline + datetime.timedelta(days=15))
        with on(datetime.date(YEAR, 8, 5)):
            self._measure(self.lagging[0])

    # -- 조정 with citizens ---------------------------------------------------------------
    def change_with_citizens(self, pledge):
        """변경안 filed in August, opened for two weeks, commented on the public page, moderated, answered, voted."""
        writer = self.writer(pledge)
        with on(datetime.date(YEAR, 8, 1)):
            change = change_save(
                user=writer,
                change=PledgeChange(),
                values={
                    "pledge": pledge,
                    "kind": "change",
                    "reason_class": "conditions",
                    "reason": "부지 여건 변화로 원안 추진이 어렵습니다.",
                    "proposed_title": f"{pledge.title} (지식산업센터 방식)",
                    "proposed_target": "기업 20개 입주",
                    "proposed_content": "산업단지 대신 지식산업센터 조성",
                    "proposed_period": "2025~2026",
                    "proposed_cost": 30_000_000_000,
                },
            )
            change = change_submit(user=writer, change=change)
        with on(datetime.date(YEAR, 8, 4)):
            change = change_open_comments(
                user=self.coordinator,
                change=change,
                comment_start=datetime.date(YEAR, 8, 5),
                comment_end=datetime.date(YEAR, 8, 18),
            )
        url = reverse("pledges:change", kwargs={"slug": self.municipality.slug, "pk": change.pk})
        with on(datetime.date(YEAR, 8, 6)):
            for number, (name, text) in enumerate(COMMENTS):
                citizen = Client(REMOTE_ADDR=f"198.51.100.{number + 1}")
                response = citizen.post(url, {"name": name, "text": text, "website": ""})
                assert response.status_code in (200, 302), response.content[:500]
        comments = list(ChangeComment.objects.filter(change=change).order_by("pk"))
        with on(datetime.date(YEAR, 8, 19)):
            for comment in comments:
                comment_moderate(user=self.coordinator, comment=comment, publish=comment.name != "광고")
            for comment in comments:
                if comment.name != "광고":
                    comment_answer(user=writer, comment=comment, answer="검토하여 실시설계에 반영하겠습니다.")
        with on(datetime.date(YEAR, 8, 25)):
            self.change = change_decide(
                user=self.coordinator,
                change=change,
                result="approved",
                values={
                    "decision_body": "공약이행 시민평가단",
                    "decided_on": datetime.date(YEAR, 8, 25),
                    "votes_for": 9,
                    "votes_against": 2,
                    "votes_abstain": 1,
                },
            )
        return url

    # -- the citizen panel ----------------------------------------------------------------
    def panel_year(self, discussed):
        """The 공약이행평가단 founded in February with twelve members; meetings in May and November, approved."""
        with on(datetime.date(YEAR, 2, 3)):
            self.panel = panel_record_save(
                user=self.coordinator,
                record=CitizenPanel(),
                values={
                    "municipality": self.municipality,
                    "term": self.pledges[0].term,
                    "kind": "evaluation",
                    "name": f"{self.municipality.name} 공약이행평가단",
                    "founded_on": datetime.date(YEAR, 2, 3),
                },
            )
            for name, category, consent in MEMBERS:
                panel_record_save(
                    user=self.coordinator,
                    record=PanelMember(),
                    values={
                        "panel": self.panel,
                        "name": name,
                        "category": category,
                        "consent": consent,
                        "consented_on": datetime.date(YEAR, 2, 3) if consent else None,
                    },
                )
        for held_on, agenda, pledges, opinions in [
            (datetime.date(YEAR, 5, 20), "상반기 공약 추진상황 점검", discussed[:3], 2),
            (datetime.date(YEAR, 11, 18), "공약 조정 결과와 하반기 점검", discussed, 3),
        ]:
            with on(held_on):
                meeting = panel_meeting_save(
                    user=self.coordinator,
                    meeting=PanelMeeting(),
                    values={"panel": self.panel, "held_on": held_on, "agenda": agenda, "summary": f"{agenda} 결과"},
                    pledges=pledges,
                )
                for order in range(1, opinions + 1):
                    panel_record_save(
                        user=self.coordinator,
                        record=PanelOpinion(),
                        values={
                            "meeting": meeting,
                            "order": order,
                            "opinion": f"{agenda} 의견 {order}",
                            "city_response": f"의견 {order}을 다음 분기 계획에 반영",
                            "responded_on": held_on + datetime.timedelta(days=10),
                        },
                    )
                panel_meeting_submit(user=self.coordinator, meeting=meeting)
                panel_meeting_approve(user=self.coordinator, meeting=meeting)

    # -- the year-end target review -------------------------------------------------------
    def year_end_review(self):
        """On 22 December the 총괄부서 decides each of the year's targets from the Q4 self-evaluation's progress."""
        progress = dict(
            SelfEvaluation.objects.approved()
            .filter(pledge__in=self.pledges, year=YEAR, quarter=4)
            .values_list("pledge_id", "progress")
        )
        with on(datetime.date(YEAR, 12, 22)):
            for target in YearlyTarget.objects.filter(pledge__in=self.pledges, year=YEAR).order_by("pk"):
                value = progress.get(target.pledge_id) or 0
                decision = "achieved" if value >= 80 else "partly" if value >= 40 else "not_achieved"
                yearly_target_decide(
                    user=self.coordinator,
                    target=target,
                    decision=decision,
                    evidence=f"{YEAR}년 4분기 자체평가 추진률 {value}%",
                )
                self.decisions[target.pk] = decision
