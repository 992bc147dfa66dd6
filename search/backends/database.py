"""The database backend: the embedded default, and the fallback when the engine is down.

Every query word must occur (as a folded substring of its light stem) in the title, the text
or the identifiers; rows are then ranked in Python (title > identifiers > text). A scan,
fine for one gmina's pages and registers (thousands of rows), not for millions: that is what
the engine is for. No typo tolerance and no "did you mean" here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from django.db import transaction
from django.db.models import Q
from django.utils.html import escape

from ..documents import SearchDocument, registry
from ..models import SearchEntry
from ..results import (
    FACETS,
    Facet,
    FacetValue,
    SearchFilters,
    SearchHit,
    SearchResults,
    Suggestion,
)
from ..text import fold, identifier_variants, query_identifiers, stem, words

SNIPPET_CHARS = 160
#: Rows ranked per query at most; a broader query shows the best of these.
MAX_CANDIDATES = 5000
#: Rows written at once by a rebuild of the table.
REPLACE_BATCH = 1000


def _batches(documents: Iterable[SearchDocument], size: int) -> Iterator[list[SearchDocument]]:
    batch: list[SearchDocument] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def entry_values(document: SearchDocument) -> dict:
    """The SearchEntry columns of a document."""
    variants: set[str] = set()
    for identifier in document.identifiers:
        variants |= identifier_variants(identifier)
    return {
        "type": document.type,
        "title": document.title[:500],
        "url": document.url[:500],
        "body": document.body,
        "folded_title": fold(document.title)[:500],
        "folded_body": fold(document.body),
        "identifiers": f" {' '.join(sorted(variants))} " if variants else "",
        "year": document.year,
        "town": document.town,
        "status": document.status,
        "budget_section": document.budget_section,
        "pkd_sections": f",{','.join(document.pkd_sections)}," if document.pkd_sections else "",
    }


def snippet(*, text: str, stems: list[str]) -> str:
    """About SNIPPET_CHARS of ``text`` around the first match, escaped, matches in <mark>."""
    folded = fold(text)
    positions = [(folded.find(s), s) for s in stems if s and folded.find(s) >= 0]
    if not positions:
        return escape(text[:SNIPPET_CHARS]) + ("…" if len(text) > SNIPPET_CHARS else "")
    first = min(position for position, _ in positions)
    start = max(0, first - SNIPPET_CHARS // 3)
    end = min(len(text), start + SNIPPET_CHARS)
    marks: list[tuple[int, int]] = []
    for stem_ in {s for _, s in positions}:
        index = folded.find(stem_, start)
        while 0 <= index < end:
            word_end = index + len(stem_)
            while word_end < len(text) and text[word_end].isalnum():
                word_end += 1
            marks.append((index, min(word_end, end)))
            index = folded.find(stem_, word_end)
    out, cursor = [], start
    for mark_start, mark_end in sorted(marks):
        if mark_start < cursor:
            continue
        out += [escape(text[cursor:mark_start]), "<mark>", escape(text[mark_start:mark_end])]
        out.append("</mark>")
        cursor = mark_end
    out.append(escape(text[cursor:end]))
    return ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")


class DatabaseBackend:
    """Search over the SearchEntry table, with the same results as the engine backend."""

    name = "database"

    def index_documents(self, *, documents: Iterable[SearchDocument]) -> int:
        """Insert or update the rows of ``documents``."""
        count = 0
        with transaction.atomic():
            for document in documents:
                SearchEntry.objects.update_or_create(
                    key=document.key, defaults=entry_values(document)
                )
                count += 1
        return count

    def remove_document(self, *, key: str) -> None:
        """Delete the row of one document."""
        SearchEntry.objects.filter(key=key).delete()

    def replace_all(
        self,
        *,
        documents: Iterable[SearchDocument],
        each_batch: Callable[[list[SearchDocument]], None] | None = None,
    ) -> int:
        """Rebuild the table from scratch in one transaction (readers see old or new rows).

        ``documents`` are read in batches of REPLACE_BATCH (a million need not fit in memory);
        ``each_batch(batch)`` is called with every batch, for the engine to index the same.
        """
        from ..entry_writes import delete_entries, insert_entries  # it builds on entry_values

        count = 0
        with transaction.atomic():
            delete_entries()
            for batch in _batches(documents, REPLACE_BATCH):
                if each_batch is not None:
                    each_batch(batch)
                insert_entries(documents=batch)
                count += len(batch)
        return count

    def _matching(self, query: str):
        rows = SearchEntry.objects.all()
        identifiers = query_identifiers(query)
        by_identifier = Q()
        for identifier in identifiers:
            by_identifier |= Q(identifiers__contains=f" {identifier} ")
        by_words = Q()
        for word in words(query):
            stem_ = stem(word)
            word_q = Q(folded_title__contains=stem_) | Q(folded_body__contains=stem_)
            for variant in identifier_variants(word):
                word_q |= Q(identifiers__contains=f" {variant} ")
            by_words &= word_q
        if not words(query):
            return rows.none() if query.strip() else rows
        return rows.filter(by_words | by_identifier) if identifiers else rows.filter(by_words)

    def search(
        self, *, query: str, filters: SearchFilters, sort: str, page: int, per_page: int
    ) -> SearchResults:
        """Every word must match; ranked title > identifiers > text.

        Facets count each value with the other facets' filters applied but not its own, so a
        chosen town still lists the other towns to switch to.
        """
        matching = self._matching(query)
        filtered = _filtered(matching, filters.active())
        total = filtered.count()
        rows = list(filtered.values(*_COLUMNS)[:MAX_CANDIDATES])
        facet_rows = (
            list(matching.values(*_FACET_COLUMNS)[:MAX_CANDIDATES]) if filters.active() else rows
        )
        stems = [stem(word) for word in words(query)]
        identifiers = query_identifiers(query)
        folded_query = fold(query.strip())
        for row in rows:
            row["score"] = _score(row, stems, identifiers, folded_query)
        if sort == "title":
            rows.sort(key=lambda row: fold(row["title"]))
        elif sort == "newest":
            rows.sort(key=lambda row: (-(row["year"] or 0), -row["score"]))
        else:
            rows.sort(key=lambda row: (-row["score"], row["title"]))
        start = (page - 1) * per_page
        hits = tuple(
            SearchHit(
                key=row["key"],
                type=row["type"],
                title=row["title"],
                url=row["url"],
                snippet=snippet(text=row["body"] or row["title"], stems=stems),
                score=round(row["score"], 3),
            )
            for row in rows[start : start + per_page]
        )
        return SearchResults(
            query=query,
            hits=hits,
            total=total,
            page=page,
            per_page=per_page,
            facets=_facets(facet_rows, filters.active()),
            backend=self.name,
        )

    def autocomplete(self, *, prefix: str, limit: int) -> list[Suggestion]:
        """Titles in which every typed word starts a word (diacritics optional)."""
        typed = [fold(word) for word in words(prefix)]
        if not typed:
            return []
        rows = SearchEntry.objects.all()
        for word in typed:
            rows = rows.filter(
                Q(folded_title__startswith=word) | Q(folded_title__contains=f" {word}")
            )
        rows = rows.order_by("folded_title").values("title", "url", "type")[:limit]
        return [Suggestion(title=r["title"], url=r["url"], type=r["type"]) for r in rows]


def _score(row: dict, stems: list[str], identifiers: set[str], folded_query: str) -> float:
    score = 0.0
    title, body = row["folded_title"], row["folded_body"]
    for stem_ in stems:
        if stem_ in title:
            score += 4.0 + (1.0 if f" {stem_}" in f" {title}" else 0.0)
        elif stem_ in body:
            score += 1.0 + min(body.count(stem_), 5) * 0.1
    score += sum(8.0 for identifier in identifiers if f" {identifier} " in row["identifiers"])
    if folded_query and folded_query in title:
        score += 3.0  # the whole phrase in the title
    return score / (1.0 + len(title) / 200)


_COLUMNS = (
    "key", "type", "title", "url", "body", "folded_title", "folded_body", "identifiers",
    "year", "town", "status", "budget_section", "pkd_sections",
)  # fmt: skip
_FACET_COLUMNS = ("type", "year", "town", "status", "budget_section", "pkd_sections")


def _filtered(rows, active: dict):
    for name, value in active.items():
        if name == "pkd_section":
            rows = rows.filter(pkd_sections__contains=f",{value},")
        else:
            rows = rows.filter(**{name: value})
    return rows


def _row_values(row: dict, name: str) -> list[str]:
    if name == "pkd_section":
        return list(filter(None, row["pkd_sections"].split(",")))
    value = row[name]
    return [] if value in ("", None) else [str(value)]


def _facets(rows: list[dict], active: dict) -> tuple[Facet, ...]:
    labels = registry.labels()
    wanted = {name: str(value) for name, value in active.items()}
    counters: dict[str, Counter] = {name: Counter() for name in FACETS}
    for row in rows:
        failing = [name for name, value in wanted.items() if value not in _row_values(row, name)]
        for name in FACETS:
            # A row counts for a facet when it passes every filter but that facet's own.
            if not failing or failing == [name]:
                counters[name].update(_row_values(row, name))
    return tuple(
        Facet(
            name=name,
            values=tuple(
                FacetValue(
                    value=value,
                    count=count,
                    label=labels.get(value, value) if name == "type" else value,
                )
                for value, count in sorted(counter.items(), key=lambda item: (-item[1], item[0]))
            ),
        )
        for name, counter in counters.items()
        if counter
    )
