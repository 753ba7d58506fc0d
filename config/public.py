"""What the public site says about itself to robots: robots.txt and the sitemap gathered from every app."""

from django.apps import apps
from django.http import HttpResponse
from django.urls import reverse
from django.utils.module_loading import import_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


def sitemaps():
    """Every app's sitemap sections (AppConfig `sitemaps`: section name → dotted path of a Sitemap class)."""
    return {
        name: import_string(dotted)
        for config in apps.get_app_configs()
        for name, dotted in getattr(config, "sitemaps", {}).items()
    }


@require_GET
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    """Public pages and open data may be crawled; staff screens and report downloads may not."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /reports/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
