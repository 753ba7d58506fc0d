"""Loading indicators and milestones from fixtures/kpi-*.yaml and milestones-*.yaml."""

from decimal import Decimal

from kpis.models import EvaluationMilestone, Indicator, Measurement, Target
from plans.models import Municipality, OrgUnit, Plan, Strategy, Task
from plans.seeding import replace_children, upsert
from pledges.models import Pledge
from portal.periods import parse_month


def _decimal(value):
    return None if value is None else Decimal(str(value))


def _period(row):
    return {
        "period": row.get("period", "year"),
        "year": row.get("year"),
        "sub": row.get("sub"),
        "date": row.get("date"),
        "label": str(row.get("label") or (row.get("year") or "")),
        "value": _decimal(row.get("value")),
        "text": str(row.get("text") or ""),
    }


def _owner(municipality, owner):
    plan = Plan.objects.get(slug=owner["plan"]) if owner.get("plan") else None
    strategy = Strategy.objects.get(plan=plan, number=owner["strategy"]) if owner.get("strategy") else None
    task = Task.objects.get(strategy__plan=plan, code=str(owner["task"])) if owner.get("task") else None
    pledge = None
    if owner.get("pledge"):
        pledge = Pledge.objects.get(
            term__municipality=municipality, term__name=owner["term"], code=str(owner["pledge"])
        )
    return {"plan": plan, "strategy": strategy, "task": task, "pledge": pledge}


def load_indicators(data):
    """Load one document's indicators with their targets and measurements."""
    municipality = Municipality.objects.get(name=data["municipality"])
    units = {unit.name: unit for unit in OrgUnit.objects.filter(municipality=municipality)}
    for order, row in enumerate(data["indicators"], start=1):
        indicator = upsert(
            Indicator,
            lookup={"key": row["key"]},
            values={
                "municipality": municipality,
                "order": order,
                "source_document": str(data["source"]),
                "name": row["name"],
                "group": row.get("group") or "",
                "unit": row["unit"],
                "direction": row.get("direction", "increase"),
                "kind": row.get("kind", "target"),
                "responsible_unit": units[row["responsible_unit"]],
                "subtotal": _decimal(row.get("subtotal")),
                "subtotal_text": str(row.get("subtotal_text") or ""),
                **_owner(municipality, row.get("owner") or {}),
            },
        )
        replace_children(indicator.targets, Target, [_period(t) for t in row.get("targets", [])])
        replace_children(
            indicator.measurements,
            Measurement,
            [{**_period(m), "note": m.get("note") or ""} for m in row.get("measurements", [])],
        )


def load_milestones(data):
    """Load one document's evaluation calendar."""
    municipality = Municipality.objects.get(name=data["municipality"])
    units = {unit.name: unit for unit in OrgUnit.objects.filter(municipality=municipality)}
    plan = Plan.objects.get(slug=data["plan"]) if data.get("plan") else None
    for order, row in enumerate(data["milestones"], start=1):
        upsert(
            EvaluationMilestone,
            lookup={"source_document": str(data["source"]), "order": order, "municipality": municipality},
            values={
                "plan": plan,
                "year": row["year"],
                "track": row["track"],
                "title": row["title"],
                "start": parse_month(row["start"]),
                "end": parse_month(row["end"]),
                "recurrence": row.get("recurrence") or "",
                "responsible_unit": units[row["responsible_unit"]],
                "note": row.get("note") or "",
            },
        )
