"""Read API over performance indicators and the evaluation calendar."""

from django.utils.translation import gettext_lazy as _

from kpis.filters import IndicatorFilter, MilestoneFilter
from kpis.models import EvaluationMilestone, Indicator, months_label
from kpis.serializers import IndicatorSerializer, MilestoneRowSerializer, MilestoneSerializer
from portal.api import PublicReadOnlyViewSet, ValuesListMixin, unit_ref


class IndicatorViewSet(PublicReadOnlyViewSet):
    """성과지표: indicators with their targets, measurements and achievement rate by period.

    The list keeps the model serializer: each row nests its series, which `values()` rows cannot carry.
    """

    csv_name = _("성과지표")

    queryset = Indicator.objects.published().with_series()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    ordering_fields = ["name", "order", "id"]
    ordering = ["municipality__name", "source_document", "order", "id"]


class MilestoneViewSet(ValuesListMixin, PublicReadOnlyViewSet):
    """성과관리 일정: the evaluation calendar."""

    csv_name = _("성과관리 일정")

    queryset = EvaluationMilestone.objects.published()
    serializer_class = MilestoneRowSerializer
    detail_serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
    ordering_fields = ["start", "year", "id"]
    ordering = ["municipality__name", "start", "order", "id"]
    list_fields = (
        "id", "municipality__slug", "plan_id", "year", "track", "title", "start", "end", "recurrence",
        "responsible_unit_id", "responsible_unit__name", "note",
    )  # fmt: skip

    def list_rows(self, rows):
        """Rows named as the detail names them, with labels and the unit as a reference."""
        tracks = dict(EvaluationMilestone.Track.choices)
        for row in rows:
            row["municipality"] = row.pop("municipality__slug")
            row["plan"] = row.pop("plan_id")
            row["track_label"] = tracks[row["track"]]
            row["months_label"] = months_label(row["start"], row["end"], row["recurrence"])
            row["responsible_unit"] = unit_ref(row, "responsible_unit")
        return rows
