"""Re-indexing one record type after a bulk import: both indexes, gone records dropped."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps

from search.backends.database import DatabaseBackend
from search.backends.engine import EngineBackend, engine_client
from search.engine import SearchEngineUnavailable
from search.indexing import reindex_source
from search.models import SearchEntry
from search.query import search
from search.results import SearchFilters


def _parcels(numbers: list[str]):
    """Parcels written the way importers write them: bulk_create sends no signals."""
    parcel_model = apps.get_model("public_records", "Parcel")
    return parcel_model.objects.bulk_create(
        [
            parcel_model(
                precinct_code="0007",
                precinct_name="Rudze",
                number=number,
                area_m2=Decimal("120.00"),
                status="owned",
                town="Rudze",
            )
            for number in numbers
        ]
    )


def _database_titles(query: str) -> list[str]:
    found = DatabaseBackend().search(
        query=query, filters=SearchFilters(), sort="relevance", page=1, per_page=10
    )
    return [hit.title for hit in found.hits]


def _titles(query: str) -> list[str]:
    found = search(query=query)
    assert found.backend == "engine"
    return [hit.title for hit in found.hits]


@pytest.mark.search_engine
def test_reindex_makes_bulk_written_records_searchable_and_drops_gone_ones(indexed_demo):
    parcel_model = apps.get_model("public_records", "Parcel")
    _kept, gone = _parcels(["991/1", "992/7"])
    kept_title, gone_title = "Działka 991/1, obręb Rudze", "Działka 992/7, obręb Rudze"
    assert kept_title not in _titles("991/1")  # no signal, nothing indexed yet

    indexed = reindex_source(type_="parcel")

    assert indexed == parcel_model.objects.count()
    for query, title in (("991/1", kept_title), ("992/7", gone_title)):
        assert _titles(query)[0] == title  # the exact identifier ranks first
        assert title in _database_titles(query)

    parcel_model.objects.filter(pk=gone.pk)._raw_delete(using="default")  # as a bulk delete would
    reindex_source(type_="parcel")

    assert gone_title not in _titles("992/7")
    assert gone_title not in _database_titles("992/7")
    assert _titles("991/1")[0] == kept_title
    client = engine_client()
    engine_parcels = client.count(
        index=EngineBackend().alias, body={"query": {"term": {"type": "parcel"}}}
    )
    client.close()
    assert engine_parcels["count"] == parcel_model.objects.count() == indexed - 1
    assert SearchEntry.objects.filter(type="parcel").count() == indexed - 1


@pytest.mark.django_db
def test_reindex_with_the_engine_down_still_rewrites_the_fallback_and_says_so(settings):
    settings.SEARCH_CONFIG = type(settings.SEARCH_CONFIG)(
        engine="opensearch2", url="http://127.0.0.1:9", index_prefix="eurzad_dead"
    )
    _parcels(["993/2"])

    with pytest.raises(SearchEngineUnavailable):
        reindex_source(type_="parcel")

    assert "Działka 993/2, obręb Rudze" in _database_titles("993/2")


@pytest.mark.django_db
def test_reindex_without_an_engine_rewrites_the_table_in_batches(settings, monkeypatch):
    settings.SEARCH_CONFIG = type(settings.SEARCH_CONFIG)(
        engine="database", url=None, index_prefix="eurzad"
    )
    monkeypatch.setattr("search.indexing.REINDEX_BATCH", 2)  # several batches and a short one
    _parcels(["994/1", "994/2", "994/3", "994/4", "994/5"])

    assert reindex_source(type_="parcel") == 5
    assert sorted(_database_titles("994")) == [f"Działka 994/{n}, obręb Rudze" for n in range(1, 6)]


@pytest.mark.search_engine
def test_a_document_the_engine_refuses_fails_the_stream_with_the_engines_reason(search_alias):
    """Streamed answers keep only each item's status and error (``filter_path``): a refusal
    must still surface, with the engine's reason, while the good documents are indexed."""
    from opensearchpy.helpers import BulkIndexError

    from search.documents import SearchDocument

    good = SearchDocument(key="parcel:990001", type="parcel", title="Działka 1", url="/d/1/")
    refused = SearchDocument(
        key="parcel:990002", type="parcel", title="Działka 2", url="/d/2/", year="nie rok"
    )
    backend = EngineBackend()

    with pytest.raises(BulkIndexError) as failure:
        backend.stream_documents(documents=[good, refused])

    (error,) = failure.value.errors
    assert error["index"]["status"] == 400
    assert error["index"]["_id"] == "parcel:990002"
    assert "year" in str(error["index"]["error"])
    client = engine_client()
    client.indices.refresh(index=backend.alias)
    assert client.exists(index=backend.alias, id="parcel:990001")
    assert not client.exists(index=backend.alias, id="parcel:990002")
    client.close()
