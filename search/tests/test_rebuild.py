"""`rebuild_search_index`: a new index, an atomic alias switch, searches working meanwhile."""

from __future__ import annotations

import io
import itertools

import pytest
from django.core.management import call_command

from search.backends.engine import EngineBackend, engine_client
from search.query import search
from search.rebuild import rebuild_indexes


@pytest.mark.search_engine
def test_rebuild_switches_the_alias_and_search_works_during_it(indexed_demo):
    engine = EngineBackend()
    client = engine_client()
    old = engine.indexes_behind_alias(client)
    seen_during: dict = {}

    def search_before_the_switch(new_index: str) -> None:
        seen_during["alias"] = engine.indexes_behind_alias(client)
        seen_during["new_count"] = client.count(index=new_index)["count"]
        seen_during["results"] = search(query="Agroturystyka Dąbrowski")

    report = rebuild_indexes(before_switch=search_before_the_switch)

    assert seen_during["alias"] == old  # the old index still answered…
    during = seen_during["results"]
    assert (during.backend, during.notice) == ("engine", None)
    assert during.hits[0].title == "Agroturystyka Piotr Dąbrowski"  # …with full results
    assert seen_during["new_count"] == report.documents  # while the new one was complete

    assert engine.indexes_behind_alias(client) == [report.new_index]
    assert report.removed_indexes == tuple(old)
    assert not client.indices.exists(index=old[0])  # the old index is deleted after
    assert search(query="Agroturystyka Dąbrowski").hits[0].title == "Agroturystyka Piotr Dąbrowski"
    client.close()


@pytest.mark.search_engine
def test_command_shows_progress_and_reports_the_new_index(indexed_demo):
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", stdout=out, stderr=err)
    assert "Zaindeksowano dokumentów" in out.getvalue()
    assert "Alias wskazuje teraz indeks" in out.getvalue()
    assert "100%" in err.getvalue()  # tqdm's bar reached the end


@pytest.mark.search_engine
def test_a_record_saved_during_a_rebuild_is_in_the_new_index(
    indexed_demo, settings, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    from django.apps import apps

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    parcel_model = apps.get_model("public_records", "Parcel")

    def save_a_parcel(new_index: str) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            parcel_model.objects.create(
                precinct_code="0007",
                precinct_name="Rudze",
                number="997/3",
                area_m2=Decimal("50.00"),
                status="owned",
                town="Rudze",
            )

    rebuild_indexes(before_switch=save_a_parcel)
    assert [hit.title for hit in search(query="997/3").hits] == ["Działka 997/3, obręb Rudze"]


@pytest.mark.search_engine
def test_an_engine_failing_during_the_build_leaves_the_alias_and_drops_the_new_index(
    indexed_demo, monkeypatch
):
    from opensearchpy.exceptions import ConnectionError as EngineConnectionError

    from search.engine import SearchEngineUnavailable

    engine = EngineBackend()
    client = engine_client()
    old = engine.indexes_behind_alias(client)
    real_fill = EngineBackend.fill_index
    built: list[str] = []

    def failing_fill(self, *, index, documents):
        built.append(index)
        real_fill(self, index=index, documents=itertools.islice(documents, 5))
        for _document in documents:  # the engine goes away after the first few documents
            raise EngineConnectionError("N/A", "connection lost", None)

    monkeypatch.setattr(EngineBackend, "fill_index", failing_fill)

    with pytest.raises(SearchEngineUnavailable):
        rebuild_indexes()

    assert engine.indexes_behind_alias(client) == old
    assert not client.indices.exists(index=built[0])
    assert search(query="Agroturystyka Dąbrowski").hits[0].title == "Agroturystyka Piotr Dąbrowski"
    client.close()


@pytest.mark.django_db
def test_a_rebuild_with_the_engine_down_still_rebuilds_the_fallback_table(settings):
    from search.documents import registry
    from search.engine import SearchEngineUnavailable
    from search.models import SearchEntry

    settings.SEARCH_CONFIG = type(settings.SEARCH_CONFIG)(
        engine="opensearch2", url="http://127.0.0.1:9", index_prefix="eurzad_dead"
    )
    SearchEntry.objects.create(key="page:999", type="page", title="Stara", url="/stara/")

    with pytest.raises(SearchEngineUnavailable):
        rebuild_indexes()

    assert not SearchEntry.objects.filter(key="page:999").exists()
    assert SearchEntry.objects.count() == sum(len(list(s.documents())) for s in registry)
