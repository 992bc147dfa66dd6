"""URLs of the open-data API, included at ``/api/`` (outside the language prefixes).

- ``/api/rejestry/`` — API root (browsable), lists and details of the registers;
- ``/api/rejestry/<rejestr>/eksport.csv|json|xlsx`` — streamed exports of a filtered list;
- ``/api/schema/`` — the OpenAPI 3.1 schema (JSON, or YAML with ``?format=yaml``);
- ``/api/docs/`` — the schema as an HTML page of the portal (no CDN, no script).
"""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import api, views
from .filters import BudgetLineFilter, BusinessEntryFilter, ParcelFilter

app_name = "public-records-api"


class RecordsRootView(DefaultRouter.APIRootView):
    """Open data of the municipality: the registers, their exports and the OpenAPI schema."""

    authentication_classes: list = []
    permission_classes: list = []
    renderer_classes = api.PublicRecordsAPIMixin.renderer_classes


router = DefaultRouter(trailing_slash=True)
router.APIRootView = RecordsRootView
router.register("dzialalnosc-gospodarcza", api.BusinessEntryViewSet, basename="business")
router.register("mienie", api.ParcelViewSet, basename="parcel")
router.register("budzet/pozycje", api.BudgetLineViewSet, basename="budget-line")
router.register("budzet/lata", api.BudgetYearViewSet, basename="budget-year")

EXPORTED_REGISTERS = (
    (
        "dzialalnosc-gospodarcza",
        "business",
        BusinessEntryFilter,
        api.businesses_queryset,
        "Eksport ewidencji działalności gospodarczej",
    ),
    ("mienie", "parcel", ParcelFilter, api.parcels_queryset, "Eksport działek gminy"),
    (
        "budzet/pozycje",
        "budget-line",
        BudgetLineFilter,
        api.budget_lines_queryset,
        "Eksport pozycji budżetu",
    ),
)

export_patterns = [
    path(
        f"{prefix}/eksport.{file_format}",
        api.export_view(
            name=basename,
            file_format=file_format,
            filterset=filterset,
            queryset_factory=queryset_factory,
            summary=summary,
        ),
        name=f"{basename}-export-{file_format}",
    )
    for prefix, basename, filterset, queryset_factory, summary in EXPORTED_REGISTERS
    for file_format in ("csv", "json", "xlsx")
]

#: What the schema describes: the registers only (Wagtail's /api/v2/ has its own conventions).
rejestry_patterns = [path("rejestry/", include([*export_patterns, *router.urls]))]

urlpatterns = [
    *rejestry_patterns,
    path(
        "schema/",
        SpectacularAPIView.as_view(patterns=[path("api/", include(rejestry_patterns))]),
        name="schema",
    ),
    path("docs/", views.api_docs, name="docs"),
]
