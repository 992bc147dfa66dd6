"""The engine backend of the query API against the real engine (OpenSearch in `make test`)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps

from search.backends.engine import EngineBackend, engine_client, index_body
from search.query import autocomplete, search
from search.results import SearchFilters

from .conftest import titles

pytestmark = pytest.mark.search_engine
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_index_uses_the_polish_analysis_and_exact_identifiers():
    body = index_body()
    analyzers = body["settings"]["analysis"]["analyzer"]
    assert "polish_hunspell" in analyzers["default"]["filter"]
    assert "polish_folding" in analyzers["edgengram_analyzer"]["filter"]
    properties = body["mappings"]["properties"]
    assert properties["identifiers"]["type"] == "keyword"
    assert properties["title"]["fields"]["autocomplete"]["analyzer"] == "edgengram_analyzer"


def test_one_search_mixes_pages_and_records_with_facets_and_highlights(indexed_demo):
    found = search(query="Zator", per_page=20)
    assert found.backend == "engine"
    facets = {facet.name: {v.value: v.count for v in facet.values} for facet in found.facets}
    assert {"page", "business", "parcel"} <= set(facets["type"])
    assert sum(facets["type"].values()) == found.total
    assert "Zator" in facets["town"]
    assert any("<mark>" in hit.snippet for hit in found.hits)
    assert all(hit.url.startswith("/") and hit.score > 0 for hit in found.hits)

    budget = search(query="cmentarze", per_page=5)
    assert {hit.type for hit in budget.hits} == {"budget_line"}
    sections = {
        v.value for facet in budget.facets if facet.name == "budget_section" for v in facet.values
    }
    assert sections == {"710 Działalność usługowa"}


def test_filters_sorting_and_pages(indexed_demo):
    narrowed = search(
        query="agroturystyka",
        filters=SearchFilters(type="business", town="Palczowice", status="aktywny"),
        sort="title",
        per_page=50,
    )
    assert narrowed.total >= 1
    assert titles(narrowed) == sorted(titles(narrowed), key=str.upper)
    assert all(hit.type == "business" for hit in narrowed.hits)
    facets = {facet.name: {v.value: v.count for v in facet.values} for facet in narrowed.facets}
    assert len(facets["town"]) > 1  # the other towns stay to choose
    assert facets["town"]["Palczowice"] == narrowed.total
    assert sum(facets["type"].values()) == narrowed.total
    every = search(query="agroturystyka", filters=SearchFilters(type="business"), per_page=50)
    assert narrowed.total < every.total

    pkd = search(query="piekarnia", filters=SearchFilters(pkd_section="C"), per_page=50)
    assert pkd.total >= 1 and all(hit.type == "business" for hit in pkd.hits)
    in_2025 = search(query="cmentarze", filters=SearchFilters(year=2025))
    assert titles(in_2025) == ["§ 4300 Zakup usług pozostałych – Cmentarze (2025)"]
    browse = search(query="", filters=SearchFilters(type="parcel", town="Rudze"), per_page=50)
    assert browse.total == 33 and all(hit.type == "parcel" for hit in browse.hits)

    first = search(query="działka", per_page=10)
    second = search(query="działka", per_page=10, page=2)
    assert first.total == second.total > 20
    assert not {hit.key for hit in first.hits} & {hit.key for hit in second.hits}


def test_did_you_mean_for_typos_only(indexed_demo):
    typo = search(query="harmonogran odpadów")
    assert typo.suggestion == "harmonogram odpadów"
    assert titles(typo)[0] == "Nowy harmonogram odbioru odpadów komunalnych"
    assert search(query="podatkami").suggestion is None  # an inflection, not a typo
    assert search(query="118-902-46-13").suggestion is None  # numbers are never "corrected"

    assert "Informator dla mieszkańców" in [
        s.title for s in autocomplete(prefix="informator dla mieszkanc")
    ]
    assert "Deklaracja dostępności" in [s.title for s in autocomplete(prefix="deklaracja dostę")]
    assert "Deklaracja dostępności" in [s.title for s in autocomplete(prefix="deklaracja doste")]


def test_saved_record_reaches_the_engine_through_the_task(
    indexed_demo, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE_TASKS
    parcel_model = apps.get_model("public_records", "Parcel")
    with django_capture_on_commit_callbacks(execute=True):
        parcel = parcel_model.objects.create(
            precinct_code="0007",
            precinct_name="Rudze",
            number="999/9",
            area_m2=Decimal("120.00"),
            status="for_sale",
            town="Rudze",
        )
    found = search(query="999/9")
    assert (found.backend, titles(found)[:1]) == ("engine", ["Działka 999/9, obręb Rudze"])
    with django_capture_on_commit_callbacks(execute=True):
        parcel.delete()
    assert search(query="999/9").total == 0


def test_documents_live_in_a_versioned_index_behind_the_alias(indexed_demo, search_alias):
    client = engine_client()
    behind = EngineBackend().indexes_behind_alias(client)
    client.close()
    assert len(behind) == 1
    assert behind[0].startswith(f"{search_alias}_")


def test_snippets_escape_the_indexed_text_and_mark_the_words(db, search_alias):
    from search.documents import SearchDocument

    EngineBackend().index_documents(
        documents=[
            SearchDocument(
                key="page:990",
                type="page",
                title="Ogłoszenie o przetargu",
                url="/ogloszenia/przetarg/",
                body="<script>alert(1)</script> Przetarg na dzierżawę działki.",
            )
        ]
    )
    hit = search(query="dzierżawa działek").hits[0]
    assert hit.key == "page:990"
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<mark>dzierżawę</mark>" in hit.snippet and "<mark>działki</mark>" in hit.snippet
