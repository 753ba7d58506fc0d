"""Read API over the mayor's pledges."""

from pledges.filters import PledgeFilter
from pledges.models import Pledge
from pledges.serializers import PledgeSerializer
from portal.api import PublicReadOnlyViewSet


class PledgeViewSet(PublicReadOnlyViewSet):
    """공약: pledges with status history and approved periods; drafts and returned cards never appear."""

    queryset = Pledge.objects.for_public_page()
    serializer_class = PledgeSerializer
    filterset_class = PledgeFilter
    ordering_fields = ["code", "status", "id"]
    ordering = ["term__municipality__name", "-term__start", "code", "id"]
