"""`manage.py export_budget_execution PATH --user LOGIN --year YEAR [--period quarter-3]`: the execution template."""

from django.core.management.base import BaseCommand, CommandError

from budgets.imports import execution_import_template
from portal.admin_imports import period_choices
from portal.commands import staff_user_named
from portal.periods import Period, PeriodKind

PERIODS = [key for key, _label in period_choices(list(PeriodKind))]


class Command(BaseCommand):
    """Write the execution template of one staff member's lines for one period."""

    help = "직원 소관 조직의 예산 항목을 집행액 칸을 비운 기간별 집행액 양식으로 내보냅니다."

    def add_arguments(self, parser):
        """PATH, the staff member, the year and the period of it."""
        parser.add_argument("path", help="저장할 .xlsx 파일 경로")
        parser.add_argument("--user", required=True, help="양식을 받을 직원의 로그인 이름")
        parser.add_argument("--year", type=int, required=True, help="회계연도 (예: 2026)")
        parser.add_argument(
            "--period", default="year-1", choices=PERIODS, help="기간 (year-1, half-2, quarter-3, month-11 …)"
        )

    def handle(self, *args, **options):
        """Export, then say how many rows were written."""
        kind, _sep, number = options["period"].partition("-")
        try:
            period = Period(kind, options["year"], int(number))
        except ValueError:
            raise CommandError(f"기간 '{options['period']}'을(를) 알 수 없습니다.") from None
        rows = execution_import_template(user=staff_user_named(options["user"]), period=period, target=options["path"])
        self.stdout.write(f"{period.label}: {rows}행을 {options['path']}에 썼습니다.")
