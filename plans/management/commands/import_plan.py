"""`manage.py import_plan PATH --municipality SLUG [--dry-run]`: onboard a plan from its workbook."""

from plans.onboarding.importing import preview_plan_import
from plans.services import plan_import
from portal.commands import WorkbookImportCommand


class Command(WorkbookImportCommand):
    """A whole plan (units, plan, strategies, tasks, objectives, budget lines) from its workbook."""

    help = "엑셀 통합문서에서 업무계획 전체를 가져옵니다. --dry-run 은 검사 결과만 보여 줍니다."
    preview = staticmethod(preview_plan_import)
    apply = staticmethod(plan_import)
