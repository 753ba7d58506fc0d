"""The budget-lines sheet of a plan workbook (`plans.onboarding`): a plan's lines out, and back in by position."""

from django.db.models import Max, Q
from django.utils.translation import gettext as _

from budgets.models import BudgetLine, DisplayUnit
from budgets.money import exact_in_unit
from budgets.seeding import to_won
from plans.models import OrgUnit, Task
from plans.seeding import upsert
from portal.spreadsheet import (
    CREATE,
    UPDATE,
    ImportColumn,
    ImportSpec,
    cell_text,
    parse_choice,
    parse_decimal,
    parse_int,
)

AMOUNTS = ("planned", "secured", "executed")
TEXTS = ("table", "group", "name", "account", "source", "sector", "period_label", "note")
# Marks a line that is only a known part of its task's budget (`BudgetLine.is_part`).
PART_MARK = "예"


def _labels(choices):
    return tuple(str(label) for _value, label in choices)


class PlanBudgetSheet:
    """Every budget line of a plan, as the document wrote it: amounts in its display unit, unknown left blank."""

    spec = ImportSpec(
        marker="plan-workbook budget-lines v1",
        title="예산",
        note="금액은 표시 단위로 적습니다. 알 수 없는 금액은 비우고, 문서의 표기(추후확정 등)는 원문 열에. "
        "행 순서대로 기존 예산 행을 고치고, 시트에 없는 행은 지웁니다. 1~3행은 고치지 마세요.",
        columns=(
            ImportColumn("task", "과제번호", 9),
            ImportColumn("unit", "소관 조직", 18),
            ImportColumn("level", "수준", 10, choices=_labels(BudgetLine.Level.choices)),
            ImportColumn("table", "표", 20),
            ImportColumn("group", "단위사업", 24),
            ImportColumn("name", "사업명", 30),
            ImportColumn("account", "회계", 10, choices=_labels(BudgetLine.Account.choices)),
            ImportColumn("source", "재원", 10),
            ImportColumn("sector", "분야", 14),
            ImportColumn("phase", "기간 구분", 12, choices=_labels(BudgetLine.Phase.choices)),
            ImportColumn("year", "회계연도", 8),
            ImportColumn("period_label", "기간 표시", 12),
            ImportColumn("display_unit", "표시 단위", 8, choices=_labels(DisplayUnit.choices)),
            ImportColumn("planned", "예산액", 14),
            ImportColumn("planned_text", "예산액 원문", 12),
            ImportColumn("secured", "확보액", 14),
            ImportColumn("secured_text", "확보액 원문", 12),
            ImportColumn("executed", "집행액", 14),
            ImportColumn("executed_text", "집행액 원문", 12),
            ImportColumn("note", "비고", 24),
            ImportColumn("is_part", "과제 예산의 일부", 10, choices=(PART_MARK,)),
        ),
    )

    @staticmethod
    def lines(plan):
        """The plan's lines: those of the plan itself and of its tasks, in document order."""
        return BudgetLine.objects.filter(Q(plan=plan) | Q(task__strategy__plan=plan)).order_by("source_document", "seq")

    def unit_ids(self, plan):
        """Units the sheet names, so that the units sheet carries them."""
        return set(self.lines(plan).exclude(unit=None).values_list("unit_id", flat=True))

    @staticmethod
    def label(values):
        """How a row is named in the preview."""
        return " · ".join(
            cell_text(values.get(key)) for key in ("task", "group", "name", "period_label") if values.get(key)
        )

    def export_rows(self, plan):
        """One row per line."""
        return [
            [
                line.task.code if line.task_id else "",
                line.unit.name if line.unit_id else "",
                line.get_level_display(),
                line.table,
                line.group,
                line.name,
                line.account,
                line.source,
                line.sector,
                line.get_phase_display(),
                line.year,
                line.period_label,
                line.display_unit,
                exact_in_unit(line.planned, line.display_unit),
                line.planned_text,
                exact_in_unit(line.secured, line.display_unit),
                line.secured_text,
                exact_in_unit(line.executed, line.display_unit),
                line.executed_text,
                line.note,
                PART_MARK if line.is_part else "",
            ]
            for line in self.lines(plan).select_related("task", "unit")
        ]

    def check(self, rows, context):
        """Each row's values in 원, or its reasons; task codes and units must exist in the workbook or the city."""
        existing = self.lines(context["plan"]).count() if context["plan"] else 0
        header = self.spec.header
        for index, row in enumerate(rows):
            values = row.raw
            code, unit = cell_text(values.get("task")), cell_text(values.get("unit"))
            if code and code not in context["tasks"]:
                row.add_error(
                    header("task"), _("'과제' 시트에 과제번호 '%(code)s'이(가) 없습니다.") % {"code": code[:20]}
                )
            if unit and unit not in context["units"]:
                row.add_error(header("unit"), _("조직 '%(name)s'이(가) 없습니다.") % {"name": unit[:40]})
            display_unit = parse_choice(row, header("display_unit"), values.get("display_unit"), DisplayUnit.choices)
            row.values = {
                "task": code,
                "unit": unit,
                "level": parse_choice(row, header("level"), values.get("level"), BudgetLine.Level.choices),
                "phase": parse_choice(row, header("phase"), values.get("phase"), BudgetLine.Phase.choices),
                "year": parse_int(row, header("year"), values["year"], 1990, 2100)
                if cell_text(values.get("year"))
                else None,
                "display_unit": display_unit,
                **{key: cell_text(values.get(key)) for key in TEXTS},
                **{f"{key}_text": cell_text(values.get(f"{key}_text")) for key in AMOUNTS},
            }
            if cell_text(values.get("account")):
                row.values["account"] = parse_choice(
                    row, header("account"), values["account"], BudgetLine.Account.choices
                )
            part = cell_text(values.get("is_part"))
            if part not in ("", PART_MARK):
                row.add_error(
                    header("is_part"),
                    _("'%(mark)s' 또는 빈칸으로 적으세요: %(value)s") % {"mark": PART_MARK, "value": part[:20]},
                )
            row.values["is_part"] = part == PART_MARK
            if not row.values["name"]:
                row.add_error(header("name"), _("값을 입력하세요."))
            for key in AMOUNTS:
                row.values[key] = self._won(row, key, values.get(key), display_unit)
            row.action = UPDATE if index < existing else CREATE

    def _won(self, row, key, value, display_unit):
        if not cell_text(value):
            return None
        amount = parse_decimal(row, self.spec.header(key), value)
        if amount is None or display_unit is None:
            return None
        if amount < 0:
            row.add_error(self.spec.header(key), _("금액은 0 이상이어야 합니다."))
            return None
        try:
            return to_won(amount, display_unit)
        except ValueError:
            row.add_error(
                self.spec.header(key), _("원 단위로 나누어떨어지지 않는 금액입니다: %(value)s") % {"value": amount}
            )
            return None

    def write(self, plan, rows, context):
        """Update the plan's lines in order, add the rows beyond them, remove the lines beyond the rows."""
        municipality = context["municipality"]
        units = {unit.name: unit for unit in OrgUnit.objects.filter(municipality=municipality)}
        tasks = {task.code: task for task in Task.objects.filter(strategy__plan=plan)}
        existing = list(self.lines(plan))
        document = existing[0].source_document if existing else f"plan-{plan.pk}"
        next_seq = (BudgetLine.objects.filter(source_document=document).aggregate(Max("seq"))["seq__max"] or 0) + 1
        for index, row in enumerate(rows):
            values = {
                **{k: v for k, v in row.values.items() if k not in ("task", "unit")},
                "municipality": municipality,
                "plan": plan,
                "task": tasks.get(row.values["task"]),
                "unit": units.get(row.values["unit"]),
            }
            if index < len(existing):
                values["plan"] = existing[index].plan
                upsert(BudgetLine, lookup={"pk": existing[index].pk}, values=values)
            else:
                upsert(BudgetLine, lookup={"source_document": document, "seq": next_seq}, values=values)
                next_seq += 1
        for extra in existing[len(rows) :]:
            extra.delete()


PLAN_BUDGET_SHEET = PlanBudgetSheet()
