"""`manage.py send_reminders --month YYYY-MM [--dry-run]`: the monthly digest, by hand."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kpis.services import reminders_prepare, reminders_send_month


class Command(BaseCommand):
    """Prepare and send (or, with --dry-run, only show) one month's reminders."""

    help = "한 달치 업무 알림을 보냅니다. 이미 보낸 사람에게는 다시 보내지 않습니다."

    def add_arguments(self, parser):
        """The month and the dry-run switch."""
        parser.add_argument("--month", help="YYYY-MM (기본: 이번 달)")
        parser.add_argument("--dry-run", action="store_true", help="보낼 내용만 보여 주고 아무것도 쓰거나 보내지 않음")

    def handle(self, *args, **options):
        """Run the same job the beat schedule runs on the 1st."""
        month = self._month(options["month"])
        if options["dry_run"]:
            for user, sections in reminders_prepare(month=month, dry_run=True):
                counts = ", ".join(f"{name} {len(items)}" for name, items in sections.items() if items)
                self.stdout.write(f"{user.username} <{user.email}>: {counts}")
            return
        queued = reminders_send_month(month=month)
        self.stdout.write(f"{month:%Y-%m}: {len(queued)}건 발송 대기열에 넣음")

    def _month(self, value):
        if not value:
            return timezone.localdate().replace(day=1)
        try:
            return datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise CommandError(f"--month 는 YYYY-MM 형식이어야 합니다: {value!r}") from None
