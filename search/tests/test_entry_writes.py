"""Bulk writes of the fallback table: COPY on PostgreSQL, bulk_create elsewhere, same rows.

Run this module on SQLite and on PostgreSQL (DATABASE_URL): the tests are the same, the write
path differs.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from search.backends import database as database_backend
from search.backends.database import DatabaseBackend, entry_values
from search.documents import SearchDocument
from search.entry_writes import delete_entries, insert_entries
from search.models import SearchEntry
from search.results import SearchFilters

pytestmark = pytest.mark.django_db

#: Every column but the ones the database or the clock fills.
COLUMNS = [
    field.attname
    for field in SearchEntry._meta.concrete_fields
    if field.attname not in ("id", "updated_at")
]

DOCUMENTS = [
    SearchDocument(
        key="business:1",
        type="business",
        title="Piekarnia Józef Żółtowski",
        url="/rejestry/dzialalnosc/1/",
        body="Ewidencja działalności gospodarczej. Zator, Rynek 12, 32-640. PKD 10.71.Z Produkcja "
        "pieczywa; produkcja świeżych wyrobów ciastkarskich i ciastek",
        identifiers=("5492345686", "123456785", "10.71.Z", "47.24.Z"),
        year=2010,
        town="Zator",
        status="aktywny",
        pkd_sections=("C", "G"),
    ),
    SearchDocument(
        key="parcel:7",
        type="parcel",
        title="Działka 345/6, obręb Graboszyce",
        url="/rejestry/mienie/7/",
        body="Mienie komunalne. Graboszyce. drogi. własność. 1,2345 ha. KW KR1E/00012345/1",
        identifiers=("345/6", "0002-345/6", "KR1E/00012345/1"),
        town="Graboszyce",
        status="własność",
    ),
    SearchDocument(
        key="page:3",
        type="page",
        title="Źródło wiedzy o podatkach – ĄĆĘŁŃÓŚŹŻ",
        url="/podatki/zrodlo/",
        # What COPY's text format would misread if the values were not escaped.
        body="Tabulator\tw treści,\nnowy wiersz, ukośnik \\ i \\N, który nie jest NULL-em.",
        year=2026,
    ),
    SearchDocument(
        key="budget_line:9",
        type="budget_line",
        title="§ 4300 Zakup usług pozostałych – Cmentarze (2026)",
        url="/budzet/2026/#dzial-expense-710",
        body="",
        identifiers=("4300", "71035", "710", "71035-4300"),
        year=2026,
        status="wydatki",
        budget_section="710 Działalność usługowa",
    ),
    SearchDocument(
        key="page:4",
        type="page",
        title="T" * 600,  # cut to the column's 500 characters by entry_values
        url="/dluga/",
    ),
]


def _rows() -> list[dict]:
    return list(SearchEntry.objects.order_by("key").values(*COLUMNS))


def _saved_through_the_orm(documents: list[SearchDocument]) -> list[dict]:
    """The rows ``SearchEntry(key=…, **entry_values(…)).save()`` writes, then removed again."""
    for document in documents:
        SearchEntry(key=document.key, **entry_values(document)).save()
    rows = _rows()
    SearchEntry.objects.all().delete()
    return rows


def _search(query: str, **filters):
    return DatabaseBackend().search(
        query=query, filters=SearchFilters(**filters), sort="relevance", page=1, per_page=10
    )


def test_inserted_rows_are_column_for_column_what_the_orm_saves():
    expected = _saved_through_the_orm(DOCUMENTS)
    before = timezone.now()

    insert_entries(documents=DOCUMENTS)

    after = timezone.now()
    assert _rows() == expected
    assert len(expected) == len(DOCUMENTS)
    stamps = SearchEntry.objects.values_list("updated_at", flat=True)
    assert all(before <= stamp <= after for stamp in stamps)


def test_inserted_rows_keep_empty_values_and_nulls_apart():
    insert_entries(documents=DOCUMENTS)

    parcel = SearchEntry.objects.get(key="parcel:7")
    page = SearchEntry.objects.get(key="page:4")
    assert parcel.year is None
    assert (parcel.pkd_sections, parcel.budget_section) == ("", "")
    assert (page.identifiers, page.body, page.town) == ("", "", "")
    assert len(page.title) == 500
    assert SearchEntry.objects.get(key="page:3").body == DOCUMENTS[2].body
    assert SearchEntry.objects.get(key="business:1").pkd_sections == ",C,G,"


def test_the_database_backend_finds_inserted_rows_by_words_identifiers_and_facets():
    insert_entries(documents=DOCUMENTS)

    assert [hit.key for hit in _search("zoltowski").hits] == ["business:1"]
    assert [hit.key for hit in _search("Żółtowski").hits] == ["business:1"]
    assert [hit.key for hit in _search("549-234-56-86").hits] == ["business:1"]
    assert [hit.key for hit in _search("KR1E/00012345/1").hits] == ["parcel:7"]
    assert [hit.key for hit in _search("źródło").hits] == ["page:3"]
    assert [hit.key for hit in _search("pieczywa", pkd_section="G").hits] == ["business:1"]
    assert _search("pieczywa", pkd_section="A").total == 0
    assert [hit.key for hit in _search("usług", year=2026).hits] == ["budget_line:9"]
    assert [hit.key for hit in _search("działka", town="Graboszyce").hits] == ["parcel:7"]


def test_an_empty_list_inserts_nothing():
    insert_entries(documents=[])

    assert SearchEntry.objects.count() == 0


def test_deleting_one_type_removes_only_its_rows_and_counts_them():
    insert_entries(documents=DOCUMENTS)

    assert delete_entries(type_="page") == 2
    assert sorted(SearchEntry.objects.values_list("key", flat=True)) == [
        "budget_line:9",
        "business:1",
        "parcel:7",
    ]
    assert delete_entries(type_="page") == 0
    assert delete_entries(type_="no-such-type") == 0
    assert SearchEntry.objects.count() == 3


def test_deleting_without_a_type_removes_every_row():
    insert_entries(documents=DOCUMENTS)

    assert delete_entries() == len(DOCUMENTS)
    assert SearchEntry.objects.count() == 0
    assert delete_entries() == 0


def test_a_type_that_looks_like_sql_is_only_a_value():
    insert_entries(documents=DOCUMENTS)

    assert delete_entries(type_="page' OR '1'='1") == 0
    assert SearchEntry.objects.count() == len(DOCUMENTS)


def test_a_rebuild_of_the_table_leaves_only_the_new_documents_as_the_orm_saves_them(monkeypatch):
    expected = _saved_through_the_orm(DOCUMENTS[2:])
    insert_entries(documents=DOCUMENTS[:2])
    monkeypatch.setattr(database_backend, "REPLACE_BATCH", 2)  # three documents: two batches

    count = DatabaseBackend().replace_all(documents=iter(DOCUMENTS[2:]))

    assert count == 3
    assert _rows() == expected


class _Undo(Exception):
    """Raised to roll back the block under test."""


def test_a_rollback_of_the_callers_transaction_undoes_both_writes():
    insert_entries(documents=DOCUMENTS[:2])
    kept = _rows()

    with pytest.raises(_Undo), transaction.atomic():
        assert delete_entries() == 2
        insert_entries(documents=DOCUMENTS[2:])
        assert SearchEntry.objects.count() == 3
        raise _Undo

    assert _rows() == kept


def test_rows_inserted_in_a_block_are_visible_inside_it_and_kept_after_it():
    with transaction.atomic():
        insert_entries(documents=DOCUMENTS[:1])
        assert connection.in_atomic_block
        assert SearchEntry.objects.filter(key="business:1").exists()

    assert SearchEntry.objects.filter(key="business:1").exists()


def test_a_key_already_in_the_table_fails_the_insert_and_the_block_keeps_the_old_row():
    insert_entries(documents=DOCUMENTS[:1])
    old = _rows()

    # Django's IntegrityError on both paths: COPY's errors are wrapped as bulk_create's are.
    with pytest.raises(IntegrityError) as failure, transaction.atomic():
        insert_entries(documents=[DOCUMENTS[0], DOCUMENTS[1]])

    assert "unique" in str(failure.value).lower()
    assert _rows() == old


@pytest.mark.postgres
def test_on_postgresql_the_rows_go_in_with_copy_stamped_with_one_time():
    with CaptureQueriesContext(connection) as queries:
        insert_entries(documents=DOCUMENTS)

    # COPY goes through the driver's own cursor, past Django's query log; bulk_create would
    # have logged its INSERT here.
    assert not [query for query in queries if "INSERT" in query["sql"].upper()]

    assert SearchEntry.objects.count() == len(DOCUMENTS)
    stamps = set(SearchEntry.objects.values_list("updated_at", flat=True))
    assert len(stamps) == 1
    (stamp,) = stamps
    assert timezone.now() - stamp < datetime.timedelta(minutes=1)
