"""The interface both search backends implement."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from ..documents import SearchDocument
from ..results import SearchFilters, SearchResults, Suggestion


class SearchBackend(Protocol):
    """Indexes documents and answers queries; raises SearchEngineUnavailable when it cannot."""

    name: str

    def search(
        self, *, query: str, filters: SearchFilters, sort: str, page: int, per_page: int
    ) -> SearchResults:
        """One page of ranked results with facets."""
        ...

    def autocomplete(self, *, prefix: str, limit: int) -> list[Suggestion]:
        """Titles starting with the words typed so far."""
        ...

    def index_documents(self, *, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents; returns how many."""
        ...

    def remove_document(self, *, key: str) -> None:
        """Remove one document (missing is fine)."""
        ...
