"""Public pages of the pledges: the tracker, each pledge, and evidence downloads."""

from django.urls import path

from pledges import change_views, evaluation_views, feeds, panel_views, views

app_name = "pledges"

urlpatterns = [
    path("<slug:slug>/pledges/", views.tracker, name="tracker"),
    path("<slug:slug>/pledges/<int:term>/<str:code>/", views.pledge_detail, name="pledge"),
    path("<slug:slug>/pledges/<int:term>/<str:code>/feed/", feeds.PledgeFeed(), name="pledge_feed"),
    path("<slug:slug>/pledges/evaluation/", evaluation_views.evaluation, name="evaluation"),
    path("<slug:slug>/pledges/evaluation.xlsx", evaluation_views.evaluation_download, name="evaluation_download"),
    path("<slug:slug>/pledges/rules/<int:pk>/", evaluation_views.rules, name="rules"),
    path("<slug:slug>/pledges/changes/", change_views.open_changes, name="open_changes"),
    path("<slug:slug>/pledges/changes/<int:pk>/", change_views.change_detail, name="change"),
    path("<slug:slug>/pledges/panels/", panel_views.panels, name="panels"),
    path("<slug:slug>/pledges/panels/meetings/<int:pk>/", panel_views.panel_meeting, name="panel_meeting"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
