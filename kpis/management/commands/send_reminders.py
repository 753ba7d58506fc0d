"""`manage.py send_reminders --month YYYY-MM [--dry-run]`: the monthly digest, by hand."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
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
        run = reminders_send_month(month=month)
        # Queuing happens on commit; report once it has.
        transaction.on_commit(lambda: self._report(month, run))

    def _report(self, month, run):
        """Say what was handed to the broker; fail (exit 1) when some reminders could not be."""
        self.stdout.write(f"{month:%Y-%m}: 보낼 알림 {len(run.pending)}건 중 {len(run.queued)}건을 발송 대기열에 넣음")
        if run.waiting:
            raise CommandError(
                f"{len(run.waiting)}건은 메시지 브로커(Redis)에 연결하지 못해 대기열에 넣지 못했습니다. "
                "기록은 '대기' 상태로 남아 있으며, 브로커가 돌아온 뒤 이 명령을 다시 실행하면(또는 다음 정기 실행 때) 보냅니다."
            )

    def _month(self, value):
        if not value:
            return timezone.localdate().replace(day=1)
        try:
            return datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise CommandError(f"--month 는 YYYY-MM 형식이어야 합니다: {value!r}") from None
