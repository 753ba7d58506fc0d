"""Public pages of the pledges: the tracker, each pledge, and evidence downloads."""

from django.urls import path

from pledges import feeds, views

app_name = "pledges"

urlpatterns = [
    path("<slug:slug>/pledges/", views.tracker, name="tracker"),
    path("<slug:slug>/pledges/<int:term>/<str:code>/", views.pledge_detail, name="pledge"),
    path("<slug:slug>/pledges/<int:term>/<str:code>/feed/", feeds.PledgeFeed(), name="pledge_feed"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
