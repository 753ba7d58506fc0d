"""`manage.py load_seed`: load the YAML seed files of `fixtures/`, idempotently."""

from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from portal.roles import roles_sync


def seed_loaders():
    """(file pattern, loader path) pairs that apps declare as `seed_files`, in INSTALLED_APPS order.

    Later apps' files refer to units, plans and pledges of earlier ones, and each app
    registers its own loader, so `plans` needs to know nothing of the others.
    """
    return [pair for config in apps.get_app_configs() for pair in getattr(config, "seed_files", [])]


class Command(BaseCommand):
    """Load the seed documents' data; a second run changes nothing."""

    help = "fixtures/ 의 YAML 시드 데이터를 불러옵니다 (두 번 실행해도 달라지지 않습니다)."

    def add_arguments(self, parser):
        """Where the seed files are."""
        parser.add_argument("--fixtures", default=str(settings.BASE_DIR / "fixtures"))

    def handle(self, *args, **options):
        """Sync the role groups, then load each seed file in order, all in one transaction."""
        fixtures = Path(options["fixtures"])
        if not fixtures.is_dir():
            raise CommandError(f"시드 폴더가 없습니다: {fixtures}")
        with transaction.atomic():
            roles_sync()
            for pattern, loader_path in seed_loaders():
                loader = import_string(loader_path)
                for path in sorted(fixtures.glob(pattern)):
                    data = yaml.safe_load(path.read_text(encoding="utf-8"))
                    loader(data)
                    if options["verbosity"]:
                        self.stdout.write(f"불러옴: {path.name}")
