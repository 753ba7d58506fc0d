"""일치도: the pledge's three texts compared field by field — same, changed or missing — as words, not colours."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pledges.models import PledgeTextKind

SAME, CHANGED, MISSING, ADDED = "same", "changed", "missing", "added"
FUNDING_LABELS = (
    ("national_funds", gettext_lazy("국비")),
    ("provincial_funds", gettext_lazy("도비")),
    ("city_funds", gettext_lazy("시비")),
    ("other_funds", gettext_lazy("기타·민자")),
)


def money(amount):
    """An amount of 원 in 백만원 where it is a whole number of them, else in 원; never a float."""
    if amount % 1_000_000 == 0:
        return _("%(amount)s백만원") % {"amount": f"{amount // 1_000_000:,}"}
    return _("%(amount)s원") % {"amount": f"{amount:,}"}


def _words(value):
    return " ".join(value.split()) or None


def _period(text):
    if text.period_start and text.period_end:
        return f"{text.period_start:%Y. %-m.} ~ {text.period_end:%Y. %-m.}"
    return _words(text.period_text)


def _cost(text):
    return None if text.total_cost is None else money(text.total_cost)


def _funding(text):
    parts = [
        f"{label} {money(getattr(text, name))}" for name, label in FUNDING_LABELS if getattr(text, name) is not None
    ]
    if text.funding_note.strip():
        parts.append(_words(text.funding_note))
    return ", ".join(parts) or None


def _units(text):
    if text.lead_unit_id is None:
        return None
    helpers = ", ".join(unit.name for unit in text.cooperating_units.all())
    return _("주관 %(lead)s") % {"lead": text.lead_unit.name} + (
        " · " + _("협조 %(units)s") % {"units": helpers} if helpers else ""
    )


FIELDS = (
    ("goal", gettext_lazy("목표"), lambda text: _words(text.goal)),
    ("content", gettext_lazy("주요 내용"), lambda text: _words(text.content)),
    ("period", gettext_lazy("기간"), _period),
    ("cost", gettext_lazy("총사업비"), _cost),
    ("funding", gettext_lazy("재원"), _funding),
    ("units", gettext_lazy("주관·협조부서"), _units),
)


@dataclass
class Cell:
    """One text's value of a field, and how it compares with the text before it (None for the first)."""

    kind: str
    value: str | None
    mark: str | None

    @property
    def mark_label(self):
        """The mark in words."""
        labels = {SAME: _("앞과 같음"), CHANGED: _("앞과 다름"), MISSING: _("없음"), ADDED: _("앞에는 없음")}
        return labels.get(self.mark, "")


@dataclass
class FieldRow:
    """A field across the three texts and its verdict: 일치 when all three say the same thing."""

    name: str
    label: str
    cells: list
    verdict: str

    @property
    def verdict_label(self):
        """The verdict in words."""
        return {SAME: _("일치"), CHANGED: _("변경"), MISSING: _("누락")}[self.verdict]


@dataclass
class Comparison:
    """The three texts (None where none is approved), the rows of the table and the count of agreeing fields."""

    texts: list
    rows: list

    @property
    def agreeing(self):
        """How many fields agree across all three texts."""
        return sum(row.verdict == SAME for row in self.rows)

    @property
    def changed(self):
        """How many fields are present in all three texts but differ."""
        return sum(row.verdict == CHANGED for row in self.rows)

    @property
    def missing(self):
        """How many fields lack a value in at least one text."""
        return sum(row.verdict == MISSING for row in self.rows)

    @property
    def missing_kinds(self):
        """The kinds with no approved text, in column order."""
        return [kind for kind, text in zip(PledgeTextKind, self.texts, strict=True) if text is None]


def _mark(previous, value):
    if value is None:
        return MISSING
    if previous is None:
        return ADDED
    return SAME if previous == value else CHANGED


def _verdict(values):
    if any(value is None for value in values):
        return MISSING
    return SAME if len(set(values)) == 1 else CHANGED


def compare_texts(texts):
    """Compare approved texts (any iterable, at most one per kind) in the order 선거공보 → 실천계획 → 현재.

    A cell is marked against the text before it: 앞과 같음, 앞과 다름, 앞에는 없음, or 없음 where
    the text lacks the field; a field is 일치 only when all three texts give it and say the same.
    """
    by_kind = {text.kind: text for text in texts}
    ordered = [by_kind.get(kind) for kind in PledgeTextKind]
    rows = []
    for name, label, read in FIELDS:
        values = [None if text is None else read(text) for text in ordered]
        kinds = [str(kind.label) for kind in PledgeTextKind]
        cells = [Cell(kinds[0], values[0], None if values[0] is not None else MISSING)]
        cells += [Cell(kinds[index + 1], value, _mark(values[index], value)) for index, value in enumerate(values[1:])]
        rows.append(FieldRow(name, str(label), cells, _verdict(values)))
    return Comparison(ordered, rows)
