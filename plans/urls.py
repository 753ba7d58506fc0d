"""Public pages of the organisation and its plans."""

from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:slug>/organisation/", views.organisation, name="organisation"),
    path("<slug:slug>/units/<int:pk>/", views.unit_detail, name="unit"),
]
