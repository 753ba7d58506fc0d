"""Non-public URLs of the managers' reports."""

from django.urls import path

from portal import report_views

app_name = "reports"

urlpatterns = [path("", report_views.download, name="download")]
