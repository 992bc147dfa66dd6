"""The site search page: pages and public records in one list, with facets and pagination."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .documents import registry
from .engine import SearchEngineUnavailable
from .params import FILTER_PARAMS, SORT_PARAMS, parse_search_request
from .query import MAX_QUERY_LENGTH
from .query import search as run_search

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 10
FACET_LEGENDS = {
    "type": gettext_lazy("Rodzaj"),
    "year": gettext_lazy("Rok"),
    "town": gettext_lazy("Miejscowość"),
    "status": gettext_lazy("Status"),
    "budget_section": gettext_lazy("Dział budżetu"),
    "pkd_section": gettext_lazy("Sekcja PKD"),
}
SORT_LABELS = {
    "trafnosc": gettext_lazy("trafność"),
    "tytul": gettext_lazy("tytuł (A–Z)"),
    "najnowsze": gettext_lazy("najnowsze"),
}


def search(request: HttpRequest) -> HttpResponse:
    """Full-text search over pages and public records; never a server error for the engine."""
    wanted = parse_search_request(request.GET, per_page=RESULTS_PER_PAGE)
    query = wanted.query[:MAX_QUERY_LENGTH]
    results, notice = None, None
    if query:
        try:
            results = run_search(
                query=query,
                filters=wanted.filters,
                sort=wanted.sort,
                page=wanted.page,
                per_page=wanted.per_page,
            )
            if results.page > results.num_pages:
                results = run_search(
                    query=query,
                    filters=wanted.filters,
                    sort=wanted.sort,
                    page=results.num_pages,
                    per_page=wanted.per_page,
                )
            notice = results.notice
        except SearchEngineUnavailable as error:
            logger.error("search unavailable: %s", type(error).__name__)
            notice = _(
                "Wyszukiwarka jest chwilowo niedostępna. Spróbuj ponownie za kilka minut "
                "albo skorzystaj z menu strony."
            )
    active = {FILTER_PARAMS[name]: str(value) for name, value in wanted.filters.active().items()}
    sort_param = next((p for p, s in SORT_PARAMS.items() if s == wanted.sort), "trafnosc")
    base = {"q": query, **active, **({"sortuj": sort_param} if sort_param != "trafnosc" else {})}
    facets = []
    if results is not None:
        for facet in results.facets:
            param = FILTER_PARAMS[facet.name]
            facets.append(
                {
                    "name": facet.name,
                    "param": param,
                    "legend": FACET_LEGENDS[facet.name],
                    "values": [
                        {
                            "value": value.value,
                            "label": value.label or value.value,
                            "count": value.count,
                            "checked": active.get(param) == value.value,
                        }
                        for value in facet.values
                    ],
                }
            )
    type_labels = registry.labels()
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "results": results,
            "hits": [
                {"hit": hit, "type_label": type_labels.get(hit.type, "")} for hit in results.hits
            ]
            if results is not None
            else [],
            "notice": notice,
            "facets": facets,
            "active_filters": active,
            "sort": sort_param,
            "sort_labels": SORT_LABELS,
            "base_query": urlencode(base),
            "suggestion_query": urlencode({"q": results.suggestion})
            if results is not None and results.suggestion
            else "",
        },
    )
