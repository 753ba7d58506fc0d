"""Addresses of e-mail follows (`portal.follow_views`)."""

from django.urls import path

from portal import follow_views

app_name = "follow"

urlpatterns = [
    path("follow/<str:label>/<int:pk>/", follow_views.follow_form, name="form"),
    path("follow/confirm/<str:token>/", follow_views.follow_confirm, name="confirm"),
    path("follow/unsubscribe/<str:token>/", follow_views.follow_unsubscribe, name="unsubscribe"),
]
