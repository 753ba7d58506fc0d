"""What every part of the generator shares: the scale, the seed's random streams and the rows made so far."""

import datetime
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")

# The generated data describe the city as of this day, whatever day it is generated on,
# so that the same seed always gives the same rows.
AS_OF = datetime.date(2026, 11, 20)

BATCH = 2000


@dataclass
class City:
    """The generation of one municipality: its size, its random streams and the rows made so far."""

    municipality: object
    scale: float
    seed: int
    bureaus: list = field(default_factory=list)
    divisions: list = field(default_factory=list)
    teams: list = field(default_factory=list)
    coordinating: object = None
    managers: dict = field(default_factory=dict)
    staff: dict = field(default_factory=dict)
    plans: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    term: object = None
    pledges: list = field(default_factory=list)

    @property
    def slug(self):
        """The municipality's slug, which prefixes every generated key."""
        return self.municipality.slug

    def rng(self, part):
        """A random stream of its own for each part, so that changing one part leaves the others' rows alone."""
        return random.Random(f"{self.seed}:{part}")  # noqa: S311 - test data, not secrets

    def count(self, per_scale, minimum=1):
        """How many rows of something there are at this scale (`per_scale` at scale 1)."""
        return max(minimum, round(per_scale * self.scale))


def at_seoul(day, hour=10):
    """An aware datetime on `day` at `hour` o'clock in Seoul."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SEOUL)


def bulk(model, rows):
    """Insert `rows` in batches and return them with their primary keys (Postgres and SQLite both return them)."""
    return model.objects.bulk_create(rows, batch_size=BATCH)
