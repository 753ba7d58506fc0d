"""The figures of a budget page: stated totals, item roll-ups and the part not assigned to tasks.

Item figures are summed in the database (`BudgetLineQuerySet.rollup`), so a page costs a
fixed number of queries and no Python work per line however many lines a city has; only
the stated totals a page shows as they are (unit, source and sector totals) are loaded.
"""

from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, Min, Q, Sum, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext as _

from budgets.models import BudgetLine
from budgets.money import common_unit, format_amount


@dataclass
class Bar:
    """One row of a bar chart: label, amount in 원 and its share of the largest bar (0-100)."""

    label: str
    won: int | None
    share: int
    line: BudgetLine | None = None
    note: str = ""


def bars(rows):
    """Scale (label, won, line) rows against the largest known amount."""
    largest = max((won for _, won, _ in rows if won), default=0)
    return [
        Bar(label=label, won=won, share=round(100 * won / largest) if won and largest else 0, line=line)
        for label, won, line in rows
    ]


def budget_summary(lines, subtrees):
    """Everything a budget page shows above its line list, from the QuerySet `lines` and the unit tree.

    `subtrees()` gives, for each unit id, the ids of the unit and everything below it (only
    asked for when there are unit totals). `task_items` are the lines `task_bars` pages.
    """
    plain = Q(task__isnull=True, pledge__isnull=True, group="")
    stated = list(
        lines.stated()
        .filter((plain & (Q(source="", sector="") | ~Q(source=""))) | (~Q(sector="") & Q(phase=BudgetLine.Phase.TOTAL)))
        .select_related("unit")
        .order_by("source_document", "seq")
    )
    totals = [
        line for line in stated if not (line.source or line.sector or line.task_id or line.pledge_id or line.group)
    ]
    unit_totals = [line for line in totals if line.unit_id]
    city_totals = [line for line in totals if not line.unit_id]
    by_source = [line for line in stated if line.source and not (line.task_id or line.pledge_id or line.group)]
    by_sector = [line for line in stated if line.sector and line.phase == BudgetLine.Phase.TOTAL]
    planned_items = lines.items().filter(amount_kind=BudgetLine.AmountKind.PLANNED)
    return {
        "city_shares": _city_shares(city_totals, unit_totals),
        "unit_totals": _labelled(unit_totals, lambda line: line.unit.name if line.unit else line.name),
        "unit_totals_unit": common_unit(unit_totals),
        "by_source": _labelled(by_source, lambda line: line.source),
        "by_source_unit": common_unit(by_source),
        "by_sector": _labelled(by_sector, lambda line: line.sector),
        "by_sector_unit": common_unit(by_sector),
        "task_items": _task_items(planned_items),
        "tasks_unit": _unit_of(planned_items.filter(task__isnull=False)),
        "unassigned": _unassigned(unit_totals, planned_items.filter(task__isnull=False), subtrees)
        if unit_totals
        else [],
        "years": _year_source_rows(lines.items().filter(~plain)),
        "years_unit": _unit_of(lines.items()),
    }


def _unit_of(lines):
    """The display unit shared by `lines` (the smallest when they differ), from one small query."""
    units = set(lines.order_by().values_list("display_unit", flat=True).distinct())
    return common_unit([BudgetLine(display_unit=unit) for unit in units])


def _city_shares(city_totals, unit_totals):
    """Each top unit's stated total as a share of the city-wide total of the same year and account."""
    shares = []
    for city in city_totals:
        for line in unit_totals:
            same_period = (line.year, line.account) == (city.year, city.account)
            if same_period and line.unit.parent_id is None and city.planned and line.planned is not None:
                shares.append({"city": city, "line": line, "percent": round(100 * line.planned / city.planned, 1)})
    return shares


def _labelled(lines, label):
    return bars([(label(line), line.planned, line) for line in lines])


def _known_sum(won, lines, unknown):
    """A sum of known amounts, or None when every cell was unknown (shown "-", never 0)."""
    return None if unknown == lines else won


def _part_note(lines):
    """What is known of a task whose budget the document states only in parts."""
    parts = ", ".join(
        f"{line.name} {format_amount(line.planned, line.display_unit, line.planned_text)}{line.display_unit}"
        for line in lines
    )
    return _("소요예산 총액 미기재 · 알려진 일부: %(parts)s") % {"parts": parts}


def _task_items(lines):
    """The item lines the per-task bars add up: those of tasks, and a plan's own that belong to no task."""
    return lines.filter(Q(task__isnull=False) | Q(plan__isnull=False, pledge__isnull=True))


def _with_bucket(items):
    """Items with `bucket`: "" for a task's, the 단위사업 (else the name) for a plan line assigned to no task."""
    return items.annotate(
        bucket=Case(
            When(task__isnull=True, then=Coalesce(NullIf(F("group"), Value("")), F("name"))),
            default=Value(""),
            output_field=CharField(),
        )
    )


def task_bars(items, page_of_rows):
    """Item sums per task, then per unassigned plan project ("과제 미배정"), a page of them.

    `page_of_rows` pages a QuerySet of per-row sums (document order). Sums, unknown counts
    and the largest sum (the bars' scale) come from the database, so a page of bars costs the
    same however many tasks there are. A row whose items span several periods says so.
    """
    items = _with_bucket(items)
    sums = (
        items.order_by()
        .values("task_id", "bucket")
        .annotate(
            # A known part of a task's budget (`is_part`) is never added up as the task's total.
            won=Sum("planned", filter=Q(is_part=False)),
            lines=Count("pk", filter=Q(is_part=False)),
            unknown=Count("pk", filter=Q(planned__isnull=True, is_part=False)),
            first=Min("seq"),
            assigned=Min(Case(When(task__isnull=True, then=Value(1)), default=Value(0))),
        )
    )
    page = page_of_rows(sums.order_by("assigned", "first"))
    largest = sums.order_by(F("won").desc(nulls_last=True)).values_list("won", flat=True).first() or 0
    rows = {(row["task_id"], row["bucket"]): row for row in page.object_list}
    shown = Q(task_id__in=[task for task, bucket in rows if task]) | Q(
        task__isnull=True, bucket__in=[bucket for task, bucket in rows if not task]
    )
    labels, periods = {}, {}
    for row in (
        items.filter(shown)
        .order_by()
        .values("task_id", "bucket", "task__code", "task__title", "period_label")
        .annotate(first=Min("seq"))
        .order_by("first")
    ):
        key = (row["task_id"], row["bucket"])
        labels[key] = (
            f"{row['task__code']} {row['task__title']}" if row["task_id"] else f"{_('과제 미배정')}: {row['bucket']}"
        )
        periods.setdefault(key, []).append(row["period_label"])
    parts = {}
    for line in items.filter(shown, is_part=True).order_by("seq"):
        parts.setdefault((line.task_id, line.bucket), []).append(line)
    page.object_list = []
    for key, row in rows.items():
        spans = periods[key]
        won = _known_sum(row["won"], row["lines"], row["unknown"]) if row["lines"] else None
        page.object_list.append(
            Bar(
                label=labels[key] + (f" ({spans[0]}~{spans[-1]} 합계)" if len(spans) > 1 else ""),
                won=won,
                share=round(100 * won / largest) if won and largest else 0,
                note=_part_note(parts[key])
                if key in parts and not row["lines"]
                else _("일부 미확정")
                if row["unknown"]
                else "",
            )
        )
    return page


def _unassigned(unit_totals, task_items, subtrees):
    """For each stated unit total: items of that unit's year assigned to tasks, and the rest."""
    assigned = {}
    for row in (
        task_items.order_by()
        .values("unit_id", "year")
        .annotate(won=Sum("planned"), parts=Count("pk", filter=Q(is_part=True)))
    ):
        assigned[(row["unit_id"], row["year"])] = (row["won"] or 0, row["parts"])
    rows = []
    tree = subtrees()
    for total in unit_totals:
        if total.unit is None or total.planned is None:
            continue
        units = tree.get(total.unit_id, ())
        counted = [
            value
            for (unit_id, year), value in assigned.items()
            if unit_id in units and (year == total.year or total.phase != BudgetLine.Phase.YEAR)
        ]
        assigned_won = sum(won for won, _parts in counted)
        rows.append(
            {
                "line": total,
                "assigned": assigned_won,
                "rest": total.planned - assigned_won,
                # A known part of a task with no stated total: the task's real share is at least this.
                "partial": any(parts for _won, parts in counted),
            }
        )
    return rows


def _year_source_rows(items):
    """Sums per period, source and amount kind; each cell adds the amount its table prints."""
    rows = []
    for row in items.rollup("phase", "year", "period_label", "source", "amount_kind"):
        kind = row["amount_kind"]
        unknown = row[f"{kind}_unknown"]
        rows.append(
            {
                "period": row["period_label"] or row["year"] or "-",
                "source": row["source"] or "-",
                "kind": BudgetLine.AmountKind(kind).label,
                "won": _known_sum(row[f"{kind}_sum"], row["lines"], unknown),
                "unknown": unknown,
                "order": (row["year"] or 0, row["period_label"], row["source"], kind),
            }
        )
    return sorted(rows, key=lambda row: row["order"])
