"""Management-command bases for workbook imports: `PATH --municipality SLUG [--dry-run]`, every row printed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal.organisation import municipality_model


class WorkbookImportCommand(BaseCommand):
    """Check every row of a workbook, then write all of it in one transaction (or, with --dry-run, only show it).

    Subclasses name `preview(uploaded, *, municipality)` and the service
    `apply(*, user, uploaded, municipality)`; the command acts as the system (user None).
    """

    preview = None
    apply = None

    def add_arguments(self, parser):
        """PATH, the municipality and the dry-run switch."""
        parser.add_argument("path", help="가져올 .xlsx 파일 경로")
        parser.add_argument("--municipality", required=True, help="지방자치단체 주소 이름 (예: namyangju)")
        parser.add_argument("--dry-run", action="store_true", help="쓰지 않고 행별 검사 결과만 출력")

    def handle(self, *args, **options):
        """Preview or import; every refused row is printed with its reason and nothing is written."""
        municipality = municipality_model().objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"지방자치단체 '{options['municipality']}'을(를) 찾을 수 없습니다.")
        try:
            with open(options["path"], "rb") as uploaded:
                if options["dry_run"]:
                    preview = type(self).preview(uploaded, municipality=municipality)
                else:
                    preview = type(self).apply(user=None, uploaded=uploaded, municipality=municipality)
        except (ValidationError, PermissionDenied) as error:
            raise CommandError("\n".join(getattr(error, "messages", [str(error)]))) from None
        except OSError as error:
            raise CommandError(f"파일을 열 수 없습니다: {error}") from None
        for row in preview.rows:
            self.stdout.write(f"{row.number:>5}행 {row.action_label or '오류'}: {row.label}")
        for message in preview.errors:
            self.stderr.write(message)
        if preview.errors:
            raise CommandError(f"오류 {len(preview.errors)}건: 아무것도 쓰지 않았습니다.")
        counts = preview.counts
        summary = f"새로 작성 {counts['create']}행, 수정 {counts['update']}행"
        self.stdout.write(("검사만 했습니다: " if options["dry_run"] else "가져왔습니다: ") + summary)
