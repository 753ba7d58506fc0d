"""Admin of the `pledges` app: terms, pledges and their cards, the cards' contents, the three texts, yearly targets, self-evaluations, 부진공약, 변경안, citizen panels and the 관리 규정."""

from . import card_entries, changes, evaluations, panels, plan, pledges, rules

__all__ = ["card_entries", "changes", "evaluations", "panels", "plan", "pledges", "rules"]
