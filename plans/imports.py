"""Excel import of quarterly progress reports: the pre-filled template and the reading of a filled one.

File checks, reading and row results are those of `portal.spreadsheet`; this module
knows the columns, which tasks a unit gets, and when a row creates, updates or leaves a report.
"""

import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from plans.models import ProgressReport, Task
from portal.periods import Period
from portal.periods import quarter as period_of_quarter
from portal.spreadsheet import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ImportColumn,
    ImportPreview,
    ImportRow,
    ImportSpec,
    cell_text,
    check_duplicates,
    parse_choice,
    parse_int,
    read_rows,
    record_errors,
    write_template,
)

STATUS_LABELS = tuple(str(label) for _value, label in ProgressReport.Status.choices)
PROGRESS_SPEC = ImportSpec(
    marker="plan-progress-import v1",
    title="분기별 추진실적 입력",
    note="추진상태·추진률·추진실적을 입력하세요. 1~3행, 업무계획·과제번호 열은 고치지 마세요. 비워 둔 행은 건너뜁니다.",
    columns=(
        ImportColumn("plan", "업무계획", 26, filled_in=False),
        ImportColumn("code", "과제번호", 9, filled_in=False),
        ImportColumn("title", "과제명", 36, filled_in=False),
        ImportColumn("year", "연도", 7, filled_in=False),
        ImportColumn("quarter", "분기", 6, filled_in=False),
        ImportColumn("status", "추진상태", 10, choices=STATUS_LABELS),
        ImportColumn("progress", "추진률(%)", 9),
        ImportColumn("narrative", "추진실적", 50),
        ImportColumn("problems", "문제점", 30),
        ImportColumn("next_steps", "향후계획", 30),
    ),
)
REPORT_TEXTS = ("narrative", "problems", "next_steps")
REPORT_FIELDS = ("status", "progress", *REPORT_TEXTS)


def progress_template_tasks(user, quarter):
    """The user's tasks that can be reported on in `quarter`, in plan order."""
    tasks = (
        Task.objects.for_user(user)
        .select_related("strategy__plan")
        .order_by("strategy__plan__slug", "strategy__number", "order", "code")
    )
    return [task for task in tasks if quarter.overlaps(*task.reporting_window())]


def progress_import_template(*, user, period: Period, target) -> int:
    """Write the progress template for the quarter `period`: one row per task of the user's, with any report filed."""
    tasks = progress_template_tasks(user, period)
    reports = {
        report.task_id: report
        for report in ProgressReport.objects.for_quarter(period).filter(task__in=[task.pk for task in tasks])
    }
    rows = []
    for task in tasks:
        report = reports.get(task.pk)
        filed = (
            [report.get_status_display(), report.progress, *(getattr(report, f) for f in REPORT_TEXTS)]
            if report
            else []
        )
        rows.append([task.strategy.plan.slug, task.code, task.title, period.year, period.number, *filed])
    write_template(PROGRESS_SPEC, rows, target)
    return len(rows)


def preview_progress_import(uploaded, *, user) -> ImportPreview:
    """Check an upload of the progress template and say, row by row, what importing it would do."""
    data, raw_rows = read_rows(uploaded, PROGRESS_SPEC)
    tasks = {
        (task.strategy.plan.slug, task.code): task
        for task in Task.objects.filter(
            strategy__plan__slug__in={cell_text(values["plan"]) for _n, values in raw_rows},
            code__in={cell_text(values["code"]) for _n, values in raw_rows},
        ).select_related("strategy__plan")
    }
    in_scope = set(
        Task.objects.for_user(user).filter(pk__in=[t.pk for t in tasks.values()]).values_list("pk", flat=True)
    )
    reports = {
        (report.task_id, report.year, report.quarter): report
        for report in ProgressReport.objects.filter(task__in=list(tasks.values()))
    }
    rows = [_progress_row(number, values, tasks, in_scope) for number, values in raw_rows]
    check_duplicates(
        rows,
        lambda row: (
            (row.values["task"].pk, row.values["year"], row.values["quarter"]) if "task" in row.values else None
        ),
        PROGRESS_SPEC.header("code"),
    )
    for row in rows:
        if not row.errors:
            _decide_progress(row, reports, user)
    return ImportPreview(data=data, rows=rows)


def _progress_row(number, values, tasks, in_scope):
    header = PROGRESS_SPEC.header
    plan, code = cell_text(values["plan"]), cell_text(values["code"])
    row = ImportRow(number=number, label=f"{code} {cell_text(values['title'])}".strip())
    task = tasks.get((plan, code))
    if not code:
        row.add_error(header("code"), _("과제번호가 비어 있습니다."))
    elif task is None:
        row.add_error(
            header("code"), _("과제 '%(code)s'(업무계획 '%(plan)s')를 찾을 수 없습니다.") % {"code": code, "plan": plan}
        )
    elif task.pk not in in_scope:
        row.add_error(header("code"), _("과제 '%(code)s'는 소속 부서의 과제가 아닙니다.") % {"code": code})
    year = parse_int(row, header("year"), values["year"], 2000, 2100)
    quarter = parse_int(row, header("quarter"), values["quarter"], 1, 4)
    status = parse_choice(row, header("status"), values["status"], ProgressReport.Status.choices)
    progress = parse_int(row, header("progress"), values["progress"], 0, 100, _("추진률은 0에서 100 사이여야 합니다."))
    texts = {name: cell_text(values[name]) for name in REPORT_TEXTS}
    if not texts["narrative"]:
        row.add_error(header("narrative"), _("추진실적을 입력하세요."))
    if task is not None and year is not None and quarter is not None:
        row.values = {"task": task, "year": year, "quarter": quarter}
        row.label = f"{task.code} {task.title} ({period_of_quarter(year, quarter)})"
    if not row.errors:
        row.values.update(status=status, progress=progress, **texts)
        row.summary = f"{dict(ProgressReport.Status.choices)[status]} · {progress}% · {texts['narrative'][:60]}"
    return row


def _decide_progress(row, reports, user):
    """Unchanged when equal to the stored report; otherwise check it exactly as the service will."""
    values = row.values
    existing = reports.get((values["task"].pk, values["year"], values["quarter"]))
    if existing is not None and all(getattr(existing, name) == values[name] for name in REPORT_FIELDS):
        row.action, row.target = UNCHANGED, existing
        return
    candidate = copy.copy(existing) if existing is not None else ProgressReport(author=user)
    for name, value in values.items():
        setattr(candidate, name, value)
    try:
        candidate.check_editable()
        candidate.full_clean()
    except ValidationError as error:
        record_errors(row, error, PROGRESS_SPEC, {"task": "code"})
        return
    row.action, row.target = (UPDATE, existing) if existing is not None else (CREATE, None)
