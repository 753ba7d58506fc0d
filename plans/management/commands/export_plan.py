"""`manage.py export_plan PLAN PATH`: a whole plan as the workbook `import_plan` reads."""

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from plans.onboarding.exporting import export_plan


class Command(BaseCommand):
    """Write the plan named by its address name to an .xlsx file."""

    help = "업무계획 하나를 엑셀 통합문서(조직·계획·전략·과제·추진목표·예산 시트)로 내보냅니다."

    def add_arguments(self, parser):
        """PLAN (its address name) and PATH."""
        parser.add_argument("plan", help="계획의 주소 이름 (예: namyangju-2026-planning-office)")
        parser.add_argument("path", help="저장할 .xlsx 파일 경로")

    def handle(self, *args, **options):
        """Export, then say how many rows were written."""
        plan = Plan.objects.select_related("owner_unit").filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(f"계획 '{options['plan']}'을(를) 찾을 수 없습니다.")
        rows = export_plan(plan, options["path"])
        self.stdout.write(f"{plan.title}: {rows}행을 {options['path']}에 썼습니다.")
