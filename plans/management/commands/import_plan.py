"""`manage.py import_plan PATH --municipality SLUG [--dry-run]`: onboard a plan from its workbook."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from plans.models import Municipality
from plans.onboarding.importing import preview_plan_import
from plans.services import plan_import


class Command(BaseCommand):
    """Check every row of the workbook, then write all of it in one transaction (or only show it)."""

    help = "엑셀 통합문서에서 업무계획 전체를 가져옵니다. --dry-run 은 검사 결과만 보여 줍니다."

    def add_arguments(self, parser):
        """PATH, the municipality and the dry-run switch."""
        parser.add_argument("path", help="가져올 .xlsx 파일 경로")
        parser.add_argument("--municipality", required=True, help="지방자치단체 주소 이름 (예: namyangju)")
        parser.add_argument("--dry-run", action="store_true", help="쓰지 않고 행별 검사 결과만 출력")

    def handle(self, *args, **options):
        """Preview or import; every refused row is printed with its reason and nothing is written."""
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"지방자치단체 '{options['municipality']}'을(를) 찾을 수 없습니다.")
        try:
            with open(options["path"], "rb") as uploaded:
                if options["dry_run"]:
                    preview = preview_plan_import(uploaded, municipality=municipality)
                else:
                    preview = plan_import(user=None, uploaded=uploaded, municipality=municipality)
        except (ValidationError, PermissionDenied) as error:
            raise CommandError("\n".join(getattr(error, "messages", [str(error)]))) from None
        except OSError as error:
            raise CommandError(f"파일을 열 수 없습니다: {error}") from None
        for row in preview.rows:
            self.stdout.write(f"{row.number:>5}행 {row.action_label or '오류'}: {row.label}")
        for message in preview.errors:
            self.stderr.write(message)
        counts = preview.counts
        summary = f"새로 작성 {counts['create']}행, 수정 {counts['update']}행"
        if preview.errors:
            raise CommandError(f"오류 {len(preview.errors)}건: 아무것도 쓰지 않았습니다.")
        self.stdout.write(("검사만 했습니다: " if options["dry_run"] else "가져왔습니다: ") + summary)
