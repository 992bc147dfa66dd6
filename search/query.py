"""The one query API over pages and public records, whichever backend answers.

``search()`` and ``autocomplete()`` use the engine backend when ``settings.SEARCH_CONFIG``
names an engine, and the database backend otherwise; when the engine does not answer, the
database backend answers instead and the results carry a notice saying so. Both return the
same frozen dataclasses (``search.results``).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.translation import gettext as _

from .backends.base import SearchBackend
from .backends.database import DatabaseBackend
from .engine import SearchEngineUnavailable
from .results import MAX_PER_PAGE, SORTS, SearchFilters, SearchResults, Suggestion

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
AUTOCOMPLETE_LIMIT = 8


def backends() -> list[SearchBackend]:
    """The configured backend first, then the database as its fallback."""
    if settings.SEARCH_CONFIG.uses_engine:
        from .backends.engine import EngineBackend

        return [EngineBackend(), DatabaseBackend()]
    return [DatabaseBackend()]


def fallback_notice() -> str:
    """What people are told when the engine failed and the database answered."""
    return _(
        "Wyszukiwarka pełnotekstowa jest chwilowo niedostępna. Pokazujemy wyniki uproszczonego "
        "wyszukiwania: bez podpowiedzi pisowni i odmiany wyrazów."
    )


def search(
    *,
    query: str,
    filters: SearchFilters | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 10,
    backend: SearchBackend | None = None,
) -> SearchResults:
    """One page of results over pages and records, with facets and a suggestion.

    The query is cut to MAX_QUERY_LENGTH characters; an unknown ``sort`` means relevance;
    ``page`` and ``per_page`` are clamped to sensible ranges.
    """
    query = query.strip()[:MAX_QUERY_LENGTH]
    filters = filters or SearchFilters()
    sort = sort if sort in SORTS else "relevance"
    page = max(1, page)
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    chain = [backend] if backend is not None else backends()
    for position, candidate in enumerate(chain):
        try:
            results = candidate.search(
                query=query, filters=filters, sort=sort, page=page, per_page=per_page
            )
        except SearchEngineUnavailable as error:
            if position == len(chain) - 1:
                raise
            logger.warning("search engine unavailable, database answers: %s", error)
            continue
        if position > 0:
            return SearchResults(**{**_fields(results), "notice": fallback_notice()})
        return results
    raise AssertionError("unreachable: the chain is never empty")


def autocomplete(*, prefix: str, limit: int = AUTOCOMPLETE_LIMIT) -> list[Suggestion]:
    """Titles of pages and records that complete what was typed (engine, else database)."""
    prefix = prefix.strip()[:MAX_QUERY_LENGTH]
    if len(prefix) < 2:
        return []
    chain = backends()
    for position, candidate in enumerate(chain):
        try:
            return candidate.autocomplete(prefix=prefix, limit=limit)
        except SearchEngineUnavailable as error:
            if position == len(chain) - 1:
                raise
            logger.warning("search engine unavailable, database completes: %s", error)
    return []


def _fields(results: SearchResults) -> dict:
    return {name: getattr(results, name) for name in results.__dataclass_fields__}
