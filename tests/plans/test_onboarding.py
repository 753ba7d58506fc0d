"""A whole plan as a workbook: export, import into an empty city, re-import changing nothing, bad rows refused."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from budgets.models import BudgetLine
from plans.models import Municipality, OrgUnit, Plan, Task
from plans.onboarding import sheets
from plans.onboarding.exporting import export_plan
from plans.onboarding.importing import preview_plan_import
from plans.services import plan_import
from portal import roles
from tests.factories import MunicipalityFactory, OrgUnitFactory, staff_user

pytestmark = pytest.mark.django_db
SEED_PLANS = ["namyangju-2026-planning-office", "seoul-2018-innovation-growth"]


def exported(slug):
    target = io.BytesIO()
    export_plan(Plan.objects.get(slug=slug), target)
    return target.getvalue()


def edited(data, sheet_title, change):
    """The workbook `data` with `change(ws)` applied to the sheet titled `sheet_title`."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    change(workbook[sheet_title])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def column(spec, key):
    return [column.key for column in spec.columns].index(key) + 1


def set_cell(spec, key, value, row=4):
    def change(ws):
        ws.cell(row, column(spec, key)).value = value

    return change


def history_rows():
    return sum(model.history.count() for model in (Plan, Task, OrgUnit, BudgetLine))


def plan_records(plan):
    """The plan as data, without ids, city or address name: what must survive a trip through Excel."""
    tasks = Task.objects.filter(strategy__plan=plan).order_by("strategy__number", "order")
    lines = BudgetLine.objects.filter(task__strategy__plan=plan) | BudgetLine.objects.filter(plan=plan)
    return {
        "plan": [
            getattr(plan, f.name)
            for f in Plan._meta.concrete_fields
            if f.name not in ("id", "slug", "municipality", "owner_unit")
        ]
        + [plan.owner_unit.name],
        "targets": list(plan.headline_targets.order_by("order").values_list("order", "text", "value", "unit", "year")),
        "steps": list(plan.approval_steps.order_by("order").values_list("order", "kind", "title", "name", "signed")),
        "sections": list(plan.sections.order_by("order").values_list("order", "title", "body")),
        "strategies": list(
            plan.strategies.order_by("number").values_list(
                "number", "title", "background", "main_projects", "budget_text"
            )
        ),
        "tasks": [
            (
                t.strategy.number,
                t.code,
                t.order,
                t.title,
                t.type,
                t.lead_unit.name,
                sorted(u.name for u in t.co_units.all()),
                t.content,
                t.period_start,
                t.period_end,
                t.period_text,
                t.expected_effects,
                t.budget_text,
                list(t.objectives.order_by("order").values_list("order", "text", "half")),
                list(t.action_items.order_by("order").values_list("order", "title", "detail", "schedule")),
            )
            for t in tasks
        ],
        "units": sorted(
            (u.name, u.parent.name if u.parent else "", u.kind, u.head_title, u.head_name, u.is_coordinating)
            for u in OrgUnit.objects.filter(municipality=plan.municipality).select_related("parent")
            if u.name in {row[0] for row in _unit_rows(plan)}
        ),
        "budget": [
            (
                line.task.code if line.task_id else "",
                line.unit.name if line.unit_id else "",
                *(
                    getattr(line, name)
                    for name in (
                        "level",
                        "table",
                        "group",
                        "name",
                        "account",
                        "source",
                        "sector",
                        "phase",
                        "year",
                        "period_label",
                        "display_unit",
                        "planned",
                        "planned_text",
                        "secured",
                        "secured_text",
                        "executed",
                        "executed_text",
                        "note",
                        "is_part",
                    )
                ),
            )
            for line in lines.distinct().select_related("task", "unit").order_by("source_document", "seq")
        ],
    }


def _unit_rows(plan):
    from plans.onboarding.exporting import plan_units

    return [(unit.name,) for unit in plan_units(plan)]


@pytest.mark.parametrize("slug", SEED_PLANS)
def test_a_seed_plan_exported_and_imported_into_an_empty_city_gives_the_same_records(seeded, slug):
    original = Plan.objects.get(slug=slug)
    empty_city = Municipality.objects.create(name="새내기시", slug="saenaegi")
    data = edited(exported(slug), sheets.PLAN.title, set_cell(sheets.PLAN, "slug", "saenaegi-plan"))

    preview = plan_import(user=None, uploaded=io.BytesIO(data), municipality=empty_city)

    copy = Plan.objects.get(slug="saenaegi-plan")
    assert copy.municipality == empty_city
    assert plan_records(copy) == plan_records(original)
    assert preview.counts["create"] == len(preview.rows)


@pytest.mark.parametrize("slug", SEED_PLANS)
def test_importing_a_plans_own_export_changes_nothing(seeded, slug):
    plan = Plan.objects.get(slug=slug)
    before, records = history_rows(), plan_records(plan)
    preview = plan_import(user=None, uploaded=io.BytesIO(exported(slug)), municipality=plan.municipality)
    assert history_rows() == before
    assert plan_records(Plan.objects.get(slug=slug)) == records
    assert preview.counts["create"] == 0


def test_the_dry_run_command_checks_every_row_and_writes_nothing(seeded, tmp_path, capsys):
    path = tmp_path / "plan.xlsx"
    call_command("export_plan", SEED_PLANS[0], str(path))
    empty_city = MunicipalityFactory()
    data = edited(path.read_bytes(), sheets.PLAN.title, set_cell(sheets.PLAN, "slug", "dry-run-plan"))
    path.write_bytes(data)
    before = (Plan.objects.count(), Task.objects.count(), OrgUnit.objects.count(), BudgetLine.objects.count())
    call_command("import_plan", str(path), "--municipality", empty_city.slug, "--dry-run")
    output = capsys.readouterr().out
    assert "검사만 했습니다: 새로 작성" in output
    assert "[과제] 1-1" in output
    assert (Plan.objects.count(), Task.objects.count(), OrgUnit.objects.count(), BudgetLine.objects.count()) == before


BAD_ROWS = [
    (sheets.TASKS, "lead_unit", "없는과", "조직 '없는과'이(가) 없습니다"),
    (sheets.TASKS, "strategy", 99, "99번 전략이 없습니다"),
    (sheets.TASKS, "type", "새로움", "'새로움'은(는) 쓸 수 없습니다"),
    (sheets.TASKS, "period_start", "언젠가", "달을 알 수 없습니다"),
    (sheets.TASKS, "code", "1-2", "중복 행"),
    (sheets.TASKS, "title", None, "값을 입력하세요"),
    (sheets.OBJECTIVES, "task", "9-9", "과제번호 '9-9'이(가) 없습니다"),
    (sheets.UNITS, "kind", "부", "'부'은(는) 쓸 수 없습니다"),
    (sheets.UNITS, "parent", "없는실", "상위 조직 '없는실'이(가) 없습니다"),
    (sheets.PLAN, "period_end", "2026. 13.", "달을 알 수 없습니다"),
    (sheets.PLAN, "slug", "seoul-2018-innovation-growth", "다른 지방자치단체의 계획"),
    (sheets.PLAN, "slug", "공백 있는 주소", "문자"),
    (sheets.STRATEGIES, "number", "둘", "숫자가 아닙니다"),
]


@pytest.mark.parametrize(
    ("spec", "key", "value", "message"), BAD_ROWS, ids=[f"{s.title}-{k}" for s, k, _v, _m in BAD_ROWS]
)
def test_a_bad_row_is_refused_with_its_sheet_row_and_column_and_nothing_is_written(seeded, spec, key, value, message):
    plan = Plan.objects.get(slug=SEED_PLANS[0])
    data = edited(exported(plan.slug), spec.title, set_cell(spec, key, value))
    before = history_rows()
    with pytest.raises(ValidationError) as refused:
        plan_import(user=None, uploaded=io.BytesIO(data), municipality=plan.municipality)
    text = "\n".join(refused.value.messages)
    assert message in text
    assert "4행" in text
    assert history_rows() == before


def test_a_budget_amount_that_is_not_a_number_is_refused(seeded):
    plan = Plan.objects.get(slug=SEED_PLANS[0])
    budget = next(section.spec for section in sheets.extra_sections())
    data = edited(exported(plan.slug), budget.title, set_cell(budget, "planned", "많이"))
    with pytest.raises(ValidationError, match="숫자가 아닙니다"):
        preview_plan_import(io.BytesIO(data), municipality=plan.municipality).raise_if_invalid()


def test_the_voucher_stays_a_part_of_task_1_4_through_the_workbook_and_a_bad_mark_is_refused(seeded):
    plan = Plan.objects.get(slug="namyangju-2026-planning-office")
    budget = next(section.spec for section in sheets.extra_sections())
    empty_city = Municipality.objects.create(name="새내기시", slug="saenaegi")
    data = edited(exported(plan.slug), sheets.PLAN.title, set_cell(sheets.PLAN, "slug", "saenaegi-plan"))
    plan_import(user=None, uploaded=io.BytesIO(data), municipality=empty_city)
    copied = BudgetLine.objects.filter(task__strategy__plan__slug="saenaegi-plan", task__code="1-4")
    assert [(line.period_label, line.is_part) for line in copied.order_by("seq")] == [("증액 전", True), ("2026", True)]
    data = edited(exported(plan.slug), budget.title, set_cell(budget, "is_part", "아마"))
    with pytest.raises(ValidationError, match="'예' 또는 빈칸으로 적으세요"):
        preview_plan_import(io.BytesIO(data), municipality=plan.municipality).raise_if_invalid()


def test_a_sheet_of_another_template_is_refused_before_any_row_is_read(seeded):
    plan = Plan.objects.get(slug=SEED_PLANS[0])
    data = edited(exported(plan.slug), sheets.TASKS.title, lambda ws: ws.cell(1, 1, "plan-progress-import v1"))
    with pytest.raises(ValidationError, match="이 양식의 시트가 아닙니다"):
        preview_plan_import(io.BytesIO(data), municipality=plan.municipality)


def test_a_file_that_is_not_a_workbook_or_carries_macros_is_refused(seeded):
    plan = Plan.objects.get(slug=SEED_PLANS[0])
    macro = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(exported(plan.slug))) as source, zipfile.ZipFile(macro, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 508)
    for content in (b"%PDF-1.4 not a workbook", macro.getvalue()):
        with pytest.raises(ValidationError):
            preview_plan_import(io.BytesIO(content), municipality=plan.municipality)


def test_only_the_coordinating_office_of_the_city_onboards_its_plans(seeded, roles_synced):
    plan = Plan.objects.get(slug=SEED_PLANS[0])
    own_office = OrgUnit.objects.get(municipality=plan.municipality, is_coordinating=True)
    other_city_office = OrgUnitFactory(is_coordinating=True)
    data = exported(plan.slug)
    for user in (
        staff_user(own_office),
        staff_user(own_office, role=roles.MANAGER),
        staff_user(other_city_office, role=roles.COORDINATOR),
    ):
        with pytest.raises(PermissionDenied):
            plan_import(user=user, uploaded=io.BytesIO(data), municipality=plan.municipality)
    coordinator = staff_user(own_office, role=roles.COORDINATOR)
    assert plan_import(user=coordinator, uploaded=io.BytesIO(data), municipality=plan.municipality).plan == plan


def test_the_coordinating_office_exports_and_onboards_a_plan_in_the_admin(client, seeded, roles_synced):
    plan = Plan.objects.get(slug=SEED_PLANS[0])
    office = OrgUnit.objects.get(municipality=plan.municipality, is_coordinating=True)
    client.force_login(staff_user(office, role=roles.COORDINATOR))
    changelist = reverse("admin:plans_plan_changelist")
    assert reverse("admin:plans_plan_import") in client.get(changelist).content.decode()

    download = client.post(changelist, {"action": "export_workbook", "_selected_action": [plan.pk]})
    assert download["Content-Disposition"].startswith(f'attachment; filename="plan-{plan.slug}-')
    workbook = b"".join(download.streaming_content)
    changed = edited(workbook, sheets.TASKS.title, set_cell(sheets.TASKS, "title", "엑셀로 고친 과제명"))

    url = reverse("admin:plans_plan_import")
    preview = client.post(url, {"file": SimpleUploadedFile("plan.xlsx", changed)})
    assert "[과제] 1-1" in preview.content.decode()
    assert Task.objects.filter(title="엑셀로 고친 과제명").count() == 0
    done = client.post(url, {"confirm": "1", "token": preview.context["token"]})
    assert done.status_code == 302
    assert Task.objects.get(strategy__plan=plan, code="1-1").title == "엑셀로 고친 과제명"


def test_unit_staff_cannot_reach_the_plan_import(client, seeded, roles_synced):
    plan = Plan.objects.get(slug=SEED_PLANS[0])
    unit = OrgUnit.objects.filter(municipality=plan.municipality, is_coordinating=False).first()
    for role in (roles.STAFF, roles.MANAGER):
        client.force_login(staff_user(unit, role=role))
        assert client.get(reverse("admin:plans_plan_import")).status_code == 403


def test_a_generated_citys_largest_plan_exported_and_imported_into_an_empty_city_gives_the_same_records(db):
    from django.db.models import Count

    from citygen.services import city_generate

    city_generate(slug="gen", scale=1, seed=7)
    original = (
        Plan.objects.filter(municipality__slug="gen")
        .annotate(tasks=Count("strategies__tasks"))
        .order_by("-tasks", "slug")
        .first()
    )
    assert original.tasks >= 10
    empty_city = Municipality.objects.create(name="새내기시", slug="saenaegi")
    data = edited(exported(original.slug), sheets.PLAN.title, set_cell(sheets.PLAN, "slug", "saenaegi-plan"))

    plan_import(user=None, uploaded=io.BytesIO(data), municipality=empty_city)

    assert plan_records(Plan.objects.get(slug="saenaegi-plan")) == plan_records(original)
