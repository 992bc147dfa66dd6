"""The search-engine backend: one portal-owned index of pages and records.

Pages are indexed here too rather than queried from Wagtail's page index: one index gives one
ranked list across pages and records, one set of facets and one "did you mean", which two
indexes queried separately cannot (their scores are not comparable).

Index layout: the alias ``<prefix>_records`` points at a versioned index
``<prefix>_records_<timestamp>``; a rebuild fills a new versioned index and moves the alias
in one ``update_aliases`` call, so searches never see a half-built index. Request bodies are
written once and sent by opensearch-py (OpenSearch 2) or the elasticsearch client (8.x),
chosen by ``settings.SEARCH_CONFIG.engine``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings

from ..analysis import polish_analysis
from ..documents import SearchDocument, registry
from ..engine import SearchEngineUnavailable, transport_errors
from ..results import FACETS, Facet, FacetValue, SearchFilters, SearchHit, SearchResults, Suggestion
from ..text import identifier_variants, query_identifiers

TIMEOUT_SECONDS = 5
FACET_SIZE = 30
#: Boosts: a word in the title counts most, an exact identifier more than body text.
TITLE_BOOST = 4
IDENTIFIER_BOOST = 6
PHRASE_BOOST = 3
PAGE_BOOST = 2

_FACET_FIELDS = {
    "type": "type",
    "year": "year",
    "town": "town",
    "status": "status",
    "budget_section": "budget_section",
    "pkd_section": "pkd_sections",
}


def records_alias() -> str:
    """The alias searches use (``SEARCH_RECORDS_ALIAS`` or ``<prefix>_records``)."""
    configured = getattr(settings, "SEARCH_RECORDS_ALIAS", None)
    prefix = settings.SEARCH_CONFIG.index_prefix
    # An index name may not start with "_": an empty prefix gives plain "records".
    return configured or (f"{prefix}_records" if prefix else "records")


def engine_client(*, connections: int = 1):
    """A client for the configured engine: opensearch-py or elasticsearch 8.

    ``connections``: how many requests it may have open at once (bulk threads need one each).
    """
    config = settings.SEARCH_CONFIG
    if config.engine == "opensearch2":
        from opensearchpy import OpenSearch

        return OpenSearch(
            hosts=[config.url], timeout=TIMEOUT_SECONDS, max_retries=0, pool_maxsize=connections
        )
    from elasticsearch import Elasticsearch

    return Elasticsearch(
        hosts=[config.url],
        request_timeout=TIMEOUT_SECONDS,
        max_retries=0,
        connections_per_node=connections,
    )


#: Many documents at once (a re-index, a rebuild): documents per bulk request, and requests in
#: flight, so that the engine analyses one while this process serialises the next.
STREAM_CHUNK_SIZE = 1000
STREAM_THREADS = 2
#: What a streamed bulk request's answer keeps (``filter_path``).
BULK_ANSWER_FIELDS = "errors,items.*.status,items.*.error,items.*._id"
#: A rebuild or re-index may wait longer for one bulk request than a query for its answer.
BULK_TIMEOUT_SECONDS = 120


def _helpers(client):
    if type(client).__module__.startswith("opensearchpy"):
        from opensearchpy import helpers
    else:
        from elasticsearch import helpers
    return helpers


def _bulk(client, actions: Iterable[dict[str, Any]]) -> int:
    done, _errors = _helpers(client).bulk(client, actions, chunk_size=500, refresh="wait_for")
    return done


def _stream(client, actions: Iterable[dict[str, Any]]) -> int:
    """Send many actions, STREAM_THREADS requests in flight, no refresh; how many were done.

    Waiting for a refresh after every request (``_bulk``) costs about a refresh interval per
    request: fine for a save, most of the time of a re-index. The caller refreshes once.
    """
    if hasattr(client, "options"):  # elasticsearch 8: per-request settings through options()
        client, timeout = client.options(request_timeout=BULK_TIMEOUT_SECONDS), {}
    else:
        timeout = {"request_timeout": BULK_TIMEOUT_SECONDS}
    done = 0
    for ok, _item in _helpers(client).parallel_bulk(
        client,
        actions,
        thread_count=STREAM_THREADS,
        chunk_size=STREAM_CHUNK_SIZE,
        queue_size=STREAM_THREADS,
        # Of each item's answer the helpers read its status (an error's reason and the id say
        # what failed): the rest (index, version, shards...) was a tenth of decoding answers.
        filter_path=BULK_ANSWER_FIELDS,
        **timeout,
    ):
        done += bool(ok)
    return done


def index_body() -> dict[str, Any]:
    """Settings and mappings of the records index (Polish analysis from ``search.analysis``)."""
    analysis = polish_analysis()
    analysis["filter"].update(
        {
            "edgengram": {"type": "edge_ngram", "min_gram": 2, "max_gram": 20},
            "ngram": {"type": "ngram", "min_gram": 3, "max_gram": 4},
        }
    )
    # The search side of autocomplete: lowercase only; the index side holds both spellings.
    analysis["analyzer"]["autocomplete_search"] = {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase"],
    }
    # Words as typed (folded), for "did you mean": stems would suggest non-words.
    analysis["analyzer"]["spelling"] = {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase"],
    }
    analysis["normalizer"] = {"identifier": {"type": "custom", "filter": ["uppercase"]}}
    text = {"type": "text", "copy_to": "spelling"}
    return {
        "settings": {
            "index": {
                "number_of_shards": 1,
                # 0 on one node (a replica could never be placed and the index would stay
                # yellow); a cluster sets SEARCH_REPLICAS so that losing a node loses no data.
                "number_of_replicas": settings.SEARCH_REPLICAS,
                "max_ngram_diff": 18,
            },
            "analysis": analysis,
        },
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "key": {"type": "keyword"},
                "type": {"type": "keyword"},
                "title": {
                    **text,
                    "fields": {
                        "autocomplete": {
                            "type": "text",
                            "analyzer": "edgengram_analyzer",
                            "search_analyzer": "autocomplete_search",
                        },
                        "sort": {"type": "keyword", "normalizer": "identifier"},
                    },
                },
                "body": text,
                "spelling": {"type": "text", "analyzer": "spelling"},
                "identifiers": {"type": "keyword", "normalizer": "identifier"},
                "url": {"type": "keyword", "index": False},
                "year": {"type": "integer"},
                "town": {"type": "keyword"},
                "status": {"type": "keyword"},
                "budget_section": {"type": "keyword"},
                "pkd_sections": {"type": "keyword"},
            },
        },
    }


def document_source(document: SearchDocument) -> dict[str, Any]:
    """The JSON the index stores for a document."""
    variants: set[str] = set()
    for identifier in document.identifiers:
        variants |= identifier_variants(identifier)
    return {
        "key": document.key,
        "type": document.type,
        "title": document.title,
        "body": document.body,
        "identifiers": sorted(variants),
        "url": document.url,
        "year": document.year,
        "town": document.town or None,
        "status": document.status or None,
        "budget_section": document.budget_section or None,
        "pkd_sections": list(document.pkd_sections),
    }


def _unavailable(error: BaseException) -> SearchEngineUnavailable:
    return SearchEngineUnavailable(
        f"The search engine did not answer ({type(error).__name__}); "
        "the database backend answers instead."
    )


class EngineBackend:
    """Queries and writes the records index through the alias."""

    name = "engine"

    def __init__(self, *, alias: str | None = None) -> None:
        self.alias = alias or records_alias()

    # -- index management -------------------------------------------------------------------

    def create_versioned_index(self, client=None) -> str:
        """A new, empty index named ``<alias>_<timestamp>``; the alias is not moved."""
        client = client or engine_client()
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S%f")
        name = f"{self.alias}_{stamp}"
        client.indices.create(index=name, body=index_body())
        return name

    def indexes_behind_alias(self, client=None) -> list[str]:
        """The indexes the alias points at now (none before the first build)."""
        client = client or engine_client()
        if not client.indices.exists_alias(name=self.alias):
            return []
        return sorted(client.indices.get_alias(name=self.alias))

    def switch_alias(self, *, new_index: str, client=None) -> list[str]:
        """Point the alias at ``new_index`` in one atomic call; returns the indexes it left."""
        client = client or engine_client()
        old = self.indexes_behind_alias(client)
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions.append({"add": {"index": new_index, "alias": self.alias}})
        client.indices.update_aliases(body={"actions": actions})
        return old

    def ensure_index(self, client=None) -> None:
        """Create the first versioned index and alias if there is none yet."""
        own_client = client is None
        client = client or engine_client()
        try:
            if not client.indices.exists_alias(name=self.alias):
                self.switch_alias(new_index=self.create_versioned_index(client), client=client)
        except transport_errors() as error:
            raise _unavailable(error) from error
        finally:
            if own_client:
                client.close()

    def write_targets(self, client) -> list[str]:
        """Every versioned index of the alias: the live one and any a rebuild is filling.

        Writing to both keeps a change made during a rebuild from being lost when the alias
        moves. (A change made after the rebuild read its documents, but before it wrote that
        one, can still be overwritten by the older copy until the next save.)
        """
        return sorted(client.indices.get(index=f"{self.alias}_*", expand_wildcards="open"))

    def bulk_index(self, *, index: str, documents: Iterable[SearchDocument], client=None) -> int:
        """Write documents into one concrete index, visible to searches when this returns."""
        client = client or engine_client()
        actions: Iterator[dict[str, Any]] = (
            {"_index": index, "_id": d.key, "_source": document_source(d)} for d in documents
        )
        return _bulk(client, actions)

    def fill_index(self, *, index: str, documents: Iterable[SearchDocument]) -> int:
        """Write many documents into one concrete index (the rebuild's new one), then refresh."""
        client = engine_client(connections=STREAM_THREADS)
        try:
            actions = (
                {"_index": index, "_id": d.key, "_source": document_source(d)} for d in documents
            )
            done = _stream(client, actions)
            client.indices.refresh(index=index)
        finally:
            client.close()
        return done

    def stream_documents(self, *, documents: Iterable[SearchDocument]) -> int:
        """Add or replace many documents in the live index (and one being rebuilt), fast.

        For re-indexing a whole record type: ``documents`` is consumed lazily, several bulk
        requests are in flight and the indexes are refreshed once at the end, so searches see
        the new documents together (and :meth:`index_documents` stays the way for a few).
        """
        client = engine_client(connections=STREAM_THREADS)
        try:
            self.ensure_index(client)
            targets = self.write_targets(client)
            actions = (
                {"_index": index, "_id": d.key, "_source": source}
                for d in documents
                for source in (document_source(d),)
                for index in targets
            )
            done = _stream(client, actions)
            client.indices.refresh(index=",".join(targets))
        except transport_errors() as error:
            raise _unavailable(error) from error
        finally:
            client.close()
        return done // max(len(targets), 1)

    def remove_documents(self, *, keys: Iterable[str]) -> int:
        """Remove many documents from every index of the alias (missing ones are fine)."""
        client = engine_client()
        try:
            targets = self.write_targets(client)
            actions = (
                {"_op_type": "delete", "_index": index, "_id": key}
                for key in keys
                for index in targets
            )
            done, _errors = _helpers(client).bulk(
                client, actions, chunk_size=STREAM_CHUNK_SIZE, ignore_status=(404,), refresh=True
            )
        except transport_errors() as error:
            raise _unavailable(error) from error
        finally:
            client.close()
        return done

    def index_documents(self, *, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents in the live index (and in one being rebuilt)."""
        documents = list(documents)
        client = engine_client()
        try:
            self.ensure_index(client)
            for index in self.write_targets(client):
                self.bulk_index(index=index, documents=documents, client=client)
        except transport_errors() as error:
            raise _unavailable(error) from error
        finally:
            client.close()
        return len(documents)

    def remove_document(self, *, key: str) -> None:
        """Remove one document from every index of the alias; missing is fine."""
        client = engine_client()
        try:
            for index in self.write_targets(client):
                try:
                    client.delete(index=index, id=key, refresh=True)
                except transport_errors() as error:
                    if 404 not in (
                        getattr(error, "status_code", None),
                        getattr(error, "status", None),
                    ):
                        raise
        except transport_errors() as error:
            raise _unavailable(error) from error
        finally:
            client.close()

    # -- queries ----------------------------------------------------------------------------

    def _query(self, query: str) -> dict[str, Any]:
        should: list[dict[str, Any]] = [
            {
                "multi_match": {
                    "query": query,
                    "fields": [f"title^{TITLE_BOOST}", "body"],
                    "type": "cross_fields",
                    "operator": "and",
                    "boost": 2,
                    "_name": "exact",
                }
            },
            {
                # Typos: each word may be one or two edits away (AUTO by its length).
                "multi_match": {
                    "query": query,
                    "fields": [f"title^{TITLE_BOOST}", "body"],
                    "type": "best_fields",
                    "fuzziness": "AUTO",
                    "prefix_length": 1,
                    "operator": "and",
                    "_name": "fuzzy",
                }
            },
            {"match_phrase": {"title": {"query": query, "boost": PHRASE_BOOST, "_name": "exact"}}},
        ]
        should += [
            {
                "term": {
                    "identifiers": {
                        "value": identifier,
                        "boost": IDENTIFIER_BOOST,
                        "_name": "exact",
                    }
                }
            }
            for identifier in sorted(query_identifiers(query))
        ]
        matching = {"bool": {"should": should, "minimum_should_match": 1}}
        return {
            "bool": {
                "must": [matching],
                # Among equally good matches, the portal's own pages (written for residents)
                # come before register rows that repeat a word in their long official names.
                "should": [{"term": {"type": {"value": "page", "boost": PAGE_BOOST}}}],
            }
        }

    def search_body(
        self, *, query: str, filters: SearchFilters, sort: str, page: int, per_page: int
    ) -> dict[str, Any]:
        """The request body :meth:`search` sends (the search benchmark sends it raw too).

        Filters are a ``post_filter``: each facet is counted with the other facets' filters
        but not its own, so a chosen town still lists the other towns to switch to.
        """
        clauses = {
            name: {"term": {_FACET_FIELDS[name]: value}} for name, value in filters.active().items()
        }
        body: dict[str, Any] = {
            "query": self._query(query) if query.strip() else {"match_all": {}},
            "post_filter": {"bool": {"filter": list(clauses.values())}},
            "from": (page - 1) * per_page,
            "size": per_page,
            "track_total_hits": True,
            "_source": ["key", "type", "title", "url", "body"],
            "aggs": {
                name: {
                    "filter": {
                        "bool": {"filter": [c for other, c in clauses.items() if other != name]}
                    },
                    "aggs": {"values": {"terms": {"field": field, "size": FACET_SIZE}}},
                }
                for name, field in _FACET_FIELDS.items()
            },
            "highlight": {
                "encoder": "html",
                "pre_tags": ["<mark>"],
                "post_tags": ["</mark>"],
                "fields": {
                    "body": {"fragment_size": 160, "number_of_fragments": 1, "no_match_size": 160},
                    "title": {"number_of_fragments": 0},
                },
            },
        }
        if query.strip():
            body["suggest"] = {
                "text": query,
                "spelling": {
                    "term": {"field": "spelling", "suggest_mode": "missing", "min_word_length": 4}
                },
            }
        if sort == "title":
            body["sort"] = [{"title.sort": "asc"}, "_score"]
        elif sort == "newest":
            body["sort"] = [{"year": {"order": "desc", "missing": "_last"}}, "_score"]
        return body

    def search(
        self, *, query: str, filters: SearchFilters, sort: str, page: int, per_page: int
    ) -> SearchResults:
        """Ranked hits with highlighted snippets, facet counts and a spelling suggestion."""
        body = self.search_body(
            query=query, filters=filters, sort=sort, page=page, per_page=per_page
        )
        client = engine_client()
        try:
            self.ensure_index(client)
            answer = client.search(index=self.alias, body=body)
        except transport_errors() as error:
            raise _unavailable(error) from error
        finally:
            client.close()
        return SearchResults(
            query=query,
            hits=tuple(_hit(raw) for raw in answer["hits"]["hits"]),
            total=answer["hits"]["total"]["value"],
            page=page,
            per_page=per_page,
            facets=_facets(answer.get("aggregations", {})),
            suggestion=_suggestion(query, answer.get("suggest", {}), answer["hits"]["hits"]),
            backend=self.name,
        )

    def autocomplete(self, *, prefix: str, limit: int) -> list[Suggestion]:
        """Titles whose words start with the typed words (with or without diacritics)."""
        body = {
            "size": limit,
            "_source": ["title", "url", "type"],
            "query": {"match": {"title.autocomplete": {"query": prefix, "operator": "and"}}},
        }
        client = engine_client()
        try:
            self.ensure_index(client)
            answer = client.search(index=self.alias, body=body)
        except transport_errors() as error:
            raise _unavailable(error) from error
        finally:
            client.close()
        return [
            Suggestion(
                title=hit["_source"]["title"],
                url=hit["_source"]["url"],
                type=hit["_source"]["type"],
            )
            for hit in answer["hits"]["hits"]
        ]


def _hit(raw: dict[str, Any]) -> SearchHit:
    from django.utils.html import escape

    source, highlight = raw["_source"], raw.get("highlight", {})
    snippet = (highlight.get("body") or [escape(source.get("body", "")[:160])])[0]
    # The html encoder escapes "/" too; it needs no escaping in text, and KW numbers read better.
    snippet = snippet.replace("&#x2F;", "/")
    return SearchHit(
        key=source["key"],
        type=source["type"],
        title=source["title"],
        url=source["url"],
        snippet=snippet,
        score=round(raw.get("_score") or 0.0, 3),
    )


def _facets(aggregations: dict[str, Any]) -> tuple[Facet, ...]:
    labels = registry.labels()
    facets = []
    for name in FACETS:
        buckets = aggregations.get(name, {}).get("values", {}).get("buckets", [])
        if buckets:
            values = tuple(
                FacetValue(
                    value=str(bucket["key"]),
                    count=bucket["doc_count"],
                    label=labels.get(bucket["key"], str(bucket["key"]))
                    if name == "type"
                    else str(bucket["key"]),
                )
                for bucket in buckets
            )
            facets.append(Facet(name=name, values=values))
    return tuple(facets)


def _suggestion(query: str, suggest: dict[str, Any], hits: list[dict[str, Any]]) -> str | None:
    """The query with each unknown word replaced by the engine's best correction.

    Only when no hit matched the words as typed (stemmed and folded): an inflected form the
    index does not hold verbatim ("podatkami") is not a typo.
    """
    if any("exact" in hit.get("matched_queries", []) for hit in hits):
        return None
    corrected, changed = query, False
    for entry in suggest.get("spelling", []):
        if entry.get("options"):
            best = entry["options"][0]["text"]
            start, length = entry["offset"], entry["length"]
            original = query[start : start + length]
            if any(char.isdigit() for char in original):
                continue  # an identifier is never "corrected" into another one
            corrected = corrected.replace(original, best, 1)
            changed = True
    return corrected if changed else None
