"""Read API over the 관리 규정's procedures: public 변경안 with comments, approved self-evaluations, citizen panels.

What each list shows is what the public pages show: a change once opened for comments, a
comment once a moderator published it, a self-evaluation or a panel meeting once the
총괄부서 approved it, a panel member by name only with consent. Each list reads one page of
`values()` rows and its nested parts in one query per part, whatever the page's length.
"""

from collections import Counter

from django.utils.translation import gettext_lazy as _

from pledges.api import PLEDGE_COLUMNS, PledgeValuesViewSet
from pledges.filters import CitizenPanelFilter, PanelMeetingFilter, PledgeChangeFilter, SelfEvaluationFilter
from pledges.models import (
    ChangeComment,
    ChangeKind,
    ChangeReasonClass,
    ChangeResult,
    CitizenPanel,
    PanelKind,
    PanelMeeting,
    PanelMember,
    PanelOpinion,
    PledgeChange,
    SelfEvaluation,
    SelfEvaluationContribution,
    SelfGrade,
)
from pledges.procedure_serializers import (
    CitizenPanelRowSerializer,
    PanelMeetingRowSerializer,
    PledgeChangeRowSerializer,
    SelfEvaluationRowSerializer,
)
from portal.api import ValuesViewSet, grouped, local_datetime, url_pattern


class PledgeChangeViewSet(PledgeValuesViewSet):
    """공약 조정(변경안): proposals opened for citizens' comments, and decided ones, with the comments published.

    Drafts, submitted and returned proposals never appear; of the comments only those a
    moderator published, each with the department's answer.
    """

    csv_name = _("공약 조정")

    queryset = PledgeChange.objects.public()
    serializer_class = PledgeChangeRowSerializer
    filterset_class = PledgeChangeFilter
    ordering_fields = ["id", "submitted_at", "decided_on"]
    ordering = ["pledge__term__municipality__name", "pledge__code", "submitted_at", "id"]
    list_fields = (
        "id", *PLEDGE_COLUMNS, "kind", "reason_class", "reason", "original_title", "original_target",
        "proposed_title", "proposed_target", "proposed_content", "proposed_period", "proposed_cost",
        "merged_into_id", "state", "comment_start", "comment_end", "decision_body", "decided_on", "votes_for",
        "votes_against", "votes_abstain", "decision_summary", "result", "published_at",
    )  # fmt: skip

    def list_rows(self, rows):
        """Rows with the pledge named, labels, local times, the published comments and the page's address."""
        comments = ChangeComment.objects.published().filter(change_id__in=[row["id"] for row in rows])
        by_change = grouped(
            comments.order_by("submitted_at", "pk").values(
                "change_id", "name", "text", "submitted_at", "answer", "answered_at"
            ),
            "change_id",
        )
        labels = {
            "kind": dict(ChangeKind.choices),
            "reason_class": dict(ChangeReasonClass.choices),
            "state": dict(PledgeChange.State.choices),
            "result": {"": "", **dict(ChangeResult.choices)},
        }
        change_url = url_pattern("pledges:change", "slug", numbers=["pk"])
        for row in rows:
            self.pledge_refs(row)
            for name, choices in labels.items():
                row[f"{name}_label"] = choices[row[name]]
            row["merged_into"] = row.pop("merged_into_id")
            row["published_at"] = local_datetime(row["published_at"])
            row["comments"] = [
                {
                    **c,
                    "submitted_at": local_datetime(c["submitted_at"]),
                    "answered_at": local_datetime(c["answered_at"]),
                }
                for c in by_change.get(row["id"], [])
            ]
            row["url"] = change_url(slug=row["municipality"], pk=row["id"])
        return rows


class SelfEvaluationViewSet(PledgeValuesViewSet):
    """분기별 자체평가: the lead unit's quarterly self-evaluations the 총괄부서 approved, with the cooperating units' parts.

    A corrected evaluation appears as its approved correction only (`corrected_at` says when).
    """

    csv_name = _("분기별 자체평가")

    queryset = SelfEvaluation.objects.approved()
    serializer_class = SelfEvaluationRowSerializer
    filterset_class = SelfEvaluationFilter
    ordering_fields = ["id", "year"]
    ordering = ["pledge__term__municipality__name", "pledge__code", "-year", "-quarter", "id"]
    list_fields = (
        "id", *PLEDGE_COLUMNS, "year", "quarter", "summary", "grade", "progress", "problems", "measures",
        "completion_status", "completion_criterion", "completion_decided_on", "reviewed_at", "corrected_at",
    )  # fmt: skip

    def list_rows(self, rows):
        """Rows with the pledge named, the grade's label, local times and the cooperating units' parts."""
        parts = SelfEvaluationContribution.objects.filter(evaluation_id__in=[row["id"] for row in rows])
        by_evaluation = grouped(
            parts.order_by("unit__name", "pk").values("evaluation_id", "unit_id", "unit__name", "content", "problems"),
            "evaluation_id",
        )
        grades = dict(SelfGrade.choices)
        for row in rows:
            self.pledge_refs(row)
            row["grade_label"] = grades[row["grade"]]
            row["reviewed_at"] = local_datetime(row["reviewed_at"])
            row["corrected_at"] = local_datetime(row["corrected_at"])
            row["contributions"] = [
                {"unit": {"id": p.pop("unit_id"), "name": p.pop("unit__name")}, **p}
                for p in by_evaluation.get(row["id"], [])
            ]
        return rows


class PanelMeetingViewSet(ValuesViewSet):
    """평가단 회의: approved meetings of citizen panels with the pledges discussed, the opinions and the city's responses."""

    csv_name = _("평가단 회의")

    queryset = PanelMeeting.objects.approved()
    serializer_class = PanelMeetingRowSerializer
    filterset_class = PanelMeetingFilter
    ordering_fields = ["id", "held_on"]
    ordering = ["panel__municipality__name", "-held_on", "-id"]
    list_fields = (
        "id", "panel__municipality__slug", "panel_id", "panel__name", "panel__kind", "held_on", "agenda",
        "summary", "reviewed_at",
    )  # fmt: skip

    def list_rows(self, rows):
        """Rows with the panel as a reference, the pledges discussed, the opinions in order and the page's address."""
        ids = [row["id"] for row in rows]
        discussed = PanelMeeting.pledges.through.objects.filter(panelmeeting_id__in=ids)
        pledges = grouped(
            discussed.order_by("pledge__code", "pledge_id").values("panelmeeting_id", "pledge_id", "pledge__code"),
            "panelmeeting_id",
        )
        opinions = grouped(
            PanelOpinion.objects.filter(meeting_id__in=ids)
            .order_by("order", "pk")
            .values("meeting_id", "order", "opinion", "city_response", "responded_on"),
            "meeting_id",
        )
        meeting_url = url_pattern("pledges:panel_meeting", "slug", numbers=["pk"])
        for row in rows:
            row["municipality"] = row.pop("panel__municipality__slug")
            row["panel"] = {"id": row.pop("panel_id"), "name": row.pop("panel__name"), "kind": row.pop("panel__kind")}
            row["pledges"] = [{"id": p["pledge_id"], "code": p["pledge__code"]} for p in pledges.get(row["id"], [])]
            row["opinions"] = opinions.get(row["id"], [])
            row["reviewed_at"] = local_datetime(row["reviewed_at"])
            row["url"] = meeting_url(slug=row["municipality"], pk=row["id"])
        return rows


class CitizenPanelViewSet(ValuesViewSet):
    """시민 평가단: the cities' panels, members counted by category and named (name and category) only with consent."""

    csv_name = _("시민 평가단")

    queryset = CitizenPanel.objects.all()
    serializer_class = CitizenPanelRowSerializer
    filterset_class = CitizenPanelFilter
    ordering_fields = ["id", "founded_on"]
    ordering = ["municipality__name", "-founded_on", "id"]
    list_fields = ("id", "municipality__slug", "term_id", "kind", "name", "founded_on", "rules")

    def list_rows(self, rows):
        """Rows with the kind's label, the members counted per category and the consented ones by name, as the page lists them."""
        members = PanelMember.objects.filter(panel_id__in=[row["id"] for row in rows])
        by_panel = grouped(
            members.order_by("category", "name", "pk").values("panel_id", "category", "consent", "name"), "panel_id"
        )
        kinds = dict(PanelKind.choices)
        for row in rows:
            row["municipality"] = row.pop("municipality__slug")
            row["term"] = row.pop("term_id")
            row["kind_label"] = kinds[row["kind"]]
            listed = by_panel.get(row["id"], [])
            row["member_counts"] = dict(Counter(m["category"] for m in listed))
            row["members"] = [{"name": m["name"], "category": m["category"]} for m in listed if m["consent"]]
        return rows
