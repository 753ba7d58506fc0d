"""The indicators' part of the sitemap."""

from django.contrib.sitemaps import Sitemap

from kpis.models import Indicator


class IndicatorSitemap(Sitemap):
    """Every published indicator."""

    changefreq = "monthly"

    def items(self):
        """Published indicators, with what their address needs."""
        return Indicator.objects.published().select_related("municipality").order_by("pk")
