"""The open-data API of the public records (read-only, public): lists, details, tree, exports.

Under ``/api/rejestry/`` (``/api/v2/`` is Wagtail's page API). Filters are the FilterSets of
``filters.py`` (the same as on the pages); a bad filter or ordering value answers 400 with the
reason, in Polish or English by ``Accept-Language``.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from . import exports
from .filters import BudgetLineFilter, BusinessEntryFilter, ParcelFilter
from .models import BudgetLine, BudgetYear, BusinessEntry, Parcel
from .selectors import budget_tree
from .serializers import (
    BudgetLineSerializer,
    BudgetTreeSerializer,
    BudgetYearSerializer,
    BusinessEntrySerializer,
    ParcelSerializer,
)

#: Rows per page unless ``rozmiar`` asks for another number (at most MAX_PAGE_SIZE).
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class RecordsPagination(PageNumberPagination):
    """``strona`` (page) and ``rozmiar`` (rows per page, capped at 500)."""

    page_size = PAGE_SIZE
    page_query_param = "strona"
    page_size_query_param = "rozmiar"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = _("Numer strony wyników (od 1).")
    page_size_query_description = _("Wierszy na stronie (domyślnie 50, najwyżej 500).")

    def get_paginated_response_schema(self, schema: dict) -> dict:
        """DRF's envelope, with the links nullable the OpenAPI 3.1 (JSON Schema) way."""
        envelope = super().get_paginated_response_schema(schema)
        for name in ("next", "previous"):
            link = envelope["properties"][name]
            link.pop("nullable", None)
            link["type"] = ["string", "null"]
        return envelope


class ClientLanguageMixin:
    """Messages (e.g. of a 400) in the language the client accepts.

    /api/ has no language prefix, so the locale middleware would always pick Polish.
    """

    def dispatch(self, request, *args, **kwargs):
        """Run the view in the language of ``Accept-Language`` (or the language cookie)."""
        language = translation.get_language_from_request(request)
        with translation.override(language):
            response = super().dispatch(request, *args, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response


class PublicRecordsAPIMixin(ClientLanguageMixin):
    """Public, read-only, JSON or DRF's browsable API (its own static files: works offline)."""

    authentication_classes: list = []
    permission_classes: list = []
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    filter_backends = [DjangoFilterBackend]
    pagination_class = RecordsPagination


def businesses_queryset():
    """Entries with their PKD codes and source, in a stable order."""
    return (
        BusinessEntry.objects.select_related("source")
        .prefetch_related("pkd_codes")
        .order_by("business_name", "pk")
    )


def parcels_queryset():
    """Parcels with their source, in a stable order."""
    return Parcel.objects.select_related("source").order_by("precinct_code", "number", "pk")


def budget_lines_queryset():
    """Budget lines with their classification and source, in the order budgets print."""
    return BudgetLine.objects.select_related(
        "budget_year", "division", "chapter", "paragraph", "source"
    ).order_by(
        "-budget_year__year",
        "line_type",
        "division__code",
        "chapter__code",
        "paragraph__code",
        "financing_digit",
        "pk",
    )


@extend_schema_view(
    list=extend_schema(
        summary=_("Ewidencja działalności gospodarczej: lista z filtrami"),
        description=_("Tylko dane, które ewidencja udostępnia publicznie."),
    ),
    retrieve=extend_schema(
        summary=_("Wpis do ewidencji działalności gospodarczej"),
        description=_("Wpis z kodami PKD, źródłem danych i metryką."),
    ),
)
class BusinessEntryViewSet(PublicRecordsAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Register of business activity: only the published data of an entry."""

    serializer_class = BusinessEntrySerializer
    filterset_class = BusinessEntryFilter
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        """All entries (the register is public), PKD codes prefetched."""
        return businesses_queryset()


@extend_schema_view(
    list=extend_schema(
        summary=_("Mienie komunalne: działki, lista z filtrami"),
        description=_("Powierzchnia w m²; wartość księgowa tylko, gdy urząd ją publikuje."),
    ),
    retrieve=extend_schema(
        summary=_("Działka gminy"), description=_("Działka ze źródłem danych i metryką.")
    ),
)
class ParcelViewSet(PublicRecordsAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Municipal parcels."""

    serializer_class = ParcelSerializer
    filterset_class = ParcelFilter
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        """All parcels."""
        return parcels_queryset()


@extend_schema_view(
    list=extend_schema(
        summary=_("Budżet: pozycje (dział, rozdział, paragraf) z filtrami"),
        description=_("Plan pierwotny, plan po zmianach i wykonanie w zł (liczby jako tekst)."),
    ),
    retrieve=extend_schema(
        summary=_("Pozycja budżetu"), description=_("Pozycja ze źródłem danych i metryką.")
    ),
)
class BudgetLineViewSet(PublicRecordsAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Lines of the budget: plan and execution by classification."""

    serializer_class = BudgetLineSerializer
    filterset_class = BudgetLineFilter
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        """All lines of all years."""
        return budget_lines_queryset()


class BudgetTreeQuery(serializers.Serializer):
    """Query of the budget tree: income or expense."""

    rodzaj = serializers.ChoiceField(
        choices=BudgetLine.LineType.choices,
        default=BudgetLine.LineType.EXPENSE,
        help_text=_("income (dochody) albo expense (wydatki)"),
    )


@extend_schema_view(
    list=extend_schema(
        summary=_("Budżety: lata, uchwały budżetowe i stan"),
        description=_("Lata, dla których opublikowano budżet."),
    ),
    retrieve=extend_schema(
        summary=_("Budżet jednego roku"), description=_("Uchwała budżetowa, stan i metryka.")
    ),
)
class BudgetYearViewSet(PublicRecordsAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Budget years; ``drzewo`` gives a year's budget as a tree with sums."""

    serializer_class = BudgetYearSerializer
    lookup_field = "year"
    lookup_value_regex = r"[0-9]{4}"
    filter_backends: list = []

    def get_queryset(self):
        """All budget years, newest first."""
        return BudgetYear.objects.select_related("source").order_by("-year")

    @extend_schema(
        summary=_("Budżet roku jako drzewo: dział → rozdział → paragraf, z sumami"),
        description=_("Każdy poziom jest sumą poziomu niższego."),
        parameters=[BudgetTreeQuery],
        responses=BudgetTreeSerializer,
    )
    @action(detail=True, url_path="drzewo", pagination_class=None)
    def tree(self, request, year=None):
        """The year's income or expense as a tree whose every level sums the level below."""
        budget_year = self.get_object()
        query = BudgetTreeQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        tree = budget_tree(year=budget_year.year, line_type=query.validated_data["rodzaj"])
        return Response(BudgetTreeSerializer(tree).data)


class AnyContentNegotiation(BaseContentNegotiation):
    """Exports send their own file type whatever the client accepts; errors go out as JSON."""

    def select_parser(self, request, parsers):
        """Exports take no request body."""
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        """Always the first renderer (JSON), used only for error responses."""
        return renderers[0], renderers[0].media_type


class ExportView(ClientLanguageMixin, generics.GenericAPIView):
    """A streamed download of a filtered register (subclassed per register and format)."""

    authentication_classes: list = []
    permission_classes: list = []
    renderer_classes = [JSONRenderer]
    content_negotiation_class = AnyContentNegotiation
    filter_backends = [DjangoFilterBackend]
    pagination_class = None
    file_format = "csv"
    queryset_factory = staticmethod(businesses_queryset)

    def get_queryset(self):
        """The whole register; the filters narrow it."""
        return self.queryset_factory()

    def get(self, request, *args, **kwargs):
        """The filtered rows as a file (400 with the reasons for an invalid filter)."""
        queryset = self.filter_queryset(self.get_queryset())
        return exports.export_response(queryset=queryset, file_format=self.file_format)


def export_view(*, name: str, file_format: str, filterset, queryset_factory, summary: str):
    """An ExportView subclass for one register and format, with its OpenAPI description."""
    media_type = exports.CONTENT_TYPES[file_format].split(";")[0]
    view_class = type(
        f"{name}Export{file_format.capitalize()}View",
        (ExportView,),
        {
            "file_format": file_format,
            "filterset_class": filterset,
            "queryset_factory": staticmethod(queryset_factory),
            "__doc__": f"Export of {name} as {file_format.upper()}.",
        },
    )

    def get(self, request, *args, **kwargs):
        return ExportView.get(self, request, *args, **kwargs)

    # A function of its own: extend_schema marks the function it decorates.
    view_class.get = extend_schema(
        summary=f"{summary} ({file_format.upper()})",
        description=_(
            "Wszystkie wiersze spełniające filtry (bez stronicowania), przesyłane "
            "strumieniowo. CSV: separator ;, kodowanie UTF-8 z BOM, przecinek dziesiętny."
        ),
        responses={
            (200, media_type): OpenApiResponse(
                response=OpenApiTypes.BINARY if file_format == "xlsx" else OpenApiTypes.STR,
                description=_("Plik z danymi"),
            )
        },
    )(get)
    return view_class.as_view()
