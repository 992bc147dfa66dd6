"""The site search page (pages for now; public records join with their issue)."""

from __future__ import annotations

import logging

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Page

from .engine import transport_errors

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request: HttpRequest) -> HttpResponse:
    """Full-text search over live, public pages with pagination."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    notice = None
    if query:
        try:
            results = Page.objects.live().public().specific().search(query)
            paginator = Paginator(results, RESULTS_PER_PAGE)
            page_number = request.GET.get("strona", 1)
            try:
                results = paginator.page(page_number)
            except PageNotAnInteger:
                results = paginator.page(1)
            except EmptyPage:
                results = paginator.page(paginator.num_pages)
        except transport_errors() as error:
            logger.error("search engine unavailable: %s", type(error).__name__)
            results = Page.objects.none()
            notice = _(
                "Wyszukiwarka jest chwilowo niedostępna. Spróbuj ponownie za kilka minut "
                "albo skorzystaj z menu strony."
            )
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "search_results": results, "notice": notice},
    )
