"""Admin of the `pledges` app: terms, pledges and their cards, the cards' contents, the three texts, yearly targets, self-evaluations, 부진공약 and the citizen panels."""

from . import card_entries, evaluations, panels, plan, pledges

__all__ = ["card_entries", "evaluations", "panels", "plan", "pledges"]
