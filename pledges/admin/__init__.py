"""Admin of the `pledges` app: terms, pledges and their cards, the cards' contents, the three texts, yearly targets, self-evaluations and 부진공약."""

from . import card_entries, evaluations, plan, pledges

__all__ = ["card_entries", "evaluations", "plan", "pledges"]
