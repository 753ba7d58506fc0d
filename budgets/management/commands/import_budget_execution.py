"""`manage.py import_budget_execution PATH --user LOGIN [--dry-run]`: 집행액 per line and period from the filled template."""

from budgets.imports import preview_execution_import
from budgets.services import budget_executions_import
from portal.commands import StaffImportCommand


class Command(StaffImportCommand):
    """Import a filled execution template as one staff member; the figures wait for the head's approval."""

    help = "채운 기간별 집행액 양식을 가져옵니다. 입력자 소관 조직의 예산만 바뀌며, 부서장 승인 뒤 공개됩니다."
    preview = staticmethod(preview_execution_import)
    apply = staticmethod(budget_executions_import)
