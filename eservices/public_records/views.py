"""Public pages of the registers: index, budget tree and comparison, lists and details, API docs.

The list pages filter in the database (``filters.py``: the same filters as the API and the
exports); the portal-wide engine-backed search is a separate page.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from .api import businesses_queryset, parcels_queryset
from .filters import BusinessEntryFilter, ParcelFilter
from .models import BudgetLine, BudgetYear, BusinessEntry, ImportRun, Parcel
from .selectors import budget_tree, budget_year_comparison

#: Rows per page of the HTML lists.
LIST_PAGE_SIZE = 25
#: The comparison shows at most this many years side by side (the table must stay readable).
MAX_COMPARED_YEARS = 5


def _latest_import(kind: str) -> list[ImportRun]:
    run = (
        ImportRun.objects.filter(kind=kind, status=ImportRun.Status.SUCCEEDED)
        .order_by("-started_at")
        .first()
    )
    return [run] if run else []


def _describe_fields(form: forms.Form) -> None:
    """Tie help texts and errors to their inputs (aria-describedby, aria-invalid)."""
    for name, field in form.fields.items():
        bound = form[name]
        described = []
        if field.help_text:
            described.append(f"{bound.auto_id}-help")
        if form.is_bound and bound.errors:
            described.append(f"{bound.auto_id}-error")
            field.widget.attrs["aria-invalid"] = "true"
        if described:
            field.widget.attrs["aria-describedby"] = " ".join(described)


def _page_links(request: HttpRequest, page_number: int) -> str:
    query = request.GET.copy()
    query["strona"] = str(page_number)
    return "?" + query.urlencode()


def _export_links(request: HttpRequest, *, basename: str) -> list[tuple[str, str]]:
    query = request.GET.copy()
    query.pop("strona", None)
    suffix = f"?{query.urlencode()}" if query else ""
    return [
        (label, reverse(f"public-records-api:{basename}-export-{file_format}") + suffix)
        for file_format, label in (
            ("csv", _("CSV (Excel)")),
            ("xlsx", _("XLSX (arkusz)")),
            ("json", _("JSON")),
        )
    ]


def _list_page(request: HttpRequest, *, filterset, template: str, basename: str, kind: str):
    _describe_fields(filterset.form)
    valid = not filterset.is_bound or filterset.is_valid()
    # An invalid filter shows its error and no rows, rather than silently ignoring the filter.
    rows = filterset.qs if valid else filterset.queryset.none()
    page = Paginator(rows, LIST_PAGE_SIZE).get_page(request.GET.get("strona"))
    return render(
        request,
        template,
        {
            "filter": filterset,
            "page_obj": page,
            "previous_url": _page_links(request, page.previous_page_number())
            if page.has_previous()
            else None,
            "next_url": _page_links(request, page.next_page_number()) if page.has_next() else None,
            "export_links": _export_links(request, basename=basename) if valid else [],
            "sources": _latest_import(kind),
            "filtered": any(value for key, value in request.GET.items() if key != "strona"),
        },
    )


@require_safe
def records_index(request: HttpRequest) -> HttpResponse:
    """Index of the three registers with their sizes and the budget years."""
    years = BudgetYear.objects.filter(lines__isnull=False).distinct().order_by("-year")
    return render(
        request,
        "public_records/index.html",
        {
            "budget_years": years,
            "business_count": BusinessEntry.objects.count(),
            "parcel_count": Parcel.objects.count(),
        },
    )


@require_safe
def business_list(request: HttpRequest) -> HttpResponse:
    """The register of business activity, filtered and paginated."""
    filterset = BusinessEntryFilter(request.GET or None, queryset=businesses_queryset())
    return _list_page(
        request,
        filterset=filterset,
        template="public_records/business_list.html",
        basename="business",
        kind=ImportRun.Kind.BUSINESS,
    )


@require_safe
def business_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry of the register, with its source and metryka."""
    entry = get_object_or_404(businesses_queryset(), pk=pk)
    return render(
        request,
        "public_records/business_detail.html",
        {"entry": entry, "record": entry, "sources": [entry.source] if entry.source else []},
    )


@require_safe
def parcel_list(request: HttpRequest) -> HttpResponse:
    """Municipal parcels, filtered and paginated."""
    filterset = ParcelFilter(request.GET or None, queryset=parcels_queryset())
    return _list_page(
        request,
        filterset=filterset,
        template="public_records/parcel_list.html",
        basename="parcel",
        kind=ImportRun.Kind.PROPERTY,
    )


@require_safe
def parcel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One municipal parcel, with its source and metryka."""
    parcel = get_object_or_404(parcels_queryset(), pk=pk)
    return render(
        request,
        "public_records/parcel_detail.html",
        {"parcel": parcel, "record": parcel, "sources": [parcel.source] if parcel.source else []},
    )


def _budget_sources(year: int) -> list[ImportRun]:
    ids = (
        BudgetLine.objects.filter(budget_year__year=year, source__isnull=False)
        .values_list("source", flat=True)
        .distinct()
    )
    return list(ImportRun.objects.filter(pk__in=ids).order_by("-started_at"))


@require_safe
def budget_latest(request: HttpRequest) -> HttpResponse:
    """The newest budget that has lines."""
    budget_year = (
        BudgetYear.objects.filter(lines__isnull=False).distinct().order_by("-year").first()
    )
    if budget_year is None:
        raise Http404(_("Nie opublikowano jeszcze żadnego budżetu."))
    return redirect("public-records:budget-year", year=budget_year.year)


@require_safe
def budget_year_view(request: HttpRequest, year: int) -> HttpResponse:
    """A year's income and expense as a browsable tree dział → rozdział → paragraf."""
    budget_year = get_object_or_404(BudgetYear, year=year)
    trees = [
        (line_type, label, budget_tree(year=year, line_type=line_type))
        for line_type, label in BudgetLine.LineType.choices
    ]
    other_years = list(
        BudgetYear.objects.filter(lines__isnull=False)
        .exclude(pk=budget_year.pk)
        .distinct()
        .order_by("-year")
        .values_list("year", flat=True)
    )
    comparison_years = sorted({year, *other_years[:1]})
    export_query = urlencode({"rok": year})
    return render(
        request,
        "public_records/budget_year.html",
        {
            "budget_year": budget_year,
            "record": budget_year,
            "trees": trees,
            "other_years": other_years,
            "comparison_query": urlencode({"lata": ",".join(map(str, comparison_years))}),
            "export_links": [
                (
                    label,
                    reverse(f"public-records-api:budget-line-export-{fmt}") + "?" + export_query,
                )
                for fmt, label in (
                    ("csv", _("CSV (Excel)")),
                    ("xlsx", _("XLSX (arkusz)")),
                    ("json", _("JSON")),
                )
            ],
            "sources": _budget_sources(year),
        },
    )


class ComparisonForm(forms.Form):
    """Which years to compare (``lata=2025,2026`` or repeated ``lata``), income or expense."""

    lata = forms.MultipleChoiceField(
        label=gettext_lazy("Lata"), widget=forms.CheckboxSelectMultiple, required=True
    )
    rodzaj = forms.ChoiceField(
        label=gettext_lazy("Dochody czy wydatki"),
        choices=BudgetLine.LineType.choices,
        required=False,
    )

    def __init__(self, *args, years: Iterable[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lata"].choices = [(str(year), str(year)) for year in years]

    def clean_lata(self) -> list[int]:
        """Two to five years, oldest first."""
        years = sorted({int(year) for year in self.cleaned_data["lata"]})
        if not 2 <= len(years) <= MAX_COMPARED_YEARS:
            raise forms.ValidationError(
                _("Wybierz od 2 do %(most)d lat.") % {"most": MAX_COMPARED_YEARS}
            )
        return years


def _comparison_data(request: HttpRequest, available: list[int]) -> dict[str, object]:
    # Accept both the short form lata=2025,2026 and the form's repeated checkboxes.
    chosen = [part for value in request.GET.getlist("lata") for part in value.split(",") if part]
    if not request.GET:
        chosen = [str(year) for year in available[:2]]
    return {"lata": chosen, "rodzaj": request.GET.get("rodzaj") or BudgetLine.LineType.EXPENSE}


@require_safe
def budget_comparison(request: HttpRequest) -> HttpResponse:
    """Plans and execution by dział for several years side by side, with the change in %."""
    available = list(
        BudgetYear.objects.filter(lines__isnull=False)
        .distinct()
        .order_by("-year")
        .values_list("year", flat=True)
    )
    form = ComparisonForm(_comparison_data(request, available), years=available)
    rows, years, line_type = [], [], BudgetLine.LineType.EXPENSE
    if form.is_valid():
        years = form.cleaned_data["lata"]
        line_type = form.cleaned_data["rodzaj"] or BudgetLine.LineType.EXPENSE
        rows = budget_year_comparison(years=years, line_type=line_type)
    _describe_fields(form)
    table = [
        {
            "code": row.code,
            "name": row.name,
            "cells": [(row.plans[year], row.executions[year]) for year in years],
            "change": row.change(from_year=years[0], to_year=years[-1]) if len(years) > 1 else None,
        }
        for row in rows
    ]
    totals = [
        (sum(row.plans[year] for row in rows), sum(row.executions[year] for row in rows))
        for year in years
    ]
    return render(
        request,
        "public_records/budget_comparison.html",
        {
            "form": form,
            "years": years,
            "line_type_label": BudgetLine.LineType(line_type).label,
            "table": table,
            "totals": totals,
        },
        status=200 if form.is_valid() or not request.GET else 400,
    )


def _schema_operations(schema: dict) -> list[dict[str, object]]:
    operations = []
    for route, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            parameters = []
            for parameter in operation.get("parameters", []):
                spec = parameter.get("schema", {})
                kind = spec.get("type", "")
                if isinstance(kind, list):
                    kind = " | ".join(kind)
                parameters.append(
                    {
                        "name": parameter["name"],
                        "where": parameter.get("in", ""),
                        "required": parameter.get("required", False),
                        "type": kind,
                        "values": ", ".join(str(v) for v in spec.get("enum", []) if v != ""),
                        "description": parameter.get("description", ""),
                    }
                )
            media_types = sorted(
                {
                    media_type
                    for response in operation.get("responses", {}).values()
                    for media_type in response.get("content", {})
                }
            )
            operations.append(
                {
                    "id": operation.get("operationId", f"{method}-{route}"),
                    "method": method.upper(),
                    "route": route,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "media_types": media_types,
                }
            )
    return operations


def open_api_schema() -> dict:
    """The OpenAPI schema of the registers' API, as ``/api/schema/`` serves it."""
    from drf_spectacular.generators import SchemaGenerator

    from .api_urls import rejestry_patterns

    generator = SchemaGenerator(patterns=[path("api/", include(rejestry_patterns))])
    return generator.get_schema(request=None, public=True)


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """The API described from its OpenAPI schema as an ordinary, accessible portal page."""
    schema = open_api_schema()
    return render(
        request,
        "public_records/api_docs.html",
        {"info": schema.get("info", {}), "operations": _schema_operations(schema)},
    )
