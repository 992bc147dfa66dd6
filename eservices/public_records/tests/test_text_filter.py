"""The ``q`` filter over the stored search column finds exactly what the folding scan found."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import QuerySet

from eservices.public_records.filters import (
    BusinessEntryFilter,
    ParcelFilter,
    TextQueryFilter,
    fold_text,
    stored_text_search,
    text_search,
)
from eservices.public_records.models import BusinessEntry, Parcel
from eservices.public_records.models.business import BUSINESS_SEARCH_FIELDS
from eservices.public_records.models.property import PARCEL_SEARCH_FIELDS

from .pages_fixtures import records_demo, records_demo_module  # noqa: F401

BUSINESSES = "/api/rejestry/dzialalnosc-gospodarcza/"
PARCELS = "/api/rejestry/mienie/"


def _same_rows(queryset: QuerySet, *, fields: tuple[str, ...], text: str) -> tuple[set, set]:
    stored = set(stored_text_search(queryset, text=text).values_list("pk", flat=True))
    scanned = set(text_search(queryset, fields=fields, text=text).values_list("pk", flat=True))
    return stored, scanned


def _business_queries() -> list[str]:
    accented = BusinessEntry.objects.filter(business_name__regex=r"[ąćęłńóśźżŁŚŻŹ]").first()
    with_regon = BusinessEntry.objects.exclude(regon="").first()
    assert accented is not None and with_regon is not None, "the demo has both"
    word = max(accented.business_name.split(), key=len)
    return [
        word,
        word.upper(),
        fold_text(word).upper(),
        f"{accented.town} {accented.owner_last_name}",
        accented.owner_first_name.lower(),
        with_regon.nip,
        with_regon.nip[2:7],
        f"{with_regon.nip[:3]}-{with_regon.nip[3:6]}-{with_regon.nip[6:8]}-{with_regon.nip[8:]}",
        with_regon.regon,
        accented.street or accented.town,
        "a",
        "z o",
        "50%",
        "a_b",
        "qqxqqxqq",
    ]


def _parcel_queries() -> list[str]:
    split = Parcel.objects.filter(number__contains="/").first()
    registered = Parcel.objects.exclude(land_register_number="").first()
    accented = Parcel.objects.filter(precinct_name__contains="ń").first()
    assert split and registered and accented, "the demo has such parcels"
    court, number, check = registered.land_register_number.split("/")
    return [
        split.number,
        split.number.replace("/", " "),
        f"{split.number} {split.precinct_name}",
        registered.land_register_number,
        registered.land_register_number.lower(),
        number,
        f"{court}{number}{check}",
        fold_text(accented.precinct_name).upper(),
        accented.precinct_name,
        "ul.",
        "nie-ma-takiej-dzialki",
    ]


@pytest.mark.usefixtures("records_demo")
def test_business_search_column_finds_the_rows_the_folding_scan_finds():
    queryset = BusinessEntry.objects.all()
    found_any = False
    for text in _business_queries():
        stored, scanned = _same_rows(queryset, fields=BUSINESS_SEARCH_FIELDS, text=text)
        assert stored == scanned, text
        found_any = found_any or bool(stored)
    assert found_any


@pytest.mark.usefixtures("records_demo")
def test_parcel_search_column_finds_the_rows_the_folding_scan_finds():
    queryset = Parcel.objects.all()
    for text in _parcel_queries():
        stored, scanned = _same_rows(queryset, fields=PARCEL_SEARCH_FIELDS, text=text)
        assert stored == scanned, text


@pytest.mark.usefixtures("records_demo")
def test_identifiers_are_found_as_typed_through_the_api(client):
    entry = BusinessEntry.objects.exclude(regon="").first()
    parcel = Parcel.objects.filter(number__contains="/").exclude(land_register_number="").first()
    parcel = parcel or Parcel.objects.filter(number__contains="/").first()
    for text in (entry.nip, entry.regon, entry.nip[3:9]):
        ids = {
            row["id"]
            for row in client.get(BUSINESSES, {"q": text, "rozmiar": 500}).json()["results"]
        }
        assert entry.pk in ids, text
    registered = Parcel.objects.exclude(land_register_number="").first()
    for found, text in (
        (parcel, parcel.number),
        (registered, registered.land_register_number.lower()),
        (registered, registered.land_register_number.split("/")[1]),
    ):
        ids = {
            row["id"] for row in client.get(PARCELS, {"q": text, "rozmiar": 500}).json()["results"]
        }
        assert found.pk in ids, text


@pytest.mark.django_db
def test_search_column_follows_save_bulk_create_and_bulk_update():
    entry = BusinessEntry.objects.create(**_business(name="Piekarnia Żółtowski", nip="5492345686"))
    (other,) = BusinessEntry.objects.bulk_create(
        [BusinessEntry(**_business(name="Ślusarz Łęcki", nip="1234563218"))]
    )
    mine = BusinessEntry.objects.filter(pk__in=[entry.pk, other.pk])

    def found(text: str) -> list[BusinessEntry]:
        return list(BusinessEntryFilter({"q": text}, queryset=mine).qs)

    assert found("zoltowski") == [entry]
    assert found("ŁĘCKI") == found("LECKI") == [other]

    entry.business_name = "Cukiernia Ćwik"
    BusinessEntry.objects.bulk_update([entry], ["business_name"])
    assert found("zoltowski") == []
    assert found("cwik") == [entry]

    entry.refresh_from_db()
    assert entry.search_text == fold_text(
        " ".join(str(getattr(entry, name)) for name in BUSINESS_SEARCH_FIELDS)
    )


@pytest.mark.django_db
def test_parcel_search_column_is_filled_on_save():
    parcel = Parcel.objects.create(
        precinct_code="0001",
        precinct_name="Trzebieńczyce",
        number="345/6",
        area_m2=100,
        status="owned",
        town="Zator",
        land_register_number="KR1E/00012345/1",
    )
    parcel.refresh_from_db()
    assert parcel.search_text == "345/6 trzebienczyce zator   kr1e/00012345/1"
    assert list(ParcelFilter({"q": "KR1E/00012345"}, queryset=Parcel.objects.all()).qs) == [parcel]


def test_text_filter_needs_exactly_one_source_of_text():
    with pytest.raises(TypeError):
        TextQueryFilter()
    with pytest.raises(TypeError):
        TextQueryFilter(search_column="search_text", search_fields=("town",))


def _business(*, name: str, nip: str) -> dict:
    return {
        "business_name": name,
        "owner_first_name": "Józef",
        "owner_last_name": "Kowalczyk",
        "nip": nip,
        "town": "Zator",
        "building_number": "1",
        "postal_code": "32-640",
        "start_date": datetime.date(2020, 1, 1),
    }
