"""Admin of the `pledges` app: terms, pledges and their cards, and the cards' contents."""

from . import card_entries, pledges

__all__ = ["card_entries", "pledges"]
