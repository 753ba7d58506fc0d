"""`manage.py import_pledges PATH --municipality SLUG [--dry-run]`: onboard a term's pledge list from its workbook."""

from pledges.onboarding import preview_pledge_import
from pledges.services import pledge_list_import
from portal.commands import WorkbookImportCommand


class Command(WorkbookImportCommand):
    """A term, its category names, pledges, linked tasks, officials, texts (submitted for review) and targets."""

    help = "엑셀 통합문서에서 임기별 공약 목록을 가져옵니다. --dry-run 은 검사 결과만 보여 줍니다."
    preview = staticmethod(preview_pledge_import)
    apply = staticmethod(pledge_list_import)
