"""Read API over the mayor's pledges and their approved half-year cards."""

from django.utils.translation import gettext_lazy as _

from pledges.filters import PledgeCardFilter, PledgeFilter
from pledges.models import Pledge, PledgeCard, PledgeStatus, code_prefixes
from pledges.serializers import CardRowSerializer, CardSerializer, PledgeRowSerializer, PledgeSerializer
from portal.api import PublicReadOnlyViewSet, ValuesListMixin, local_datetime, unit_ref, url_pattern

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
        "term_id", "term__name", "term__start", "term__end", "lead_unit_id", "lead_unit__name",
    )  # fmt: skip

    def list_rows(self, rows):
        """Rows with term and unit as references, labels, the pledge's address and its approved cards' links."""
        cards = {}
        approved = PledgeCard.objects.approved().filter(pledge_id__in=[row["id"] for row in rows])
        for card in card_links(list(approved.order_by("period_start", "id").values(*CARD_COLUMNS))):
            cards.setdefault(card.pop("pledge_id"), []).append(card)
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
