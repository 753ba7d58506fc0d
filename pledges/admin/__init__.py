"""Admin of the `pledges` app: terms, pledges and their cards, the cards' contents, the three texts, yearly targets and 변경안."""

from . import card_entries, changes, plan, pledges

__all__ = ["card_entries", "changes", "plan", "pledges"]
