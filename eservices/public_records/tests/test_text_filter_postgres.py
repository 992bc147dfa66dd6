"""On PostgreSQL the ``q`` filter is answered from the trigram index, not by folding every row."""

from __future__ import annotations

import datetime
import random

import pytest
from django.db import connection

from eservices.public_records.api import businesses_queryset, parcels_queryset
from eservices.public_records.filters import BusinessEntryFilter, ParcelFilter, text_search
from eservices.public_records.models import BusinessEntry, Parcel
from eservices.public_records.models.business import BUSINESS_SEARCH_FIELDS

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

#: Enough rows that a sequential scan costs the planner more than the index (it picks a scan
#: for a few hundred rows, where it is indeed cheaper).
ROWS = 20_000
BUSINESS_INDEX = "public_records_business_search_trgm"
PARCEL_INDEX = "public_records_parcel_search_trgm"
SYLLABLES = ("ka", "no", "wal", "ski", "rz", "ęb", "ow", "ic", "zy", "ń", "ła", "cz", "mar", "tek")


def _surnames(rng: random.Random, count: int) -> list[str]:
    names = {
        "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize() for _ in range(count * 2)
    }
    return sorted(names)[:count]


@pytest.fixture
def many_entries() -> list[str]:
    """ROWS register entries over 1 000 surnames and 40 towns; returns the surnames."""
    rng = random.Random(5)
    surnames = _surnames(rng, 1000)
    towns = [f"Wieś {name}" for name in _surnames(rng, 40)]
    BusinessEntry.objects.bulk_create(
        [
            BusinessEntry(
                business_name=f"Usługi {rng.choice(surnames)} i {rng.choice(surnames)}",
                owner_first_name=rng.choice(("Anna", "Józef", "Łucja", "Piotr")),
                owner_last_name=rng.choice(surnames),
                nip=f"{1_000_000_000 + n * 7919:010d}",
                town=rng.choice(towns),
                building_number=str(n % 90 + 1),
                postal_code="32-640",
                start_date=datetime.date(2000, 1, 1) + datetime.timedelta(days=n % 9000),
            )
            for n in range(ROWS)
        ],
        batch_size=2000,
    )
    Parcel.objects.bulk_create(
        [
            Parcel(
                precinct_code=f"{n % 50:04d}",
                precinct_name=rng.choice(towns),
                number=f"{n}/{n % 7 + 1}",
                area_m2=100,
                status="owned",
                town=rng.choice(towns),
                land_register_number=f"KR1E/{n:08d}/{n % 10}",
            )
            for n in range(ROWS)
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        # What autovacuum does after a large import (it cannot see this test's transaction):
        # move the rows from the GIN "pending list" into the index proper, refresh statistics.
        for index in (BUSINESS_INDEX, PARCEL_INDEX):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE public_records_businessentry")
        cursor.execute("ANALYZE public_records_parcel")
    return surnames


def _plan(queryset) -> str:
    return queryset.explain()


def test_business_text_filter_reads_the_trigram_index(many_entries):
    surname = many_entries[500]
    for text in (surname.upper(), f"józef {surname}", "4711"):
        filtered = BusinessEntryFilter({"q": text}, queryset=businesses_queryset())
        assert filtered.is_valid()
        plan = _plan(filtered.qs)
        assert BUSINESS_INDEX in plan, plan
        count_plan = _plan(filtered.qs.order_by().values("pk"))
        assert BUSINESS_INDEX in count_plan, count_plan


def test_indexed_filter_finds_the_rows_the_old_scan_found(many_entries):
    queryset = BusinessEntry.objects.all()
    for text in (many_entries[10], many_entries[700].upper(), "łucja WIES", "0000"):
        found = set(BusinessEntryFilter({"q": text}, queryset=queryset).qs.values_list("pk"))
        scanned = set(
            text_search(queryset, fields=BUSINESS_SEARCH_FIELDS, text=text).values_list("pk")
        )
        assert found == scanned and found, text
    old_plan = _plan(text_search(queryset, fields=BUSINESS_SEARCH_FIELDS, text=many_entries[10]))
    assert BUSINESS_INDEX not in old_plan, "the old filter could not use the index"


def test_parcel_text_filter_reads_the_trigram_index(many_entries):
    for text in ("kr1e/00012345", "12345/"):
        filtered = ParcelFilter({"q": text}, queryset=parcels_queryset())
        assert filtered.is_valid()
        assert filtered.qs.exists(), text
        plan = _plan(filtered.qs)
        assert PARCEL_INDEX in plan, plan
