"""The figures of a budget page: stated totals, item roll-ups and the part not assigned to tasks."""

from dataclasses import dataclass

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
    """Everything a budget page shows, from one list of lines and the unit tree (no queries).

    `subtrees` maps each unit id to the ids of the unit and everything below it.
    """
    stated = [line for line in lines if line.level == BudgetLine.Level.STATED]
    items = [line for line in lines if line.level == BudgetLine.Level.ITEM]
    totals = [
        line for line in stated if not (line.source or line.sector or line.task_id or line.pledge_id or line.group)
    ]
    unit_totals = [line for line in totals if line.unit_id]
    city_totals = [line for line in totals if not line.unit_id]
    by_source = [line for line in stated if line.source and not (line.task_id or line.pledge_id or line.group)]
    by_sector = [line for line in stated if line.sector and line.phase == BudgetLine.Phase.TOTAL]
    return {
        "city_shares": _city_shares(city_totals, unit_totals),
        "unit_totals": _labelled(unit_totals, lambda line: line.unit.name if line.unit else line.name),
        "unit_totals_unit": common_unit(unit_totals),
        "by_source": _labelled(by_source, lambda line: line.source),
        "by_source_unit": common_unit(by_source),
        "by_sector": _labelled(by_sector, lambda line: line.sector),
        "by_sector_unit": common_unit(by_sector),
        "tasks": _task_rows(items),
        "tasks_unit": common_unit([line for line in items if line.task_id]),
        "unassigned": _unassigned(unit_totals, items, subtrees),
        "years": _year_source_rows(items),
        "years_unit": common_unit(items),
    }


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


def _task_rows(items):
    """Item sums per task, then the plan's items that belong to no task ("과제 미배정").

    A task whose only figures are known parts of it (`is_part`) has no known total: its
    row says "-" and names the parts with their amounts, never presenting a part as the
    task's budget. A row whose items span several periods says so in its label.
    """
    sums, unassigned = {}, {}
    for line in items:
        if line.task_id is not None:
            entry = sums.setdefault(line.task_id, _task_entry(f"{line.task.code} {line.task.title}", line.task))
        elif line.plan_id is not None and line.pledge_id is None:
            entry = unassigned.setdefault(line.group or line.name, _task_entry(_("과제 미배정"), None))
            entry["label"] = f"{_('과제 미배정')}: {line.group or line.name}"
        else:
            continue
        if line.period_label not in entry["periods"]:
            entry["periods"].append(line.period_label)
        if line.is_part:
            entry["parts"].append(line)
        elif line.planned is None:
            entry["unknown"] += 1
        else:
            entry["won"] += line.planned
    entries = [*sums.values(), *unassigned.values()]
    rows = bars([(_entry_label(entry), None if entry["parts"] else entry["won"], None) for entry in entries])
    for row, entry in zip(rows, entries, strict=True):
        row.line = entry["task"]
        row.note = _entry_note(entry)
    return rows


def _task_entry(label, task):
    return {"label": label, "task": task, "won": 0, "unknown": 0, "periods": [], "parts": []}


def _entry_label(entry):
    periods = entry["periods"]
    return entry["label"] + (f" ({periods[0]}~{periods[-1]} 합계)" if len(periods) > 1 else "")


def _entry_note(entry):
    if entry["parts"]:
        parts = ", ".join(
            f"{line.name} {format_amount(line.planned, line.display_unit, line.planned_text)}{line.display_unit}"
            for line in entry["parts"]
        )
        return _("소요예산 총액 미기재 · 알려진 일부: %(parts)s") % {"parts": parts}
    return _("일부 미확정") if entry["unknown"] else ""


def _unassigned(unit_totals, items, subtrees):
    """For each stated unit total: items of that unit's year assigned to tasks, and the rest.

    Where some of those items are only known parts of a task (`is_part`), the assigned sum
    is a lower bound and the rest an upper bound; `partial` says so.
    """
    rows = []
    for total in unit_totals:
        if total.unit is None or total.planned is None:
            continue
        assigned = [
            line
            for line in items
            if line.task_id
            and line.planned is not None
            and line.unit_id in subtrees.get(total.unit_id, ())
            and (line.year == total.year or total.phase != BudgetLine.Phase.YEAR)
        ]
        assigned_won = sum(line.planned for line in assigned)
        rows.append(
            {
                "line": total,
                "assigned": assigned_won,
                "rest": total.planned - assigned_won,
                "partial": any(line.is_part for line in assigned),
            }
        )
    return rows


def _year_source_rows(items):
    sums = {}
    for line in items:
        if line.task_id is None and line.pledge_id is None and not line.group:
            continue
        key = (line.phase, line.year, line.period_label, line.source)
        entry = sums.setdefault(key, {"won": 0, "unknown": 0})
        if line.planned is None:
            entry["unknown"] += 1
        else:
            entry["won"] += line.planned
    return [
        {"period": key[2] or key[1] or "-", "source": key[3] or "-", **value}
        for key, value in sorted(sums.items(), key=lambda kv: (kv[0][1] or 0, kv[0][2], kv[0][3]))
    ]
