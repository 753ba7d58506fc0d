"""Read API over performance indicators and the evaluation calendar."""

from kpis.filters import IndicatorFilter, MilestoneFilter
from kpis.models import EvaluationMilestone, Indicator
from kpis.serializers import IndicatorSerializer, MilestoneSerializer
from portal.api import PublicReadOnlyViewSet


class IndicatorViewSet(PublicReadOnlyViewSet):
    """성과지표: indicators with their targets, measurements and achievement rate by period."""

    queryset = Indicator.objects.published().with_series()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    ordering_fields = ["name", "order", "id"]
    ordering = ["municipality__name", "source_document", "order", "id"]


class MilestoneViewSet(PublicReadOnlyViewSet):
    """성과관리 일정: the evaluation calendar."""

    queryset = EvaluationMilestone.objects.published()
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
    ordering_fields = ["start", "year", "id"]
    ordering = ["municipality__name", "start", "order", "id"]
