"""Public KPI pages and the evaluation calendar."""

from django.urls import path

from kpis import views

app_name = "kpis"

urlpatterns = [
    path("<slug:slug>/indicators/", views.indicator_list, name="indicators"),
    path("<slug:slug>/indicators/<slug:key>/", views.indicator_detail, name="indicator"),
    path("<slug:slug>/calendar/", views.calendar, name="calendar"),
]
