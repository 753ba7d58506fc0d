"""`python manage.py export_report NAME PATH [--municipality …] [--plan SLUG]`: a report to a file, for scheduled export."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from plans.models import Municipality, OrgUnit, Plan
from portal.models import ReportDownload
from portal.reports import report_catalogue, report_export, resolve_filters


class Command(BaseCommand):
    """Write one of the managers' reports to an .xlsx file; logged like a download."""

    help = "관리용 엑셀 보고서를 파일로 내보냅니다 (plan-progress, budget, pledges, kpis)."

    def add_arguments(self, parser):
        """NAME, PATH and the filters of the download page."""
        parser.add_argument("name", choices=sorted(report_catalogue()))
        parser.add_argument("path")
        parser.add_argument("--municipality", help="지방자치단체 이름 또는 주소 이름(slug)")
        parser.add_argument("--unit", help="조직 이름 (지방자치단체 안에서)")
        parser.add_argument("--plan", help="업무계획 주소 이름(slug)")
        parser.add_argument("--year", type=int)
        parser.add_argument("--quarter", type=int)

    def handle(self, *args, name, path, municipality, unit, plan, year, quarter, **options):
        """Resolve the filters, write the file, say how many rows it holds."""
        city = None
        if municipality:
            city = (
                Municipality.objects.filter(slug=municipality).first()
                or Municipality.objects.filter(name=municipality).first()
            )
            if city is None:
                raise CommandError(f"지방자치단체를 찾을 수 없습니다: {municipality}")
        org_unit = None
        if unit:
            units = OrgUnit.objects.filter(name=unit)
            units = units.filter(municipality=city) if city else units
            if units.count() != 1:
                raise CommandError(f"조직을 하나로 찾을 수 없습니다: {unit} (--municipality 를 함께 주세요)")
            org_unit = units.get()
        chosen_plan = None
        if plan:
            chosen_plan = Plan.objects.filter(slug=plan).first()
            if chosen_plan is None:
                raise CommandError(f"업무계획을 찾을 수 없습니다: {plan}")
        try:
            filters = resolve_filters(
                None, municipality=city, unit=org_unit, plan=chosen_plan, year=year, quarter=quarter
            )
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        download = report_export(
            user=None, name=name, filters=filters, target=path, channel=ReportDownload.Channel.COMMAND
        )
        self.stdout.write(f"{name}: {download.rows}행 → {path}")
