"""The database backend of the query API (SQLite and PostgreSQL), and index updates on save."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from search.backends.database import DatabaseBackend
from search.documents import SearchDocument
from search.models import SearchEntry
from search.query import autocomplete, search
from search.results import FACETS, SearchFilters
from search.text import fold

from .conftest import titles

pytestmark = pytest.mark.django_db
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _doc(key: str, title: str, **fields) -> SearchDocument:
    type_ = fields.pop("type", key.split(":")[0])
    return SearchDocument(key=key, type=type_, title=title, url=f"/{key}/", **fields)


@pytest.fixture
def backend():
    backend = DatabaseBackend()
    backend.index_documents(
        documents=[
            _doc(
                "page:1",
                "Źródło wiedzy o podatkach",
                body="Podatek od nieruchomości płacisz…",
                year=2025,
            ),
            _doc(
                "page:2",
                "Zaproszenie na sesję",
                body="Rada obraduje o źródłach finansowania.",
                year=2026,
            ),
            _doc(
                "business:1",
                "Piekarnia Żółtowski",
                body="Zator, Rynek 12. PKD 10.71.Z pieczywo",
                identifiers=("5492345686", "10.71.Z"),
                town="Zator",
                status="aktywny",
                year=2010,
                pkd_sections=("C",),
            ),
            _doc(
                "business:2",
                "Piekarnia Nowak",
                body="Graboszyce. PKD 47.24.Z sprzedaż pieczywa",
                identifiers=("1234563218",),
                town="Graboszyce",
                status="wykreślony",
                year=2015,
                pkd_sections=("G",),
            ),
            _doc(
                "parcel:1",
                "Działka 18/1, obręb Zator",
                body="KW KR1E/00052621/2 drogi",
                identifiers=("18/1", "KR1E/00052621/2"),
                town="Zator",
                status="własność",
            ),
            _doc(
                "budget_line:1",
                "§ 4300 Zakup usług pozostałych – Cmentarze (2026)",
                identifiers=("4300", "71035"),
                year=2026,
                status="wydatki",
                budget_section="710 Działalność usługowa",
            ),
        ]
    )
    return backend


def _search(backend, query, **kwargs):
    params = {"filters": SearchFilters(), "sort": "relevance", "page": 1, "per_page": 10}
    return backend.search(query=query, **{**params, **kwargs})


def test_words_typed_without_diacritics_find_the_accented_title(backend):
    assert titles(_search(backend, "zrodlo"))[0] == "Źródło wiedzy o podatkach"
    assert titles(_search(backend, "ZOLTOWSKI")) == ["Piekarnia Żółtowski"]


def test_inflected_words_meet_their_nominative(backend):
    assert "Źródło wiedzy o podatkach" in titles(_search(backend, "podatkami"))
    assert "Zaproszenie na sesję" in titles(_search(backend, "źródłami"))


def test_every_word_must_match_and_title_matches_rank_first(backend):
    found = _search(backend, "piekarnia zator")
    assert titles(found) == ["Piekarnia Żółtowski"]
    ranked = titles(_search(backend, "źródło"))
    assert ranked == ["Źródło wiedzy o podatkach", "Zaproszenie na sesję"]


def test_identifiers_match_with_and_without_separators(backend):
    for query in ["5492345686", "549-234-56-86", "549 234 56 86"]:
        assert titles(_search(backend, query)) == ["Piekarnia Żółtowski"], query
    for query in ["KR1E/00052621/2", "kr1e000526212", "KR1E 00052621 2"]:
        assert titles(_search(backend, query)) == ["Działka 18/1, obręb Zator"], query


def test_hits_carry_type_url_score_and_an_escaped_snippet_with_marks(backend):
    backend.index_documents(
        documents=[_doc("page:9", "Ogłoszenie", body="<script>alert(1)</script> o ogłoszeniu")]
    )
    hit = _search(backend, "ogłoszeniu").hits[0]
    assert (hit.type, hit.url) == ("page", "/page:9/")
    assert hit.score > 0
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<mark>ogłoszeniu</mark>" in hit.snippet


def test_facets_count_the_matches_and_filters_narrow_them(backend):
    found = _search(backend, "piekarnia")
    facets = {facet.name: {v.value: v.count for v in facet.values} for facet in found.facets}
    assert facets["town"] == {"Zator": 1, "Graboszyce": 1}
    assert facets["pkd_section"] == {"C": 1, "G": 1}
    assert facets["type"] == {"business": 2}
    assert {facet.name for facet in found.facets} <= set(FACETS)

    in_zator = _search(backend, "piekarnia", filters=SearchFilters(town="Zator"))
    assert titles(in_zator) == ["Piekarnia Żółtowski"]
    narrowed = {facet.name: {v.value: v.count for v in facet.values} for facet in in_zator.facets}
    assert narrowed["town"] == {"Zator": 1, "Graboszyce": 1}  # the other town stays to choose
    assert narrowed["pkd_section"] == {"C": 1}  # the other facets follow the filter

    only_g = _search(backend, "piekarnia", filters=SearchFilters(pkd_section="G"))
    assert titles(only_g) == ["Piekarnia Nowak"]
    deleted = _search(backend, "piekarnia", filters=SearchFilters(status="wykreślony"))
    assert titles(deleted) == ["Piekarnia Nowak"]
    in_2026 = _search(backend, "", filters=SearchFilters(year=2026))
    assert set(titles(in_2026)) == {
        "Zaproszenie na sesję",
        "§ 4300 Zakup usług pozostałych – Cmentarze (2026)",
    }


def test_sorting_and_pagination(backend):
    by_title = _search(backend, "", sort="title")
    assert titles(by_title) == sorted(titles(by_title), key=fold)  # Ź sorts as Z
    newest = _search(backend, "", sort="newest")
    years = [SearchEntry.objects.get(key=hit.key).year or 0 for hit in newest.hits]
    assert years == sorted(years, reverse=True)
    first = _search(backend, "", sort="title", per_page=4)
    second = _search(backend, "", sort="title", per_page=4, page=2)
    assert first.total == second.total == 6
    assert first.num_pages == 2
    assert titles(first) + titles(second) == titles(by_title)


def test_nothing_found_for_unrelated_words(backend):
    found = _search(backend, "hipopotamami")
    assert (found.total, found.hits, found.suggestion) == (0, (), None)


def test_the_query_api_uses_the_database_backend_by_default(backend, settings):
    settings.SEARCH_CONFIG = type(settings.SEARCH_CONFIG)(
        engine="database", url=None, index_prefix="eurzad"
    )
    found = search(query="piekarnia", per_page=1, sort="nonsense", page=-3)
    assert (found.backend, found.total, found.page, len(found.hits)) == ("database", 2, 1, 1)
    assert [s.title for s in autocomplete(prefix="piek")] == [
        "Piekarnia Nowak",
        "Piekarnia Żółtowski",
    ]
    assert [s.title for s in autocomplete(prefix="zrod")] == ["Źródło wiedzy o podatkach"]


def test_saving_and_deleting_a_record_updates_the_index_through_a_task(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE_TASKS
    settings.SEARCH_CONFIG = type(settings.SEARCH_CONFIG)(
        engine="database", url=None, index_prefix="eurzad"
    )
    parcel_model = apps.get_model("public_records", "Parcel")
    with django_capture_on_commit_callbacks(execute=True):
        parcel = parcel_model.objects.create(
            precinct_code="0007",
            precinct_name="Rudze",
            number="999/9",
            area_m2=Decimal("120.00"),
            status="for_sale",
            town="Rudze",
            land_register_number="KR1E/00052621/2",
        )
    hit = (
        DatabaseBackend()
        .search(query="999/9", filters=SearchFilters(), sort="relevance", page=1, per_page=5)
        .hits[0]
    )
    assert (hit.type, hit.title) == ("parcel", "Działka 999/9, obręb Rudze")
    assert hit.url == f"/rejestry/mienie/{parcel.pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        parcel.status = "owned"
        parcel.save()
    assert SearchEntry.objects.get(key=f"parcel:{parcel.pk}").status == "własność"

    with django_capture_on_commit_callbacks(execute=True):
        parcel.delete()
    assert not SearchEntry.objects.filter(key=f"parcel:{parcel.pk}").exists()


def test_a_save_inside_a_rolled_back_transaction_queues_nothing(settings):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    parcel_model = apps.get_model("public_records", "Parcel")
    before = DBTaskResult.objects.count()
    with transaction.atomic():
        parcel_model.objects.create(
            precinct_code="0007",
            precinct_name="Rudze",
            number="998",
            area_m2=Decimal("1.00"),
            status="owned",
            town="Rudze",
        )
        transaction.set_rollback(True)
    assert DBTaskResult.objects.count() == before


def test_demo_records_and_pages_are_indexed_by_the_rebuild(indexed_demo):
    counts = {t: SearchEntry.objects.filter(type=t).count() for t in ["page", "business", "parcel"]}
    assert counts["business"] == 300
    assert counts["parcel"] == 300
    assert counts["page"] > 20
    assert SearchEntry.objects.filter(type="budget_line").count() == 240
    # Pages with a view restriction or drafts never reach the index; the root neither.
    assert not SearchEntry.objects.filter(key="page:1").exists()


def test_an_import_reindexes_its_record_type_after_the_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE_TASKS
    settings.SEARCH_CONFIG = type(settings.SEARCH_CONFIG)(
        engine="database", url=None, index_prefix="eurzad"
    )
    SearchEntry.objects.create(key="business:999999", type="business", title="Stary wpis", url="/")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_public_records_demo", stdout=io.StringIO())
    assert SearchEntry.objects.filter(type="business").count() == 300
    assert SearchEntry.objects.filter(type="parcel").count() == 300
    assert SearchEntry.objects.filter(type="budget_line").count() == 240
    assert not SearchEntry.objects.filter(key="business:999999").exists()  # gone from the register
    found = search(query="1189024612")
    assert [hit.title for hit in found.hits] == ["Gospodarstwo Rybackie Małgorzata Kwiatkowska"]
