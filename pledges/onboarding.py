"""A term's pledge list as one workbook (term, category names, pledges, officials, the three texts, yearly targets).

A pledge already on record is matched by its code; its title, target and status are not
changed by an upload: those change only through 공약 조정 and the status procedure, which keep
the original and the reason. Everything else (officials, linked tasks, new pledges) is written; the texts and targets
follow their own review (`pledges.plan_onboarding`).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from plans.models import OrgUnit, Task
from plans.seeding import replace_children, upsert
from pledges import plan_onboarding
from pledges.models import COMPLETED_STATUSES, Pledge, PledgeCategory, PledgeOfficial, PledgeStatus, Term
from pledges.self_evaluation import COMPLETION_REFUSAL
from portal.spreadsheet import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ImportColumn,
    ImportPreview,
    ImportSpec,
    cell_text,
    check_duplicates,
    named_rows,
    parse_choice,
    parse_month_cell,
    parse_text,
    read_workbook,
    write_workbook,
)

KEEP_HEADERS = "1~3행은 고치지 마세요. 비워 둔 행은 건너뜁니다."
TERM = ImportSpec(
    marker="pledge-workbook term v1",
    title="임기",
    note="한 행에 임기 하나 (예: 민선8기, 2022-07, 2026-06). " + KEEP_HEADERS,
    columns=(
        ImportColumn("name", "임기", 14),
        ImportColumn("start", "시작(월)", 10),
        ImportColumn("end", "끝(월)", 10),
    ),
)
CATEGORIES = ImportSpec(
    marker="pledge-workbook categories v1",
    title="분류",
    note="공약 번호 앞부분(1, 1-2 …)의 분류명. " + KEEP_HEADERS,
    columns=(ImportColumn("code", "분류 번호", 10), ImportColumn("name", "분류명", 40)),
)
PLEDGES = ImportSpec(
    marker="pledge-workbook pledges v1",
    title="공약",
    note="공약마다 한 행. 이행 과제는 '계획 주소 이름:과제번호'를 쉼표로. 이미 있는 공약의 공약명·목표·이행상태는 "
    "공약 조정·상태 변경 절차로만 바뀝니다. " + KEEP_HEADERS,
    columns=(
        ImportColumn("code", "공약 번호", 10),
        ImportColumn("title", "공약명", 40),
        ImportColumn("target", "목표", 40),
        ImportColumn("lead_unit", "소관부서", 18),
        ImportColumn("status", "이행상태", 12, choices=tuple(str(label) for _v, label in PledgeStatus.choices)),
        ImportColumn("tasks", "이행 과제", 30),
    ),
)
OFFICIALS = ImportSpec(
    marker="pledge-workbook officials v1",
    title="관계자",
    note="공약별 담당 관계자(실·국장, 과장, 팀장, 담당자) 순서대로. " + KEEP_HEADERS,
    columns=(
        ImportColumn("pledge", "공약 번호", 10),
        ImportColumn("role", "직위", 14),
        ImportColumn("name", "성명", 12),
        ImportColumn("phone", "연락처", 16),
    ),
)
SHEETS = (TERM, CATEGORIES, PLEDGES, OFFICIALS, *plan_onboarding.SHEETS)


def pledge_sheets(term):
    """(spec, rows) for every sheet of the term's pledge workbook."""
    pledges = list(
        term.pledges.select_related("lead_unit").prefetch_related("officials", "tasks__strategy__plan").order_by("code")
    )
    return [
        (TERM, [[term.name, f"{term.start:%Y-%m}", f"{term.end:%Y-%m}"]]),
        (CATEGORIES, [[c.code, c.name] for c in term.categories.order_by("code")]),
        (
            PLEDGES,
            [
                [
                    p.code,
                    p.title,
                    p.target,
                    p.lead_unit.name,
                    p.get_status_display(),
                    ", ".join(sorted(f"{t.strategy.plan.slug}:{t.code}" for t in p.tasks.all())),
                ]
                for p in pledges
            ],
        ),
        (
            OFFICIALS,
            [
                [p.code, o.role, o.name, o.phone]
                for p in pledges
                for o in sorted(p.officials.all(), key=lambda o: o.order)
            ],
        ),
        *plan_onboarding.plan_sheets(pledges),
    ]


def export_pledges(term: Term, target) -> int:
    """Write the pledge list of `term` to `target` (a path or binary file); returns the rows written."""
    pairs = pledge_sheets(term)
    write_workbook(pairs, target)
    return sum(len(rows) for _spec, rows in pairs)


@dataclass
class PledgeImportPreview(ImportPreview):
    """The rows of every sheet, checked, kept by sheet for the writer."""

    sheets: dict = field(default_factory=dict)
    municipality: object = None
    term: object = None


def _rows(found, spec, label):
    return named_rows(spec, found[spec.marker], label)


def preview_pledge_import(uploaded, *, municipality) -> PledgeImportPreview:
    """Check every sheet of an uploaded pledge workbook for `municipality`; nothing is written."""
    data, found = read_workbook(uploaded, SHEETS)
    term_rows = _rows(found, TERM, lambda v: cell_text(v.get("name")))
    if len(term_rows) != 1:
        raise ValidationError(
            _("'임기' 시트에는 임기 한 행이 있어야 합니다 (지금 %(count)s행).") % {"count": len(term_rows)}
        )
    term = _check_term(term_rows[0], municipality)
    category_rows = _rows(found, CATEGORIES, lambda v: cell_text(v.get("code")))
    names = dict(term.categories.values_list("code", "name")) if term else {}
    for row in category_rows:
        row.values = {
            "code": parse_text(row, CATEGORIES.header("code"), row.raw.get("code"), required=True, limit=20),
            "name": parse_text(row, CATEGORIES.header("name"), row.raw.get("name"), limit=200),
        }
        row.action = _action(names.get(row.values["code"]), row.values["name"])
    check_duplicates(category_rows, lambda row: row.values.get("code") or None, CATEGORIES.header("code"))
    pledge_rows = _rows(found, PLEDGES, lambda v: f"{cell_text(v.get('code'))} {cell_text(v.get('title'))}")
    codes = _check_pledges(pledge_rows, municipality, term)
    official_rows = _rows(found, OFFICIALS, lambda v: f"{cell_text(v.get('pledge'))} {cell_text(v.get('name'))}")
    officials = {}
    for official in PledgeOfficial.objects.filter(pledge__term=term).select_related("pledge").order_by("order"):
        officials.setdefault(official.pledge.code, []).append((official.role, official.name, official.phone))
    seen = {}  # officials of each pledge so far: the position of the row among them
    for row in official_rows:
        header = OFFICIALS.header
        code = parse_text(row, header("pledge"), row.raw.get("pledge"), required=True)
        if code and code not in codes:
            row.add_error(
                header("pledge"), _("'공약' 시트에 공약 번호 '%(code)s'이(가) 없습니다.") % {"code": code[:20]}
            )
        row.values = {
            "pledge": code,
            "role": parse_text(row, header("role"), row.raw.get("role"), required=True, limit=50),
            "name": parse_text(row, header("name"), row.raw.get("name"), required=True, limit=50),
            "phone": parse_text(row, header("phone"), row.raw.get("phone"), limit=50),
        }
        position = seen[code] = seen.get(code, -1) + 1
        before = officials.get(code, [])
        stored = before[position] if position < len(before) else None
        row.action = _action(stored, (row.values["role"], row.values["name"], row.values["phone"]))
    by_sheet = {TERM: term_rows, CATEGORIES: category_rows, PLEDGES: pledge_rows, OFFICIALS: official_rows}
    context = plan_onboarding.plan_context(codes, term, term_rows[0].values, municipality)
    by_sheet.update(plan_onboarding.check_plan_sheets(found, context))
    rows = [row for sheet_rows in by_sheet.values() for row in sheet_rows]
    return PledgeImportPreview(data=data, rows=rows, sheets=by_sheet, municipality=municipality, term=term)


def _check_term(row, municipality):
    header = TERM.header
    name = parse_text(row, header("name"), row.raw.get("name"), required=True, limit=50)
    row.values = {
        "name": name,
        "start": parse_month_cell(row, header("start"), row.raw.get("start"), required=True),
        "end": parse_month_cell(row, header("end"), row.raw.get("end"), required=True),
    }
    if row.values["start"] and row.values["end"] and row.values["end"] < row.values["start"]:
        row.add_error(header("end"), _("임기 끝이 시작보다 앞섭니다."))
    term = Term.objects.filter(municipality=municipality, name=name).first()
    row.action = _action(term and (term.start, term.end), (row.values["start"], row.values["end"]))
    return term


def _action(stored, values):
    """What a row does to what is on record (`stored`, None when nothing is): create, update or nothing."""
    if stored is None:
        return CREATE
    return UNCHANGED if stored == values else UPDATE


def _check_pledges(rows, municipality, term):
    header = PLEDGES.header
    units = set(OrgUnit.objects.filter(municipality=municipality).values_list("name", flat=True))
    existing = {
        p.code: p for p in Pledge.objects.filter(term=term).select_related("lead_unit").prefetch_related("tasks")
    }
    for row in rows:
        values = row.raw
        code = parse_text(row, header("code"), values.get("code"), required=True, limit=20)
        lead = parse_text(row, header("lead_unit"), values.get("lead_unit"), required=True)
        if lead and lead not in units:
            row.add_error(header("lead_unit"), _("조직 '%(name)s'이(가) 없습니다.") % {"name": lead[:40]})
        status = cell_text(values.get("status")) or str(PledgeStatus.UNASSESSED.label)
        row.values = {
            "code": code,
            "title": parse_text(row, header("title"), values.get("title"), required=True, limit=300),
            "target": parse_text(row, header("target"), values.get("target")),
            "lead_unit": lead,
            "status": parse_choice(row, header("status"), status, PledgeStatus.choices),
            "tasks": _linked_tasks(row, municipality, cell_text(values.get("tasks"))),
        }
        pledge = existing.get(code)
        if pledge is not None:
            _refuse_procedure_changes(row, pledge)
        elif row.values["status"] in COMPLETED_STATUSES:
            row.add_error(header("status"), COMPLETION_REFUSAL)
        row.action = CREATE
        if pledge is not None:
            row.action = _action(
                (pledge.lead_unit.name, {task.pk for task in pledge.tasks.all()}),
                (lead, {task.pk for task in row.values["tasks"]}),
            )
    check_duplicates(rows, lambda row: row.values.get("code") or None, header("code"))
    return {row.values["code"] for row in rows if row.values.get("code")}


def _refuse_procedure_changes(row, pledge):
    header = PLEDGES.header
    if row.values["title"] != pledge.title or row.values["target"] != pledge.target:
        row.add_error(header("title"), _("이미 있는 공약의 공약명·목표는 공약 조정으로만 바꿀 수 있습니다."))
    if row.values["status"] and row.values["status"] != pledge.status:
        row.add_error(
            header("status"),
            _("이행상태는 공약 화면에서 사유와 함께 바꾸세요 (지금: %(status)s).")
            % {"status": pledge.get_status_display()},
        )


def _linked_tasks(row, municipality, text):
    tasks = []
    for reference in filter(None, (part.strip() for part in text.split(","))):
        slug, _sep, code = reference.partition(":")
        task = Task.objects.filter(
            strategy__plan__municipality=municipality, strategy__plan__slug=slug, code=code
        ).first()
        if task is None:
            row.add_error(
                PLEDGES.header("tasks"), _("과제 '%(ref)s'을(를) 찾을 수 없습니다.") % {"ref": reference[:60]}
            )
        else:
            tasks.append(task)
    return tasks


def write_pledge_workbook(preview: PledgeImportPreview, *, user=None) -> Term:
    """Write a checked pledge workbook: the term, its category names, new pledges, links, officials, texts, targets.

    Texts are submitted, and targets written, as `user` (None: the system).
    """
    municipality, found = preview.municipality, preview.sheets
    term_values = found[TERM][0].values
    term = upsert(
        Term,
        lookup={"municipality": municipality, "name": term_values["name"]},
        values={"start": term_values["start"], "end": term_values["end"]},
    )
    for row in found[CATEGORIES]:
        upsert(PledgeCategory, lookup={"term": term, "code": row.values["code"]}, values={"name": row.values["name"]})
    units = {unit.name: unit for unit in OrgUnit.objects.filter(municipality=municipality)}
    for row in found[PLEDGES]:
        values = row.values
        fields = {"lead_unit": units[values["lead_unit"]]}
        if row.action == CREATE:
            fields.update(title=values["title"], target=values["target"], status=values["status"])
        pledge = upsert(Pledge, lookup={"term": term, "code": values["code"]}, values=fields)
        if set(pledge.tasks.all()) != set(values["tasks"]):
            pledge.tasks.set(values["tasks"])
        officials = [
            {k: v for k, v in official.values.items() if k != "pledge"}
            for official in found[OFFICIALS]
            if official.values["pledge"] == values["code"]
        ]
        replace_children(pledge.officials, PledgeOfficial, officials)
    plan_onboarding.write_plan_sheets(found, term=term, municipality=municipality, user=user)
    return term
