"""The sheets of a plan workbook, and the sheets other apps add to it (budget lines, …).

Every sheet is an `ImportSpec` of `portal.spreadsheet`, found in an upload by the marker in
its A1 cell. An app adds a sheet by naming, on its AppConfig, `plan_workbook_sections`:
dotted paths to objects with `spec`, `export_rows(plan)`, `check(rows, context)` (record each
row's errors, set its values) and `write(plan, rows, context)`.
"""

from plans.models import ApprovalStep, OrgUnit, Task, TaskObjective
from portal.hooks import declared
from portal.spreadsheet import ImportColumn, ImportSpec

KEEP_HEADERS = "1~3행은 고치지 마세요. 비워 둔 행은 건너뜁니다."
# The approval metadata of a plan document (DESIGN.md §3), each a text column of the plan sheet.
APPROVAL_TEXT_COLUMNS = (
    ("document_number", "문서번호"),
    ("disclosure", "공개여부"),
    ("disclosure_class", "공개구분"),
    ("policy_number", "방침번호"),
    ("retention", "보존기간"),
    ("producing_unit", "생산 부서"),
    ("author", "작성자"),
    ("author_phone", "작성자 전화번호"),
    ("management_number", "관리번호"),
    ("classification", "분류정보"),
)
UNIT_KINDS = tuple(str(label) for _value, label in OrgUnit.Kind.choices)
TASK_TYPES = tuple(str(label) for _value, label in Task.Type.choices)
HALVES = tuple(str(label) for _value, label in TaskObjective.Half.choices)
STEP_KINDS = tuple(str(label) for _value, label in ApprovalStep.Kind.choices)

UNITS = ImportSpec(
    marker="plan-workbook units v1",
    title="조직",
    note="계획에 나오는 조직을 상위 조직부터 적으세요. 이미 있는 조직은 이름으로 찾아 고칩니다. " + KEEP_HEADERS,
    columns=(
        ImportColumn("name", "조직명", 24),
        ImportColumn("parent", "상위 조직", 24),
        ImportColumn("kind", "구분", 14, choices=UNIT_KINDS),
        ImportColumn("head_title", "장 직위", 14),
        ImportColumn("head_name", "장 성명", 12),
        ImportColumn("is_coordinating", "총괄부서(예/아니오)", 10, choices=("예", "아니오")),
    ),
)
PLAN = ImportSpec(
    marker="plan-workbook plan v1",
    title="업무계획",
    note="한 행에 계획 하나. 주소 이름은 영문 소문자·숫자·하이픈입니다. 기간은 2026-01 또는 2026. 1. 처럼 적습니다. "
    + KEEP_HEADERS,
    columns=(
        ImportColumn("slug", "주소 이름", 30),
        ImportColumn("title", "계획명", 40),
        ImportColumn("owner_unit", "소관 조직", 20),
        ImportColumn("period_start", "기간 시작(월)", 12),
        ImportColumn("period_end", "기간 끝(월)", 12),
        ImportColumn("vision", "비전", 40),
        ImportColumn("goal", "목표", 40),
        ImportColumn("level1_label", "1단계 이름", 14),
        ImportColumn("level2_label", "2단계 이름", 14),
        ImportColumn("source", "출처 문서", 20),
        ImportColumn("licence", "이용조건", 20),
        *(ImportColumn(key, header, 14) for key, header in APPROVAL_TEXT_COLUMNS),
        ImportColumn("approved_on", "결재일자", 12),
        ImportColumn("produced_on", "생산일자", 12),
    ),
)
TARGETS = ImportSpec(
    marker="plan-workbook targets v1",
    title="핵심목표",
    note="계획의 핵심 목표. 목표값이 없으면 비워 두세요. " + KEEP_HEADERS,
    columns=(
        ImportColumn("text", "목표", 40),
        ImportColumn("value", "목표값", 12),
        ImportColumn("unit", "단위", 8),
        ImportColumn("year", "목표 연도", 10),
    ),
)
APPROVALS = ImportSpec(
    marker="plan-workbook approvals v1",
    title="결재",
    note="결재·협조 순서대로 적으세요. " + KEEP_HEADERS,
    columns=(
        ImportColumn("kind", "구분", 10, choices=STEP_KINDS),
        ImportColumn("title", "직위", 20),
        ImportColumn("name", "성명", 12),
        ImportColumn("signed", "서명일", 12),
    ),
)
SECTIONS = ImportSpec(
    marker="plan-workbook sections v1",
    title="본문",
    note="추진배경·현황 같은 본문을 순서대로 적으세요. " + KEEP_HEADERS,
    columns=(ImportColumn("title", "제목", 24), ImportColumn("body", "내용", 80)),
)
STRATEGIES = ImportSpec(
    marker="plan-workbook strategies v1",
    title="추진전략",
    note="1단계(추진전략·프로젝트)를 번호 순서로 적으세요. " + KEEP_HEADERS,
    columns=(
        ImportColumn("number", "번호", 8),
        ImportColumn("title", "제목", 50),
        ImportColumn("background", "추진배경", 40),
        ImportColumn("main_projects", "주요사업", 40),
        ImportColumn("budget_text", "소요예산 원문", 30),
    ),
)
TASKS = ImportSpec(
    marker="plan-workbook tasks v1",
    title="과제",
    note="과제마다 한 행. 협업 조직은 쉼표로, 기대효과는 줄을 바꿔 적습니다. 사업기간이 문서에 없으면 비워 두세요. "
    + KEEP_HEADERS,
    columns=(
        ImportColumn("strategy", "전략 번호", 8),
        ImportColumn("code", "과제번호", 9),
        ImportColumn("title", "과제명", 40),
        ImportColumn("type", "유형", 8, choices=TASK_TYPES),
        ImportColumn("lead_unit", "주관 조직", 18),
        ImportColumn("co_units", "협업 조직", 24),
        ImportColumn("period_start", "사업기간 시작(월)", 12),
        ImportColumn("period_end", "사업기간 끝(월)", 12),
        ImportColumn("period_text", "사업기간 원문", 16),
        ImportColumn("content", "사업내용", 50),
        ImportColumn("expected_effects", "기대효과", 40),
        ImportColumn("budget_text", "소요예산 원문", 30),
    ),
)
OBJECTIVES = ImportSpec(
    marker="plan-workbook objectives v1",
    title="추진목표",
    note="과제의 추진목표를 순서대로 적으세요. 반기는 해당할 때만. " + KEEP_HEADERS,
    columns=(
        ImportColumn("task", "과제번호", 9),
        ImportColumn("text", "추진목표", 60),
        ImportColumn("half", "반기", 8, choices=HALVES),
    ),
)
ACTIONS = ImportSpec(
    marker="plan-workbook actions v1",
    title="추진계획",
    note="과제의 추진계획(세부 일정)을 순서대로 적으세요. " + KEEP_HEADERS,
    columns=(
        ImportColumn("task", "과제번호", 9),
        ImportColumn("title", "제목", 30),
        ImportColumn("detail", "내용", 50),
        ImportColumn("schedule", "일정", 16),
    ),
)
PLAN_SHEETS = (UNITS, PLAN, TARGETS, APPROVALS, SECTIONS, STRATEGIES, TASKS, OBJECTIVES, ACTIONS)


def extra_sections():
    """The sheets other apps add to the plan workbook, from their AppConfig `plan_workbook_sections`."""
    return declared("plan_workbook_sections")
