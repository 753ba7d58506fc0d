"""Admin of the `pledges` app: terms, pledges and their cards, the cards' contents, the three texts and yearly targets."""

from . import card_entries, plan, pledges

__all__ = ["card_entries", "plan", "pledges"]
