"""`manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]`: the daily reminders, by hand, for any day."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kpis.services import reminders_prepare, reminders_send


class Command(BaseCommand):
    """Write and send (or, with --dry-run, only show) one day's reminders; prints what really happened."""

    help = "하루치 기한 알림을 보냅니다. 이미 보낸 알림은 다시 보내지 않습니다."

    def add_arguments(self, parser):
        """The day and the dry-run switch."""
        parser.add_argument("--date", help="YYYY-MM-DD (기본: 오늘)")
        parser.add_argument("--dry-run", action="store_true", help="보낼 내용만 보여 주고 아무것도 쓰거나 보내지 않음")

    def handle(self, *args, **options):
        """Run the job the beat schedule runs every morning, for the given day."""
        day = self._day(options["date"])
        if options["dry_run"]:
            run = reminders_prepare(day=day, dry_run=True)
            for planned in run.planned:
                self.stdout.write(f"{planned.user.username} <{planned.user.email}>: {planned.subject}")
                for line in planned.lines():
                    self.stdout.write(f"  - {line}")
            self.stdout.write(
                f"{day:%Y-%m-%d}: {len(run.planned)}명에게 보낼 알림 (시험 실행, 아무것도 쓰거나 보내지 않음)"
            )
            return
        run = reminders_send(day=day)
        delivery = run.delivery
        parts = [f"{day:%Y-%m-%d}: 알림 {len(run.planned)}명 (새로 작성 {run.written}건)"]
        if delivery.sent:
            parts.append(f"발송 완료 {len(delivery.sent)}건")
        if delivery.queued:
            parts.append(f"발송 대기열에 넣음 {len(delivery.queued)}건")
        if delivery.waiting:
            parts.append(f"브로커 연결 안 됨: {len(delivery.waiting)}건 발송 대기 (다음 실행 때 다시 보냄)")
        if not (delivery.sent or delivery.queued or delivery.waiting):
            parts.append("보낼 것 없음")
        self.stdout.write(", ".join(parts))

    def _day(self, value):
        if not value:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date 는 YYYY-MM-DD 형식이어야 합니다: {value!r}") from None
