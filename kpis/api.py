"""Read API over performance indicators and the evaluation calendar."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kpis.filters import IndicatorFilter, MilestoneFilter
from kpis.models import EvaluationMilestone, Indicator, Measurement, Target, months_label, series_rows
from kpis.serializers import (
    PERIOD_FIELDS,
    IndicatorRowSerializer,
    IndicatorSerializer,
    MilestoneRowSerializer,
    MilestoneSerializer,
)
from portal.api import PublicReadOnlyViewSet, ValuesListMixin, unit_ref, url_pattern


class IndicatorViewSet(ValuesListMixin, PublicReadOnlyViewSet):
    """성과지표: indicators with their targets, measurements and achievement rate by period.

    The list reads `values()` rows: the page's indicators, then the targets and approved
    measurements of just those, paired by period as the detail pairs them (`series_rows`).
    """

    csv_name = _("성과지표")

    queryset = Indicator.objects.published()
    serializer_class = IndicatorRowSerializer
    detail_serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    ordering_fields = ["name", "order", "id"]
    ordering = ["municipality__name", "source_document", "order", "id"]
    list_fields = (
        "id", "key", "municipality__slug", "source_document", "group", "name", "unit", "direction", "kind",
        "plan_id", "strategy_id", "task_id", "pledge_id", "responsible_unit_id", "responsible_unit__name",
        "subtotal", "subtotal_text",
    )  # fmt: skip

    def get_queryset(self):
        """The detail prefetches its series; the list reads its own rows."""
        queryset = super().get_queryset()
        return queryset.with_series() if self.action == "retrieve" else queryset

    def list_rows(self, rows):
        """Rows named and formatted as the detail names and formats them."""
        ids = [row["id"] for row in rows]
        targets = _by_indicator(Target, Target.objects.filter(indicator_id__in=ids), PERIOD_FIELDS)
        measurements = _by_indicator(
            Measurement, Measurement.objects.approved().filter(indicator_id__in=ids), [*PERIOD_FIELDS, "note"]
        )
        directions, kinds = dict(Indicator.Direction.choices), dict(Indicator.Kind.choices)
        indicator_url = url_pattern("kpis:indicator", "slug", "key")
        for row in rows:
            row["municipality"] = row.pop("municipality__slug")
            row["direction_label"], row["kind_label"] = directions[row["direction"]], kinds[row["kind"]]
            for name in ("plan", "strategy", "task", "pledge"):
                row[name] = row.pop(f"{name}_id")
            row["responsible_unit"] = unit_ref(row, "responsible_unit")
            row["subtotal"] = _amount(row["subtotal"])
            own_targets, own_measurements = targets.get(row["id"], []), measurements.get(row["id"], [])
            row["targets"] = [_period_row(item, PERIOD_FIELDS) for item in own_targets]
            row["measurements"] = [_period_row(item, [*PERIOD_FIELDS, "note"]) for item in own_measurements]
            row["series"] = [
                {
                    "label": pair["label"],
                    "target": _amount(pair["target"].value if pair["target"] else None),
                    "actual": _amount(pair["measurement"].value if pair["measurement"] else None),
                    "achievement_rate": _rate(pair["rate"]),
                }
                for pair in series_rows(own_targets, own_measurements, row["direction"])
            ]
            row["url"] = indicator_url(slug=row["municipality"], key=row["key"])
        return rows


AMOUNT = serializers.DecimalField(max_digits=18, decimal_places=2)
RATE = serializers.DecimalField(max_digits=8, decimal_places=1)


def _amount(value):
    return None if value is None else AMOUNT.to_representation(value)


def _rate(value):
    return None if value is None else RATE.to_representation(value)


def _by_indicator(model, queryset, fields):
    """Unsaved instances built from `values()` rows in period order, by indicator id."""
    found = {}
    for row in queryset.order_by("order").values("indicator_id", *fields):
        found.setdefault(row.pop("indicator_id"), []).append(model(**row))
    return found


def _period_row(item, fields):
    row = {name: getattr(item, name) for name in fields}
    row["value"] = _amount(row["value"])
    row["date"] = None if row["date"] is None else row["date"].isoformat()
    return row


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
