"""The pledge page's 조정 section: adjustments on record and each public 변경안 with its timeline, in fixed queries."""

from django import template

from pledges.models import PledgeChange

register = template.Library()


@register.inclusion_tag("pledges/_changes.html")
def pledge_changes(pledge):
    """Public 변경안 of the pledge (original beside proposed, timeline, published comments with answers).

    `merging_in` are the public 통합 변경안 of other pledges that name this one as where they merge.
    Adjustments recorded before the procedure existed (no 변경안 behind them) are listed as they are.
    """
    changes = list(PledgeChange.objects.filter(pledge=pledge).for_public_page())
    merging_in = list(
        PledgeChange.objects.public()
        .filter(merged_into=pledge)
        .select_related("pledge__term__municipality")
        .order_by("pledge__code", "pk")
    )
    linked = {change.adjustment_id for change in changes if change.adjustment_id}
    return {
        "pledge": pledge,
        "changes": changes,
        "merging_in": merging_in,
        "adjustments": [item for item in pledge.adjustments.all() if item.pk not in linked],
    }
