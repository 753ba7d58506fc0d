"""`manage.py generate_city --scale N --municipality SLUG [--seed S]`: a generated city, created or replaced."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from citygen.services import city_generate


class Command(BaseCommand):
    """Replace one municipality's data with a generated city `--scale` times the seed documents."""

    help = "시드 문서의 N배 크기로 가상 도시 데이터를 만듭니다(같은 주소 이름의 지방자치단체는 새로 바꿉니다)."

    def add_arguments(self, parser):
        """Scale, municipality slug, seed and an optional display name."""
        parser.add_argument("--scale", type=float, required=True, help="시드 문서 대비 배수 (예: 0.1, 1, 10, 100)")
        parser.add_argument("--municipality", required=True, help="지방자치단체 주소 이름(slug, 16자 이하)")
        parser.add_argument("--seed", type=int, default=1, help="난수 시드 (같은 시드는 같은 데이터)")
        parser.add_argument("--name", default="", help="지방자치단체 이름 (기본: 가상시 <slug>)")

    def handle(self, *args, **options):
        """Generate, then print how long each step took."""
        started = time.perf_counter()
        try:
            timings = city_generate(
                slug=options["municipality"], scale=options["scale"], seed=options["seed"], name=options["name"]
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        if options["verbosity"]:
            steps = ", ".join(f"{step} {seconds:.1f}s" for step, seconds in timings.items())
            self.stdout.write(f"{options['municipality']}: {time.perf_counter() - started:.1f}s ({steps})")
