"""Loading budget lines from fixtures/budget-*.yaml (format: fixtures/README.md)."""

from decimal import Decimal

from budgets.models import WON_PER_UNIT, BudgetLine
from plans.models import Municipality, OrgUnit, Plan, Task
from plans.seeding import upsert
from pledges.models import Pledge

# The table a line without an explicit `table` was printed in, by the amount it shows.
TABLE_OF_KIND = {"planned": "예산", "secured": "확보(집행)액", "executed": "집행액"}


def to_won(amount, display_unit):
    """An amount as the document writes it (in `display_unit`) as an integer of 원."""
    if amount is None:
        return None
    won = Decimal(str(amount)) * WON_PER_UNIT[display_unit]
    if won != won.to_integral_value():
        raise ValueError(f"{amount}{display_unit} is not a whole number of 원")
    return int(won)


def load_budget(data):
    """Load every line of one document's budget tables, keyed by (document, position)."""
    municipality = Municipality.objects.get(name=data["municipality"])
    units = {unit.name: unit for unit in OrgUnit.objects.filter(municipality=municipality)}
    plans, tasks, pledges = {}, {}, {}
    for seq, line in enumerate(data["lines"], start=1):
        display_unit = line.get("display_unit") or data["display_unit"]
        amount_kind = line.get("amount_kind") or BudgetLine.AmountKind.PLANNED
        plan = _cached(plans, line.get("plan"), lambda slug: Plan.objects.get(slug=slug))
        task = None
        if line.get("task"):
            task = _cached(
                tasks,
                (plan.pk, str(line["task"])),
                lambda key: Task.objects.get(strategy__plan_id=key[0], code=key[1]),
            )
        pledge = None
        if line.get("pledge"):
            pledge = _cached(
                pledges,
                (line["term"], str(line["pledge"])),
                lambda key: Pledge.objects.get(term__municipality=municipality, term__name=key[0], code=key[1]),
            )
        upsert(
            BudgetLine,
            lookup={"source_document": str(data["source"]), "seq": seq},
            values={
                "municipality": municipality,
                "unit": units[line["unit"]] if line.get("unit") else None,
                "plan": plan,
                "task": task,
                "pledge": pledge,
                "table": line.get("table") or TABLE_OF_KIND[amount_kind],
                "level": line["level"],
                "amount_kind": amount_kind,
                "group": line.get("group") or "",
                "name": line["name"],
                "account": line.get("account") or "",
                "source": line.get("source") or "",
                "sector": line.get("sector") or "",
                "phase": line.get("phase") or "year",
                "year": line.get("year"),
                "period_label": str(line.get("period_label") or ""),
                "display_unit": display_unit,
                "note": line.get("note") or "",
                "is_part": bool(line.get("is_part")),
                **{field: to_won(line.get(field), display_unit) for field in ("planned", "secured", "executed")},
                **{
                    f"{field}_text": str(line.get(f"{field}_text") or "")
                    for field in ("planned", "secured", "executed")
                },
            },
        )
    BudgetLine.objects.filter(source_document=str(data["source"]), seq__gt=len(data["lines"])).delete()


def _cached(cache, key, fetch):
    if key is None:
        return None
    if key not in cache:
        cache[key] = fetch(key)
    return cache[key]
