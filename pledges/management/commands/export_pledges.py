"""`manage.py export_pledges CITY TERM PATH`: a term's pledge list as the workbook `import_pledges` reads."""

from django.core.management.base import BaseCommand, CommandError

from pledges.models import Term
from pledges.onboarding import export_pledges


class Command(BaseCommand):
    """Write the pledge list of one term of a municipality to an .xlsx file."""

    help = "임기 하나의 공약 목록을 엑셀 통합문서(임기·분류·공약·관계자·선거공약·실천계획·현재·연차별 목표 시트)로 내보냅니다."

    def add_arguments(self, parser):
        """CITY (address name), TERM (e.g. 민선7기) and PATH."""
        parser.add_argument("city", help="지방자치단체 주소 이름 (예: goyang)")
        parser.add_argument("term", help="임기 (예: 민선7기)")
        parser.add_argument("path", help="저장할 .xlsx 파일 경로")

    def handle(self, *args, **options):
        """Export, then say how many rows were written."""
        term = Term.objects.filter(municipality__slug=options["city"], name=options["term"]).first()
        if term is None:
            raise CommandError(f"{options['city']}의 임기 '{options['term']}'을(를) 찾을 수 없습니다.")
        rows = export_pledges(term, options["path"])
        self.stdout.write(f"{term}: {rows}행을 {options['path']}에 썼습니다.")
