"""The pledge page's 조정 section: adjustments on record and each public 변경안 with its timeline, in fixed queries."""

from django import template

from pledges.models import PledgeChange

register = template.Library()


@register.inclusion_tag("pledges/_changes.html")
def pledge_changes(pledge):
    """Public 변경안 of the pledge (original beside proposed, timeline, published comments with answers).

    Adjustments recorded before the procedure existed (no 변경안 behind them) are listed as they are.
    """
    changes = list(PledgeChange.objects.filter(pledge=pledge).for_public_page())
    linked = {change.adjustment_id for change in changes if change.adjustment_id}
    return {
        "pledge": pledge,
        "changes": changes,
        "adjustments": [item for item in pledge.adjustments.all() if item.pk not in linked],
    }
