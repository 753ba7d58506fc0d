"""Template helpers of plan and task pages: progress status words and badges, objectives by half-year."""

from django import template

from plans.models import ProgressReport, TaskObjective

register = template.Library()


@register.filter
def status_label(value):
    """The Korean word for a progress status value (e.g. "on_track" → 정상추진)."""
    try:
        return ProgressReport.Status(value).label
    except ValueError:
        return value


# Colour only repeats what the status word already says (never the only signal).
STATUS_BADGES = {
    "planned": "bg-light-gray",
    "on_track": "bg-light-primary",
    "delayed": "bg-light-warning",
    "done": "bg-light-success",
    "stopped": "bg-light-danger",
}


@register.filter
def status_badge(value):
    """The KRDS badge class for a progress status value."""
    return STATUS_BADGES.get(value, "bg-light-gray")


@register.filter
def objectives_by_half(objectives):
    """Objectives grouped 상반기, 하반기, then untagged, each group in document order; empty groups left out."""
    groups = [(half.value, half.label) for half in TaskObjective.Half] + [("", "")]
    return [
        {"half": value, "label": label, "objectives": items}
        for value, label in groups
        if (items := [objective for objective in objectives if objective.half == value])
    ]
