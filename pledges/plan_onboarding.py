"""The pledge workbook's sheets of the three texts (선거공약, 실천계획, 현재) and the yearly targets (연차별 목표).

Each text sheet holds one row per pledge: a new text, or new values of the pledge's current
text, is submitted for the 총괄부서's review and stays out of public view until approved;
the new values of an approved text become its correction (a reviewed copy), a text waiting
for review is not touched. A target is written while its year is undecided; a decided one
does not change. A pledge the sheets do not name keeps its texts and targets.
"""

from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from plans.models import OrgUnit
from pledges.models import PledgeText, PledgeTextKind, YearlyTarget
from pledges.plan_services import current_text_refusal, pledge_text_propose, yearly_target_propose
from portal.spreadsheet import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ImportColumn,
    ImportSpec,
    cell_text,
    check_duplicates,
    named_rows,
    parse_decimal,
    parse_int,
    parse_month_cell,
    parse_text,
)

KEEP_HEADERS = "1~3행은 고치지 마세요. 비워 둔 행은 건너뜁니다."
MAX_WON = 10**15
TEXT_FIELDS = (
    "source",
    "goal",
    "content",
    "period_start",
    "period_end",
    "period_text",
    "total_cost",
    "national_funds",
    "provincial_funds",
    "city_funds",
    "other_funds",
    "funding_note",
    "yearly_plan",
)
MONEY_FIELDS = ("total_cost", *PledgeText.FUNDING_FIELDS)
TEXT_LIMITS = {"source": 200, "period_text": 100, "funding_note": 300}
TARGET_FIELDS = ("year", "target", "target_value", "target_unit", "plan")


def _text_spec(kind, title, what):
    return ImportSpec(
        marker=f"pledge-workbook text-{kind} v1",
        title=title,
        note=f"{what}: 공약마다 한 행. 금액은 원 단위 숫자, 기간은 2022-07 꼴, 협조부서는 쉼표로. 올린 내용은 "
        "총괄부서 검토를 거쳐 공개되며, 승인된 내용을 바꾸면 정정으로 제출됩니다. " + KEEP_HEADERS,
        columns=(
            ImportColumn("pledge", "공약 번호", 10),
            ImportColumn("source", "출처", 20),
            ImportColumn("goal", "목표", 40),
            ImportColumn("content", "주요 내용", 50),
            ImportColumn("period_start", "기간 시작(월)", 10),
            ImportColumn("period_end", "기간 끝(월)", 10),
            ImportColumn("period_text", "기간 원문", 12),
            ImportColumn("total_cost", "총사업비(원)", 16),
            ImportColumn("national_funds", "국비(원)", 16),
            ImportColumn("provincial_funds", "도비(원)", 16),
            ImportColumn("city_funds", "시비(원)", 16),
            ImportColumn("other_funds", "기타·민자(원)", 16),
            ImportColumn("funding_note", "재원 비고", 20),
            ImportColumn("lead_unit", "주관부서", 16),
            ImportColumn("cooperating_units", "협조부서", 24),
            ImportColumn("yearly_plan", "연차별 추진계획", 40),
            ImportColumn("state", "처리상태(참고)", 10, filled_in=False),
        ),
    )


TEXT_SHEETS = {
    PledgeTextKind.ELECTION: _text_spec("election", "선거공약", "선거공보·공약서에 실린 그대로"),
    PledgeTextKind.PLAN: _text_spec("plan", "실천계획", "확정된 실천계획서"),
    PledgeTextKind.CURRENT: _text_spec("current", "현재", "현재 추진 내용"),
}
TARGETS = ImportSpec(
    marker="pledge-workbook targets v1",
    title="연차별 목표",
    note="공약·연도마다 한 행 (연도는 임기 안). 달성 여부가 판정된 목표는 바뀌지 않습니다. " + KEEP_HEADERS,
    columns=(
        ImportColumn("pledge", "공약 번호", 10),
        ImportColumn("year", "연도", 8),
        ImportColumn("target", "목표", 40),
        ImportColumn("target_value", "목표치", 10),
        ImportColumn("target_unit", "단위", 8),
        ImportColumn("plan", "계획", 40),
        ImportColumn("decision", "달성 여부(참고)", 10, filled_in=False),
    ),
)
SHEETS = (*TEXT_SHEETS.values(), TARGETS)


def _month(day):
    return f"{day:%Y-%m}" if day else None


def _units_text(text):
    return ", ".join(sorted(unit.name for unit in text.cooperating_units.all()))


def plan_sheets(pledges):
    """(spec, rows) of the text sheets and the targets sheet for `pledges` (in code order), from 3 queries."""
    ids = [pledge.pk for pledge in pledges]
    codes = {pledge.pk: pledge.code for pledge in pledges}
    texts = PledgeText.objects.current().filter(pledge_id__in=ids).select_related("lead_unit")
    by_kind = {kind: {} for kind in TEXT_SHEETS}
    for text in texts.prefetch_related("cooperating_units"):
        by_kind[text.kind][text.pledge_id] = text
    pairs = []
    for kind, spec in TEXT_SHEETS.items():
        rows = []
        for pledge in pledges:
            text = by_kind[kind].get(pledge.pk)
            if text is None:
                continue
            values = [
                _month(getattr(text, name))
                if name.startswith("period_") and name != "period_text"
                else getattr(text, name)
                for name in TEXT_FIELDS
            ]
            rows.append(
                [
                    pledge.code,
                    *values[:-1],
                    text.lead_unit.name if text.lead_unit_id else "",
                    _units_text(text),
                    values[-1],
                    text.get_state_display(),
                ]
            )
        pairs.append((spec, rows))
    targets = YearlyTarget.objects.filter(pledge_id__in=ids).order_by("pledge__code", "year")
    pairs.append(
        (
            TARGETS,
            [
                [codes[t.pledge_id], t.year, t.target, t.target_value, t.target_unit, t.plan, t.get_decision_display()]
                for t in targets
            ],
        )
    )
    return pairs


@dataclass
class PlanContext:
    """What the checks of the text and target rows look up: the sheet's codes, the term's years and records."""

    codes: set
    years: tuple | None
    units: dict
    pledges: dict
    texts: dict
    targets: dict


def plan_context(codes, term, term_values, municipality):
    """The lookups of the text and target checks, read once (four queries)."""
    units = {}
    for unit in OrgUnit.objects.filter(municipality=municipality).order_by("pk"):
        units.setdefault(unit.name, []).append(unit)
    texts, targets = PledgeText.objects.none(), YearlyTarget.objects.none()
    if term is not None:
        texts = PledgeText.objects.current().filter(pledge__term=term).select_related("lead_unit")
        targets = YearlyTarget.objects.filter(pledge__term=term)
    start, end = term_values.get("start"), term_values.get("end")
    return PlanContext(
        codes=codes,
        years=(start.year, end.year) if start and end else None,
        units=units,
        pledges={pledge.code: pledge for pledge in term.pledges.all()} if term else {},
        texts={(text.pledge_id, text.kind): text for text in texts.prefetch_related("cooperating_units")},
        targets={(target.pledge_id, target.year): target for target in targets},
    )


def check_plan_sheets(found, context):
    """{spec: checked rows} of the text and target sheets of an upload (`found`: rows by marker)."""
    checked = {}
    for kind, spec in TEXT_SHEETS.items():
        rows = named_rows(spec, found[spec.marker], lambda v: cell_text(v.get("pledge")))
        for row in rows:
            _check_text(row, spec, kind, context)
        check_duplicates(rows, lambda row: row.values.get("pledge") or None, _column(spec, "pledge"))
        checked[spec] = rows
    rows = named_rows(
        TARGETS, found[TARGETS.marker], lambda v: f"{cell_text(v.get('pledge'))} {cell_text(v.get('year'))}"
    )
    for row in rows:
        _check_target(row, context)
    check_duplicates(
        rows,
        lambda row: (row.values["pledge"], row.values["year"]) if row.values.get("year") else None,
        _column(TARGETS, "year"),
    )
    checked[TARGETS] = rows
    return checked


def _column(spec, key):
    """A column named with its sheet, since the sheets share their headers."""
    return f"{spec.title} · {spec.header(key)}"


def _pledge_code(row, spec, context):
    code = parse_text(row, _column(spec, "pledge"), row.raw.get("pledge"), required=True)
    if code and code not in context.codes:
        row.add_error(
            _column(spec, "pledge"), _("'공약' 시트에 공약 번호 '%(code)s'이(가) 없습니다.") % {"code": code[:20]}
        )
    return code


def _unit(row, column, name, context):
    found = context.units.get(name, [])
    if not found:
        row.add_error(column, _("조직 '%(name)s'이(가) 없습니다.") % {"name": name[:40]})
    elif len(found) > 1:
        row.add_error(column, _("이름이 '%(name)s'인 조직이 여럿입니다. 관리 화면에서 고르세요.") % {"name": name[:40]})
    return name


def _amount(row, column, value):
    if not cell_text(value):
        return None
    return parse_int(row, column, value, 0, MAX_WON, _("0 이상의 원 단위 금액을 숫자로 입력하세요."))


def _check_text(row, spec, kind, context):
    raw, column = row.raw, lambda key: _column(spec, key)
    values = {"pledge": _pledge_code(row, spec, context)}
    for name in TEXT_FIELDS:
        if name in MONEY_FIELDS:
            values[name] = _amount(row, column(name), raw.get(name))
        elif name in ("period_start", "period_end"):
            values[name] = parse_month_cell(row, column(name), raw.get(name))
        else:
            values[name] = parse_text(row, column(name), raw.get(name), limit=TEXT_LIMITS.get(name))
    if values["period_start"] and values["period_end"] and values["period_start"] > values["period_end"]:
        row.add_error(column("period_end"), _("기간 끝이 시작보다 앞섭니다."))
    if not (values["goal"] or values["content"]):
        row.add_error(column("goal"), _("목표나 주요 내용을 입력하세요."))
    lead = cell_text(raw.get("lead_unit"))
    values["lead_unit"] = _unit(row, column("lead_unit"), lead, context) if lead else ""
    names = sorted({part.strip() for part in cell_text(raw.get("cooperating_units")).split(",") if part.strip()})
    values["cooperating_units"] = [_unit(row, column("cooperating_units"), name, context) for name in names]
    row.values = values
    pledge = context.pledges.get(values["pledge"])
    current = context.texts.get((pledge.pk, kind)) if pledge else None
    if current is None:
        row.action, row.summary = CREATE, _("새 기록을 총괄부서 검토에 제출")
    elif _text_values(current) == {k: v for k, v in values.items() if k != "pledge"}:
        row.action, row.summary = UNCHANGED, current.get_state_display()
    elif refusal := current_text_refusal(current):
        row.add_error(column("pledge"), refusal)
    elif current.state == PledgeText.State.APPROVED:
        row.action, row.summary = UPDATE, _("승인된 기록의 정정을 제출 (승인 전까지 지금 내용이 공개)")
    else:
        row.action, row.summary = UPDATE, _("고친 내용을 총괄부서 검토에 제출")


def _text_values(text):
    values = {name: getattr(text, name) for name in TEXT_FIELDS}
    values["lead_unit"] = text.lead_unit.name if text.lead_unit_id else ""
    values["cooperating_units"] = sorted(unit.name for unit in text.cooperating_units.all())
    return values


def _check_target(row, context):
    raw, column = row.raw, lambda key: _column(TARGETS, key)
    code = _pledge_code(row, TARGETS, context)
    year = parse_int(
        row, column("year"), raw.get("year"), 1900, 2200, _("연도를 네 자리 숫자로 입력하세요 (예: 2024).")
    )
    if year and context.years and not context.years[0] <= year <= context.years[1]:
        row.add_error(
            column("year"),
            _("임기(%(start)d~%(end)d년) 안의 연도를 입력하세요.")
            % {"start": context.years[0], "end": context.years[1]},
        )
    value = None
    if cell_text(raw.get("target_value")):
        value = parse_decimal(row, column("target_value"), raw.get("target_value"))
        if value is not None and (abs(value) >= 10**16 or value != round(value, 2)):
            row.add_error(column("target_value"), _("소수 둘째 자리까지, 16자리 미만의 숫자를 입력하세요."))
    row.values = {
        "pledge": code,
        "year": year,
        "target": parse_text(row, column("target"), raw.get("target"), required=True),
        "target_value": value,
        "target_unit": parse_text(row, column("target_unit"), raw.get("target_unit"), limit=20),
        "plan": parse_text(row, column("plan"), raw.get("plan")),
    }
    pledge = context.pledges.get(code)
    current = context.targets.get((pledge.pk, year)) if pledge else None
    if current is None:
        row.action = CREATE
    elif all(getattr(current, name) == row.values[name] for name in TARGET_FIELDS):
        row.action, row.summary = UNCHANGED, current.get_decision_display()
    elif current.is_decided:
        row.add_error(column("target"), _("달성 여부가 판정된 목표는 고칠 수 없습니다."))
    else:
        row.action = UPDATE


def write_plan_sheets(checked, *, term, municipality, user):
    """Propose every new or changed text and write every new or changed target of a checked upload."""
    pledges = {pledge.code: pledge for pledge in term.pledges.select_related("term")}
    units = {unit.name: unit for unit in OrgUnit.objects.filter(municipality=municipality)}
    for kind, spec in TEXT_SHEETS.items():
        for row in _changing(checked[spec]):
            values = row.values
            fields = {name: values[name] for name in TEXT_FIELDS}
            fields["lead_unit"] = units.get(values["lead_unit"])
            propose = partial(
                pledge_text_propose,
                user=user,
                pledge=pledges[values["pledge"]],
                kind=kind,
                values=fields,
                cooperating_units=[units[name] for name in values["cooperating_units"]],
            )
            _written(row, spec, propose)
    for row in _changing(checked[TARGETS]):
        values = {name: row.values[name] for name in TARGET_FIELDS}
        _written(
            row, TARGETS, partial(yearly_target_propose, user=user, pledge=pledges[row.values["pledge"]], values=values)
        )


def _changing(rows):
    return [row for row in rows if row.action != UNCHANGED]


def _written(row, spec, write):
    try:
        write()
    except (ValidationError, PermissionDenied) as error:
        messages = getattr(error, "messages", [str(error)])
        raise ValidationError(
            [
                _("[%(sheet)s] %(row)s행: %(message)s") % {"sheet": spec.title, "row": row.number, "message": m}
                for m in messages
            ]
        ) from error
