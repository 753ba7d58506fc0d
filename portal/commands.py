"""Management-command bases for workbook imports: `PATH --municipality SLUG` or `PATH --user LOGIN`, `[--dry-run]`, every row printed."""

from django.contrib.auth import get_user_model
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
        report_rows(self, preview, dry_run=options["dry_run"])


def report_rows(command, preview, *, dry_run):
    """Print every row's result; refused rows make the command fail, saying nothing was written."""
    for row in preview.rows:
        command.stdout.write(f"{row.number:>5}행 {row.action_label or '오류'}: {row.label}")
    for message in preview.errors:
        command.stderr.write(message)
    if preview.errors:
        raise CommandError(f"오류 {len(preview.errors)}건: 아무것도 쓰지 않았습니다.")
    counts = preview.counts
    summary = f"새로 작성 {counts['create']}행, 수정 {counts['update']}행"
    command.stdout.write(("검사만 했습니다: " if dry_run else "가져왔습니다: ") + summary)


class StaffImportCommand(BaseCommand):
    """`PATH --user LOGIN [--dry-run]`: an import written as one staff member, inside that person's scope.

    For figures that go through review (the import records who entered them): subclasses
    name `preview(uploaded, *, user)` and the service `apply(*, user, uploaded)`.
    """

    preview = None
    apply = None

    def add_arguments(self, parser):
        """PATH, the staff member and the dry-run switch."""
        parser.add_argument("path", help="가져올 .xlsx 파일 경로")
        parser.add_argument("--user", required=True, help="입력자로 기록할 직원의 로그인 이름")
        parser.add_argument("--dry-run", action="store_true", help="쓰지 않고 행별 검사 결과만 출력")

    def handle(self, *args, **options):
        """Preview or import as the user; every refused row is printed with its reason and nothing is written."""
        user = staff_user_named(options["user"])
        try:
            with open(options["path"], "rb") as uploaded:
                if options["dry_run"]:
                    preview = type(self).preview(uploaded, user=user)
                else:
                    preview = type(self).apply(user=user, uploaded=uploaded)
        except (ValidationError, PermissionDenied) as error:
            raise CommandError("\n".join(getattr(error, "messages", [str(error)]))) from None
        except OSError as error:
            raise CommandError(f"파일을 열 수 없습니다: {error}") from None
        report_rows(self, preview, dry_run=options["dry_run"])


def staff_user_named(username):
    """The active staff account with this login name, or a command error."""
    user = get_user_model().objects.filter(username=username, is_active=True, is_staff=True).first()
    if user is None:
        raise CommandError(f"활성 직원 계정 '{username}'을(를) 찾을 수 없습니다.")
    return user
