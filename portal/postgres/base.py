"""The retrying Postgres backend (see the package docstring)."""

import logging
import time

from django.db import DEFAULT_DB_ALIAS
from django.db.backends.postgresql import base

logger = logging.getLogger(__name__)

RETRY_PAUSE = 0.2


class DatabaseWrapper(base.DatabaseWrapper):
    """Django's Postgres wrapper whose new connections wait out a restarting server."""

    def __init__(self, settings_dict, alias=DEFAULT_DB_ALIAS):
        """Take our own option out of OPTIONS (libpq would refuse it)."""
        options = dict(settings_dict.get("OPTIONS") or {})
        self.connect_retry_seconds = float(options.pop("connect_retry_seconds", 0))
        super().__init__({**settings_dict, "OPTIONS": options}, alias)

    def get_new_connection(self, conn_params):
        """Connect, retrying while the server is not accepting connections, up to the configured time."""
        deadline = time.monotonic() + self.connect_retry_seconds
        while True:
            try:
                return super().get_new_connection(conn_params)
            except self.Database.OperationalError as error:
                if time.monotonic() >= deadline:
                    raise
                logger.warning("Postgres not accepting connections (%s); retrying", str(error).strip()[:120])
                time.sleep(RETRY_PAUSE)
