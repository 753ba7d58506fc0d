"""Read API over the mayor's pledges, their approved half-year cards and texts, and their decided yearly targets."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pledges.filters import PledgeCardFilter, PledgeFilter, PledgeTextFilter, YearlyTargetFilter
from pledges.models import (
    Pledge,
    PledgeCard,
    PledgeStatus,
    PledgeText,
    PledgeTextKind,
    TargetDecision,
    YearlyTarget,
    code_prefixes,
)
from pledges.serializers import (
    CardRowSerializer,
    CardSerializer,
    PledgeRowSerializer,
    PledgeSerializer,
    PledgeTextRowSerializer,
    YearlyTargetRowSerializer,
)
from portal.api import (
    PublicReadOnlyViewSet,
    ValuesListMixin,
    ValuesViewSet,
    grouped,
    local_datetime,
    unit_ref,
    url_pattern,
)

CARD_COLUMNS = ("id", "pledge_id", "label", "period_start", "period_end", "reviewed_at")


def card_links(rows):
    """Each card row with its approval time in local time and the API address of its contents."""
    card_url = url_pattern("api:pledge-card-detail", numbers=["pk"])
    for row in rows:
        row["reviewed_at"] = local_datetime(row["reviewed_at"])
        row["url"] = card_url(pk=row["id"])
    return rows


class PledgeViewSet(ValuesListMixin, PublicReadOnlyViewSet):
    """공약: pledges with status history and approved periods; drafts and returned cards never appear.

    The list names each approved card with a link to its contents (`/api/v1/pledge-cards/{id}/`);
    one pledge comes with everything its page shows.
    """

    csv_name = _("공약")

    queryset = Pledge.objects.for_public_page()
    serializer_class = PledgeRowSerializer
    detail_serializer_class = PledgeSerializer
    filterset_class = PledgeFilter
    ordering_fields = ["code", "status", "id"]
    ordering = ["term__municipality__name", "-term__start", "code", "id"]
    list_fields = (
        "id", "code", "title", "target", "status", "status_changed_on", "term__municipality__slug",
        "term_id", "term__name", "term__start", "term__end", "lead_unit_id", "lead_unit__name", "succeeds_id",
    )  # fmt: skip

    def list_rows(self, rows):
        """Rows with term and unit as references, labels, the pledge's address and its approved cards' links."""
        approved = PledgeCard.objects.approved().filter(pledge_id__in=[row["id"] for row in rows])
        cards = grouped(card_links(list(approved.order_by("period_start", "id").values(*CARD_COLUMNS))), "pledge_id")
        successors = {}
        for earlier, later in Pledge.objects.filter(succeeds_id__in=[row["id"] for row in rows]).values_list(
            "succeeds_id", "id"
        ):
            successors.setdefault(earlier, []).append(later)
        labels = dict(PledgeStatus.choices)
        pledge_url = url_pattern("pledges:pledge", "slug", "code", numbers=["term"])
        for row in rows:
            slug = row.pop("term__municipality__slug")
            row["municipality"] = slug
            row["term"] = {
                "id": row.pop("term_id"),
                **{name: row.pop(f"term__{name}") for name in ("name", "start", "end")},
            }
            row["lead_unit"] = unit_ref(row, "lead_unit")
            row["category_codes"] = code_prefixes(row["code"])
            row["status_label"] = labels[row["status"]]
            row["succeeds"] = row.pop("succeeds_id")
            row["succeeded_by"] = sorted(successors.get(row["id"], []))
            row["periods"] = cards.get(row["id"], [])
            row["url"] = pledge_url(slug=slug, term=row["term"]["id"], code=row["code"])
        return rows


class PledgeCardViewSet(ValuesListMixin, PublicReadOnlyViewSet):
    """공약관리카드: approved half-year cards; one card with its entries, events, outcomes, evidence and participation."""

    serializer_class = CardRowSerializer
    detail_serializer_class = CardSerializer
    filterset_class = PledgeCardFilter
    ordering_fields = ["period_start", "id"]
    ordering = ["pledge_id", "period_start", "id"]
    list_fields = CARD_COLUMNS

    def get_queryset(self):
        """Approved cards only; one card comes with its contents."""
        cards = PledgeCard.objects.approved()
        return cards.with_contents() if self.action == "retrieve" else cards

    def list_rows(self, rows):
        """Rows with the pledge id and the card's own address."""
        for row in rows:
            row["pledge"] = row.pop("pledge_id")
        return card_links(rows)


class PledgeValuesViewSet(ValuesViewSet):
    """A list of a pledge's approved records read as `values()` rows; one record is the same row."""

    @staticmethod
    def pledge_refs(row):
        """The pledge, its code, municipality and term named as the answer names them."""
        row["pledge"] = row.pop("pledge_id")
        row["pledge_code"] = row.pop("pledge__code")
        row["municipality"] = row.pop("pledge__term__municipality__slug")
        row["term"] = row.pop("pledge__term_id")


PLEDGE_COLUMNS = ("pledge_id", "pledge__code", "pledge__term__municipality__slug", "pledge__term_id")


class PledgeTextViewSet(PledgeValuesViewSet):
    """공약 원문·실천계획: the approved texts of pledges (선거공보·공약서, 실천계획, 현재 추진 내용).

    Only what the 총괄부서 approved appears: drafts, submitted and returned texts never, and of
    a corrected text only the approved correction (`corrected_at` says when it replaced the
    earlier version). Filter by `pledge` for the three texts of one pledge.
    """

    csv_name = _("공약 원문·실천계획")

    queryset = PledgeText.objects.approved()
    serializer_class = PledgeTextRowSerializer
    filterset_class = PledgeTextFilter
    ordering_fields = ["id", "kind"]
    ordering = ["pledge__term__municipality__name", "pledge__code", "kind", "id"]
    list_fields = (
        "id", *PLEDGE_COLUMNS, "kind", "source", "goal", "content", "period_start", "period_end",
        "period_text", "total_cost", *PledgeText.FUNDING_FIELDS, "funding_note", "lead_unit_id", "lead_unit__name",
        "yearly_plan", "reviewed_at", "corrected_at",
    )  # fmt: skip

    def list_rows(self, rows):
        """Rows with the pledge named, the units as references (one query for the cooperating ones), labels."""
        helpers = {}
        through = PledgeText.cooperating_units.through.objects.filter(pledgetext_id__in=[row["id"] for row in rows])
        for link in through.order_by("orgunit__name", "orgunit_id").values(
            "pledgetext_id", "orgunit_id", "orgunit__name"
        ):
            helpers.setdefault(link["pledgetext_id"], []).append(
                {"id": link["orgunit_id"], "name": link["orgunit__name"]}
            )
        kinds = dict(PledgeTextKind.choices)
        for row in rows:
            self.pledge_refs(row)
            row["kind_label"] = kinds[row["kind"]]
            row["lead_unit"] = unit_ref(row, "lead_unit")
            row["cooperating_units"] = helpers.get(row["id"], [])
            row["reviewed_at"] = local_datetime(row["reviewed_at"])
            row["corrected_at"] = local_datetime(row["corrected_at"])
        return rows


TARGET_VALUE = serializers.DecimalField(max_digits=18, decimal_places=2)


class YearlyTargetViewSet(PledgeValuesViewSet):
    """연차별 목표: the yearly targets of pledges that the year-end review has decided, with the evidence.

    A target waiting for its year-end decision is not listed, as on the public page; the rate
    per year is 달성률 = (달성 + 0.5 × 일부 달성) ÷ 판정된 목표 수 × 100.
    """

    csv_name = _("연차별 목표")

    queryset = YearlyTarget.objects.decided()
    serializer_class = YearlyTargetRowSerializer
    filterset_class = YearlyTargetFilter
    ordering_fields = ["id", "year"]
    ordering = ["pledge__term__municipality__name", "pledge__code", "year", "id"]
    list_fields = (
        "id", *PLEDGE_COLUMNS, "year", "target", "target_value", "target_unit", "plan", "decision",
        "evidence", "decided_on",
    )  # fmt: skip

    def list_rows(self, rows):
        """Rows with the pledge named, the decision's label and the value as the serializers write decimals."""
        decisions = dict(TargetDecision.choices)
        for row in rows:
            self.pledge_refs(row)
            row["decision_label"] = decisions[row["decision"]]
            value = row["target_value"]
            row["target_value"] = None if value is None else TARGET_VALUE.to_representation(value)
        return rows
