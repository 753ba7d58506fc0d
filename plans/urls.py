"""Public pages of the organisation and its plans."""

from django.urls import path

from plans import feeds, views

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("sources/<str:key>/", views.source, name="source"),
    path("report-evidence/<int:pk>/", views.report_evidence, name="report_evidence"),
    path("<slug:slug>/", views.city, name="city"),
    path("<slug:slug>/updates/", views.updates, name="updates"),
    path("<slug:slug>/feed/", feeds.CityFeed(), name="city_feed"),
    path("<slug:slug>/plans/<slug:plan_slug>/feed/", feeds.PlanFeed(), name="plan_feed"),
    path("<slug:slug>/organisation/", views.organisation, name="organisation"),
    path("<slug:slug>/units/<int:pk>/", views.unit_detail, name="unit"),
    path("<slug:slug>/plans/", views.plan_list, name="plan_list"),
    path("<slug:slug>/plans/<slug:plan_slug>/", views.plan_detail, name="plan"),
    path("<slug:slug>/plans/<slug:plan_slug>/tasks/<str:code>/", views.task_detail, name="task"),
]
