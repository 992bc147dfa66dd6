"""Query-string parameters of the search page and API (Polish names, as in the rest of the URLs)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .results import SORTS, SearchFilters

#: Facet name → query parameter.
FILTER_PARAMS = {
    "type": "typ",
    "year": "rok",
    "town": "miejscowosc",
    "status": "status",
    "budget_section": "dzial",
    "pkd_section": "sekcja_pkd",
}
SORT_PARAMS = {"trafnosc": "relevance", "tytul": "title", "najnowsze": "newest"}


@dataclass(frozen=True)
class SearchRequest:
    """What a request asks for, parsed leniently: bad values are ignored, never an error."""

    query: str
    filters: SearchFilters
    sort: str
    page: int
    per_page: int


def _int(value: str | None, default: int, *, low: int, high: int) -> int:
    try:
        return min(max(int(value or default), low), high)
    except ValueError:
        return default


def parse_search_request(params: Mapping[str, str], *, per_page: int = 10) -> SearchRequest:
    """The query, filters, sort and page from ``q``, ``typ``, ``rok``, …, ``sortuj``, ``strona``."""
    values = {
        name: (params.get(param) or "").strip()[:300] for name, param in FILTER_PARAMS.items()
    }
    year = values.pop("year")
    sort = SORT_PARAMS.get(params.get("sortuj", ""), "relevance")
    return SearchRequest(
        query=(params.get("q") or "").strip(),
        filters=SearchFilters(
            year=int(year) if year.isdigit() and 1900 <= int(year) <= 2100 else None, **values
        ),
        sort=sort if sort in SORTS else "relevance",
        page=_int(params.get("strona"), 1, low=1, high=1000),
        per_page=_int(params.get("rozmiar"), per_page, low=1, high=50),
    )
