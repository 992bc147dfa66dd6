"""URLs of the public pages of the registers, included at ``rejestry/`` in every language."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "public-records"

urlpatterns = [
    path("", views.records_index, name="index"),
    path("budzet/", views.budget_latest, name="budget"),
    path("budzet/porownanie/", views.budget_comparison, name="budget-comparison"),
    path("budzet/<int:year>/", views.budget_year_view, name="budget-year"),
    path("dzialalnosc-gospodarcza/", views.business_list, name="business-list"),
    path("dzialalnosc-gospodarcza/<int:pk>/", views.business_detail, name="business-detail"),
    path("mienie/", views.parcel_list, name="parcel-list"),
    path("mienie/<int:pk>/", views.parcel_detail, name="parcel-detail"),
]
