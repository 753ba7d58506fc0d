"""A city's citizen panel built the way the 총괄부서 keeps it, for the panel tests."""

import datetime

from pledges.models import CitizenPanel, PanelKind, PanelMember
from pledges.panel_services import panel_record_save

FOUNDED = datetime.date(2026, 3, 1)


def panel_with_members(coordinator, term, members):
    """고양시 공약이행평가단 of `term`, founded 1 March 2026, with `members` as (name, category, consent)."""
    panel = panel_record_save(
        user=coordinator,
        record=CitizenPanel(),
        values={
            "municipality": term.municipality,
            "term": term,
            "kind": PanelKind.EVALUATION,
            "name": "고양시 공약이행평가단",
            "founded_on": FOUNDED,
        },
    )
    for name, category, consent in members:
        panel_record_save(
            user=coordinator,
            record=PanelMember(),
            values={
                "panel": panel,
                "name": name,
                "category": category,
                "consent": consent,
                "consented_on": FOUNDED if consent else None,
            },
        )
    return panel
