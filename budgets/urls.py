"""Public budget pages."""

from django.urls import path

from budgets import views

app_name = "budgets"

urlpatterns = [
    path("<slug:slug>/budgets/", views.municipality_budget, name="municipality"),
    path("<slug:slug>/budgets/units/<int:pk>/", views.unit_budget, name="unit"),
]
