"""Showing amounts of 원 in the unit a document uses, with thousands separators."""

from decimal import ROUND_HALF_UP, Decimal

from budgets.models import WON_PER_UNIT


def exact_in_unit(won, unit):
    """`won` expressed in `unit` (천원, 백만원, 억원) without rounding: what the document wrote."""
    if won is None:
        return None
    value = Decimal(won) / WON_PER_UNIT[unit]
    return int(value) if value == value.to_integral_value() else value


def in_unit(won, unit):
    """`won` expressed in `unit` (천원, 백만원, 억원): exact where it divides, else to one decimal."""
    value = exact_in_unit(won, unit)
    if value is None or isinstance(value, int):
        return value
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def format_amount(won, unit, unknown_text=""):
    """Format an amount of 원 in `unit` with separators (253,363); unknown shows its word or "-", never 0."""
    value = in_unit(won, unit)
    if value is None:
        return unknown_text or "-"
    return f"{value:,}"


def common_unit(lines):
    """The display unit shared by `lines`; the smallest one they use when they differ."""
    units = {line.display_unit for line in lines}
    if len(units) == 1:
        return units.pop()
    return min(units, key=WON_PER_UNIT.__getitem__) if units else "백만원"
