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
        total = len(delivery.queued) + len(delivery.sent) + len(delivery.waiting)
        line = f"{day:%Y-%m-%d}: 알림 {len(run.planned)}명 (새로 작성 {run.written}건), "
        if not total:
            line += "보낼 것 없음"
        elif delivery.in_process:
            line += f"보낼 알림 {total}건 중 {len(delivery.sent)}건 발송 완료"
        else:
            line += f"보낼 알림 {total}건 중 {len(delivery.queued)}건을 발송 대기열에 넣음"
        self.stdout.write(line)
        if delivery.broker_unreachable:
            raise CommandError(
                f"{len(delivery.waiting)}건은 메시지 브로커(Redis)에 연결하지 못해 대기열에 넣지 못했습니다. "
                "기록은 '대기' 상태로 남아 있으며, 브로커가 돌아온 뒤 이 명령을 다시 실행하면(또는 다음 정기 실행 때) 보냅니다."
            )
        if delivery.waiting:
            raise CommandError(
                f"{len(delivery.waiting)}건은 메일 서버가 받지 않아 보내지 못했습니다. "
                "기록은 '대기' 상태로 남아 있으며, 다음 실행 때 다시 보냅니다."
            )

    def _day(self, value):
        if not value:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date 는 YYYY-MM-DD 형식이어야 합니다: {value!r}") from None
