"""The two ways an import writes: rows kept from the check or parsed again; COPY on PostgreSQL."""

from __future__ import annotations

import itertools
import random

import pytest

from eservices.public_records import services
from eservices.public_records.demo_data import nip_numbers
from eservices.public_records.importers.business import BusinessImporter
from eservices.public_records.models import BusinessEntry, ImportRun
from eservices.public_records.services import records_import

from .conftest import business, csv_bytes, stream

pytestmark = pytest.mark.usefixtures("classification")

NIPS = list(itertools.islice(nip_numbers(random.Random(5)), 4))
ROWS = [
    business(NIP=NIPS[0], **{"Nazwa firmy": "Piekarnia Pierwsza"}),
    business(NIP=NIPS[1], **{"Nazwa firmy": "Cukiernia Druga", "PKD": "47.24.Z"}),
    business(NIP=NIPS[0], **{"Nazwa firmy": "Piekarnia Powtórzona"}),  # duplicate key: skipped
    business(NIP=NIPS[2], **{"Nazwa firmy": "Sklep Trzeci", "REGON": ""}),
]


@pytest.fixture
def parses(monkeypatch):
    """Counts the rows the business importer parses."""
    counted: list[int] = []
    real_parse = BusinessImporter.parse

    def counting_parse(self, row):
        counted.append(row.line)
        return real_parse(self, row)

    monkeypatch.setattr(BusinessImporter, "parse", counting_parse)
    return counted


def _import():
    return records_import(
        kind=ImportRun.Kind.BUSINESS,
        stream=stream(csv_bytes(ROWS)),
        file_name="ewidencja.csv",
        valid_only=True,
        batch_size=2,
    )


def _stored() -> list[tuple[str, str, list[str]]]:
    return [
        (entry.business_name, entry.regon, sorted(code.code for code in entry.pkd_codes.all()))
        for entry in BusinessEntry.objects.order_by("business_name")
    ]


EXPECTED = [
    ("Cukiernia Druga", "123456785", ["47.24.Z"]),
    ("Piekarnia Pierwsza", "123456785", ["10.71.Z", "47.24.Z"]),
    ("Sklep Trzeci", "", ["10.71.Z", "47.24.Z"]),
]


def test_a_short_file_is_parsed_once_and_written_from_the_checked_rows(parses):
    result = _import()

    assert (result.created, result.rows_invalid) == (3, 1)
    assert parses == [2, 3, 4, 5]
    assert _stored() == EXPECTED


def test_a_file_longer_than_the_limit_is_parsed_again_with_the_same_result(parses, monkeypatch):
    monkeypatch.setattr(services, "KEEP_PARSED_ROWS", 2)

    result = _import()

    assert (result.created, result.rows_invalid) == (3, 1)
    assert parses == [2, 3, 4, 5, 2, 3, 5]  # the second pass skips the invalid line 4
    assert _stored() == EXPECTED


@pytest.mark.postgres
def test_rows_copied_in_on_postgresql_are_whole_records_and_the_sequence_moves_on():
    first = _import()
    entries = list(BusinessEntry.objects.order_by("pk"))

    assert _stored() == EXPECTED
    assert all(entry.created_at and entry.updated_at for entry in entries)
    assert {entry.source_id for entry in entries} == {first.run.pk}
    assert {entry.status for entry in entries} == {"active"}
    later = BusinessEntry.objects.create(
        business_name="Zakład Czwarty",
        owner_first_name="Anna",
        owner_last_name="Nowak",
        nip=NIPS[3],
        town="Zator",
        building_number="1",
        postal_code="32-640",
        start_date=entries[0].start_date,
    )
    assert later.pk > max(entry.pk for entry in entries)

    again = _import()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
