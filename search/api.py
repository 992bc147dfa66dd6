"""JSON API of the search: ``/api/szukaj/?q=…`` and ``/api/szukaj/podpowiedzi/?q=…``.

JSON answers: the query API's dataclasses as they are, kept a short time
in the shared cache (``search.results_cache``) until the indexes change. An engine that
does not answer gives the database backend's results with ``notice``; only when no backend
answers at all is the status 503, never 500.
"""

from __future__ import annotations

from dataclasses import asdict

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .engine import SearchEngineUnavailable
from .params import parse_search_request
from .query import autocomplete, search
from .results_cache import cached_answer


@require_GET
def search_api(request: HttpRequest) -> HttpResponse:
    """Results, facets, total and suggestion for ``q`` with the page's filters and sorting."""
    wanted = parse_search_request(request.GET, per_page=20)

    def answer() -> dict:
        return search(
            query=wanted.query,
            filters=wanted.filters,
            sort=wanted.sort,
            page=wanted.page,
            per_page=wanted.per_page,
        ).as_dict()

    try:
        body = cached_answer(wanted=wanted, answer=answer)
    except SearchEngineUnavailable:
        return JsonResponse({"detail": _("Wyszukiwarka jest chwilowo niedostępna.")}, status=503)
    return HttpResponse(body, content_type="application/json")


@require_GET
def autocomplete_api(request: HttpRequest) -> JsonResponse:
    """Up to 8 titles completing ``q`` (at least 2 characters), with their URLs."""
    try:
        suggestions = autocomplete(prefix=request.GET.get("q", ""))
    except SearchEngineUnavailable:
        return JsonResponse({"detail": _("Wyszukiwarka jest chwilowo niedostępna.")}, status=503)
    return JsonResponse(
        {"suggestions": [asdict(suggestion) for suggestion in suggestions]},
        json_dumps_params={"ensure_ascii": False},
    )
