"""URL map: public pages under a language prefix (none for Korean), admin and i18n."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from config import public
from portal.health import healthz, readyz

admin.site.site_header = "시정계획 포털 관리"
admin.site.site_title = "시정계획 포털 관리"
admin.site.index_title = "업무 관리"

from portal.profile_views import notice_preferences  # noqa: E402  (after the admin site's titles are set)

urlpatterns = [
    path("robots.txt", public.robots_txt, name="robots"),
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": public.sitemaps()}, name="sitemap"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/profile/notices/", notice_preferences, name="notice-preferences"),
    path("admin/", admin.site.urls),
    path("reports/", include("portal.report_urls")),
    path("api/v1/", include("config.api")),
]

urlpatterns += i18n_patterns(
    path("", include("plans.urls")),
    path("", include("pledges.urls")),
    path("", include("budgets.urls")),
    path("", include("kpis.urls")),
    path("", include("portal.follow_urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
