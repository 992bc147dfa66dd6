"""A re-index reads plain rows in chunks, and gives exactly the documents of one record at a time.

``documents()`` of the register and of the parcels must equal ``document()`` of every instance
that ``instances()`` lists, whatever the chunk size, the order the PKD links were written in, or
the active language. Run on SQLite and on PostgreSQL (DATABASE_URL).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from eservices.public_records import search_documents
from eservices.public_records.models import BusinessEntry, ImportRun, Parcel, PkdCode
from eservices.public_records.models.business import BusinessStatus
from eservices.public_records.models.property import PropertyStatus
from eservices.public_records.search_documents import BusinessSource, ParcelSource
from eservices.public_records.services import pkd_classification_load, records_import
from search.documents import SearchDocument

from .conftest import business, csv_bytes, stream

pytestmark = pytest.mark.django_db


def _one_by_one(source) -> list[SearchDocument]:
    """What a re-index gave before: one instance, then its document."""
    return [source.document(instance) for instance in source.instances()]


@pytest.fixture
def pkd(db) -> dict[tuple[str, str], PkdCode]:
    """The PKD 2007 subset, then a PKD 2025 code and a 2007 code added after it.

    The last two have the highest keys but not the last places in PkdCode's ordering
    (version, code): key order and the order an entry shows its codes in differ.
    """
    pkd_classification_load()
    PkdCode.objects.create(
        version=PkdCode.Version.PKD2025,
        code="62.10.B",
        section="K",
        name="Działalność w zakresie oprogramowania (PKD 2025)",
    )
    PkdCode.objects.create(
        version=PkdCode.Version.PKD2007,
        code="01.12.Z",
        section="A",
        name="Uprawa ryżu",
    )
    return {(code.version, code.code): code for code in PkdCode.objects.all()}


#: Entries in key order: (firm, NIP, REGON, street, status, PKD codes as (version, code)).
ENTRIES = [
    (
        "Zakład Ślusarski Łukasz Ćwik",
        "6793108059",
        "",
        "",
        BusinessStatus.SUSPENDED,
        [("2007", "25.62.Z"), ("2025", "62.10.B"), ("2007", "25.11.Z"), ("2007", "01.12.Z"),
         ("2007", "43.99.Z")],
    ),
    ("Apteka Pod Orłem", "5472152381", "356231410", "Krakowska", BusinessStatus.ACTIVE, []),
    (
        "Kwiaciarnia Anna Nowak",
        "5491002004",
        "",
        "Mickiewicza",
        BusinessStatus.DELETED,
        [("2007", "47.76.Z")],
    ),
    (
        "Piekarnia Józef Żółtowski",
        "5492345686",
        "123456785",
        "Rynek",
        BusinessStatus.ACTIVE,
        [("2007", "56.10.A"), ("2007", "47.24.Z"), ("2007", "10.71.Z")],
    ),
    (
        "Usługi Remontowe Żaneta Wójcik",
        "5491002010",
        "",
        "Słoneczna",
        BusinessStatus.SUSPENDED,
        [("2007", "43.34.Z"), ("2007", "43.31.Z"), ("2007", "41.20.Z")],
    ),
    ("Do usunięcia", "5491002027", "", "", BusinessStatus.ACTIVE, [("2007", "49.32.Z")]),
    ("Taxi Zator Jan Kowalczyk", "7342867148", "", "Wadowicka", BusinessStatus.ACTIVE,
     [("2007", "49.32.Z")]),
    (
        "Biuro Rachunkowe Ewa Ślęzak",
        "9372686990",
        "072249581",
        "",
        BusinessStatus.DELETED,
        [("2025", "62.10.B"), ("2007", "69.20.Z"), ("2007", "62.01.Z")],
    ),
]  # fmt: skip


@pytest.fixture
def entries(pkd) -> list[BusinessEntry]:
    """The entries of ENTRIES, one of them deleted again (a gap in the keys).

    Their PKD links are written shuffled: interleaved between entries and in an order unlike
    the codes' ordering, so neither the link table's key order nor the order given can pass
    for the order a document lists the codes in.
    """
    BusinessEntry.objects.bulk_create(
        BusinessEntry(
            business_name=name,
            owner_first_name="Imię",
            owner_last_name="Nazwisko",
            nip=nip,
            regon=regon,
            town="Graboszyce" if index % 3 == 1 else "Zator",
            street=street,
            building_number=f"{index + 1}A",
            postal_code="32-640",
            start_date=datetime.date(2001 + index, 1 + index, 10 + index),
            status=status,
        )
        for index, (name, nip, regon, street, status, _codes) in enumerate(ENTRIES)
    )
    made = list(BusinessEntry.objects.order_by("pk"))
    assert [entry.business_name for entry in made] == [row[0] for row in ENTRIES]
    links = [
        (entry.pk, pkd[code].pk)
        for entry, (*_fields, codes) in zip(made, ENTRIES, strict=True)
        for code in codes
    ]
    random.Random(5).shuffle(links)
    through = BusinessEntry.pkd_codes.through
    through.objects.bulk_create(
        through(businessentry_id=entry_id, pkdcode_id=code_id) for entry_id, code_id in links
    )
    gone = made.pop(5)
    gone.delete()
    return made


#: (number, precinct code, precinct, area m², land register, use, status, town, street)
PARCELS = [
    ("345/6", "0001", "Zator", "1234.50", "KR1E/00012345/1", "drogi", PropertyStatus.OWNED,
     "Zator", "Krakowska"),
    ("12", "0002", "Graboszyce", "10000.00", "", "", PropertyStatus.LEASED, "Graboszyce", ""),
    ("7/3", "0002", "Graboszyce", "12345.67", "KR1E/00099887/6", "grunty orne",
     PropertyStatus.FOR_SALE, "Graboszyce", "Polna"),
    ("100", "0003", "Palczowice", "9999.99", "", "tereny zielone",
     PropertyStatus.PERPETUAL_USUFRUCT, "Palczowice", "Łąkowa"),
    ("101", "0003", "Palczowice", "500.00", "KR1W/00000001/0", "zabudowa mieszkaniowa",
     PropertyStatus.OWNED, "Palczowice", ""),
    ("1/1", "0001", "Zator", "0.50", "", "rowy", PropertyStatus.LEASED, "Zator", "Żwirowa"),
    ("2/2", "0001", "Zator", "123456.78", "", "lasy", PropertyStatus.OWNED, "Zator", ""),
]  # fmt: skip


@pytest.fixture
def parcels(db) -> list[Parcel]:
    """The parcels of PARCELS, in key order."""
    Parcel.objects.bulk_create(
        Parcel(
            number=number,
            precinct_code=precinct_code,
            precinct_name=precinct,
            area_m2=Decimal(area),
            land_register_number=register,
            use=use,
            status=status,
            town=town,
            street=street,
        )
        for number, precinct_code, precinct, area, register, use, status, town, street in PARCELS
    )
    return list(Parcel.objects.order_by("pk"))


# -- the register ---------------------------------------------------------------------------


def test_register_documents_read_as_rows_equal_the_documents_of_each_entry(entries):
    expected = _one_by_one(BusinessSource())

    assert list(BusinessSource().documents()) == expected
    assert [document.key for document in expected] == [f"business:{e.pk}" for e in entries]


def test_register_documents_list_codes_in_pkd_order_whatever_order_they_were_linked_in(
    entries, pkd
):
    documents = {document.key: document for document in BusinessSource().documents()}

    welder = documents[f"business:{entries[0].pk}"]
    assert welder.identifiers == (
        "6793108059",
        "01.12.Z",
        "25.11.Z",
        "25.62.Z",
        "43.99.Z",
        "62.10.B",
    )
    assert welder.pkd_sections == ("A", "C", "F", "K")
    assert welder.status == "zawieszony"
    assert "REGON" not in welder.body
    assert documents[f"business:{entries[1].pk}"].pkd_sections == ()
    assert documents[f"business:{entries[2].pk}"].status == "wykreślony"


def test_a_register_document_says_what_the_entry_is(entries, pkd):
    bakery = entries[3]
    names = {code: pkd[("2007", code)].name for code in ("10.71.Z", "47.24.Z", "56.10.A")}

    documents = {document.key: document for document in BusinessSource().documents()}

    assert documents[f"business:{bakery.pk}"] == SearchDocument(
        key=f"business:{bakery.pk}",
        type="business",
        title="Piekarnia Józef Żółtowski",
        url=reverse("public-records:business-detail", kwargs={"pk": bakery.pk}),
        body=". ".join(
            [
                "Ewidencja działalności gospodarczej",
                "Zator, Rynek 4A, 32-640",
                f"PKD 10.71.Z {names['10.71.Z']}",
                f"PKD 47.24.Z {names['47.24.Z']}",
                f"PKD 56.10.A {names['56.10.A']}",
                "NIP 5492345686",
                "REGON 123456785",
            ]
        ),
        identifiers=("5492345686", "123456785", "10.71.Z", "47.24.Z", "56.10.A"),
        year=2004,
        town="Zator",
        status="aktywny",
        pkd_sections=("C", "G", "I"),
    )


@pytest.mark.parametrize("chunk", [1, 3, 7, 8])
def test_register_documents_are_the_same_when_read_in_small_chunks(entries, monkeypatch, chunk):
    # 7 entries: chunks of 3 end inside the runs of links of entries 2-3 and 6-7; 7 and 8
    # leave a full last chunk and a chunk larger than the table.
    expected = _one_by_one(BusinessSource())
    monkeypatch.setattr(search_documents, "_CHUNK", chunk)

    assert list(BusinessSource().documents()) == expected
    assert len(expected) == 7


def test_register_documents_of_an_imported_file_equal_the_documents_of_each_entry(classification):
    rows = [
        business(),
        business(NIP="5491002004", REGON="", Ulica="", PKD="96.02.Z, 01.13.Z, 47.24.Z"),
        business(NIP="5491002010", PKD="62.01.Z", **{"Data zakończenia": "2015-06-30"}),
        business(NIP="5491002027", PKD="43.31.Z"),
    ]
    result = records_import(
        kind=ImportRun.Kind.BUSINESS, stream=stream(csv_bytes(rows)), file_name="ewidencja.csv"
    )
    assert result.created == 4

    expected = _one_by_one(BusinessSource())

    assert list(BusinessSource().documents()) == expected
    assert sorted(document.pkd_sections for document in expected) == [
        ("A", "G", "S"),
        ("C", "G"),
        ("F",),
        ("J",),
    ]
    assert sorted(document.status for document in expected) == ["aktywny"] * 3 + ["wykreślony"]


def test_no_entries_give_no_documents(pkd):
    assert list(BusinessSource().documents()) == []


# -- the parcels ----------------------------------------------------------------------------


def test_parcel_documents_read_as_rows_equal_the_documents_of_each_parcel(parcels):
    expected = _one_by_one(ParcelSource())

    assert list(ParcelSource().documents()) == expected
    assert [document.key for document in expected] == [f"parcel:{p.pk}" for p in parcels]


def test_parcel_documents_show_the_area_in_square_metres_or_hectares(parcels):
    bodies = [document.body for document in ParcelSource().documents()]

    areas = [
        next(part for part in body.split(". ") if part.endswith(("m²", " ha"))) for body in bodies
    ]
    assert areas == [
        "1 234,50 m²",
        "1,0000 ha",
        "1,2346 ha",  # 12 345,67 m² to four places of a hectare
        "9 999,99 m²",
        "500 m²",
        "0,50 m²",
        "12,3457 ha",
    ]


def test_a_parcel_document_says_what_the_parcel_is(parcels):
    first, second = parcels[0], parcels[1]

    documents = list(ParcelSource().documents())

    assert documents[0] == SearchDocument(
        key=f"parcel:{first.pk}",
        type="parcel",
        title="Działka 345/6, obręb Zator",
        url=reverse("public-records:parcel-detail", kwargs={"pk": first.pk}),
        body="Mienie komunalne. Zator Krakowska. drogi. własność. 1 234,50 m². KW KR1E/00012345/1",
        identifiers=("345/6", "0001-345/6", "KR1E/00012345/1"),
        town="Zator",
        status="własność",
    )
    assert documents[1] == SearchDocument(
        key=f"parcel:{second.pk}",
        type="parcel",
        title="Działka 12, obręb Graboszyce",
        url=reverse("public-records:parcel-detail", kwargs={"pk": second.pk}),
        body="Mienie komunalne. Graboszyce. dzierżawa. 1,0000 ha",
        identifiers=("12", "0002-12"),
        town="Graboszyce",
        status="dzierżawa",
    )


@pytest.mark.parametrize("chunk", [1, 3, 7, 8])
def test_parcel_documents_are_the_same_when_read_in_small_chunks(parcels, monkeypatch, chunk):
    expected = _one_by_one(ParcelSource())
    monkeypatch.setattr(search_documents, "_CHUNK", chunk)

    assert list(ParcelSource().documents()) == expected
    assert len(expected) == 7


# -- another language -----------------------------------------------------------------------


def test_a_reindex_in_another_language_equals_the_documents_in_that_language(entries, parcels):
    polish = list(BusinessSource().documents()) + list(ParcelSource().documents())

    with translation.override("en"):
        expected = _one_by_one(BusinessSource()) + _one_by_one(ParcelSource())
        english = list(BusinessSource().documents()) + list(ParcelSource().documents())

    assert english == expected
    assert english != polish
    assert english[0].status == "suspended"
    assert english[0].url.startswith("/en/")
    assert english[-1].title == "Parcel 2/2, precinct Zator"
    # Back in Polish, the Polish words come back (the cached words follow the language).
    assert list(BusinessSource().documents()) + list(ParcelSource().documents()) == polish
