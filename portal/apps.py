"""App configuration."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The `portal` app: the machinery every domain app shares."""

    name = "portal"
    verbose_name = "공통"

    @property
    def role_permissions(self):
        """The permissions this app gives each role."""
        return {
            "staff": ["portal.view_outboxmessage"],
            "manager": ["portal.download_report"],
            "coordinator": ["portal.view_reportdownload"],
        }
