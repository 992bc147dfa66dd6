"""What a search answers, the same from either backend: frozen dataclasses, JSON-ready."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

#: Facet fields, in the order the page shows them.
FACETS = ("type", "year", "town", "status", "budget_section", "pkd_section")
SORTS = ("relevance", "title", "newest")
MAX_PER_PAGE = 50


@dataclass(frozen=True)
class SearchFilters:
    """Facet values a search is narrowed to (empty: no filter)."""

    type: str = ""
    year: int | None = None
    town: str = ""
    status: str = ""
    budget_section: str = ""
    pkd_section: str = ""

    def active(self) -> dict[str, Any]:
        """The filters that are set, by facet name."""
        return {name: value for name, value in asdict(self).items() if value not in ("", None)}


@dataclass(frozen=True)
class SearchHit:
    """One result: a page or a record. ``snippet`` is HTML: escaped text with ``<mark>``."""

    key: str
    type: str
    title: str
    url: str
    snippet: str
    score: float


@dataclass(frozen=True)
class FacetValue:
    """A value of a facet with the number of results that have it."""

    value: str
    count: int
    label: str = ""


@dataclass(frozen=True)
class Facet:
    """One facet (record type, year, town, …) and its values, most frequent first."""

    name: str
    values: tuple[FacetValue, ...]


@dataclass(frozen=True)
class SearchResults:
    """One page of results with facets, the total, and a "did you mean" suggestion."""

    query: str
    hits: tuple[SearchHit, ...]
    total: int
    page: int
    per_page: int
    facets: tuple[Facet, ...] = ()
    suggestion: str | None = None
    backend: str = ""
    #: Set when the engine failed and the database answered instead (a sentence for people).
    notice: str | None = None

    @property
    def num_pages(self) -> int:
        """Number of result pages (at least 1)."""
        return max(1, -(-self.total // self.per_page))

    def as_dict(self) -> dict[str, Any]:
        """The results as plain JSON-ready data."""
        data = asdict(self)
        data["num_pages"] = self.num_pages
        return data


@dataclass(frozen=True)
class Suggestion:
    """An autocomplete suggestion: a title to complete to and where it leads."""

    title: str
    url: str
    type: str
