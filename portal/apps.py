"""App configuration."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The `portal` app: the machinery every domain app shares."""

    name = "portal"
    verbose_name = "공통"

    def ready(self):
        """Every change to a public model bumps the data generation (see `portal.generation`)."""
        from portal import generation

        generation.connect()

    @property
    def role_permissions(self):
        """The permissions this app gives each role."""
        return {
            "staff": ["portal.view_correction", "portal.view_outboxmessage"],
            "manager": ["portal.download_report"],
            "coordinator": ["portal.view_reportdownload"],
        }
