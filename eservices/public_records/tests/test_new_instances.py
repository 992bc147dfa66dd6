"""New instances of an import made by copying one: the same as ``Model(**values)``, each its own.

Run on SQLite and on PostgreSQL (DATABASE_URL): an import writes them with bulk_create on the
first and with COPY on the second.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import models

from eservices.public_records import services
from eservices.public_records.importers import base
from eservices.public_records.importers.new_instances import new_instances
from eservices.public_records.models import BusinessEntry, ImportRun, Parcel, PkdCode
from eservices.public_records.models.business import BusinessStatus
from eservices.public_records.models.property import PropertyStatus
from eservices.public_records.services import records_import

from .conftest import business, csv_bytes, parcel, stream

pytestmark = pytest.mark.django_db

#: Parcel rows as the importer gives them: its values and the metryka defaults, some left out.
PARCEL_ROWS = [
    {
        "information_producer": "Referat Geodezji",
        "information_produced_at": datetime.date(2025, 3, 31),
        "precinct_code": "0001",
        "precinct_name": "Zator",
        "number": "345/6",
        "area_m2": Decimal("1234.50"),
        "land_register_number": "KR1E/00012345/1",
        "use": "drogi",
        "status": PropertyStatus.OWNED,
        "book_value": Decimal("15000.00"),
        "town": "Zator",
        "street": "Krakowska",
        "latitude": Decimal("49.996123"),
        "longitude": Decimal("19.437456"),
    },
    {
        "information_producer": "",
        "information_produced_at": None,
        "precinct_code": "0002",
        "precinct_name": "Graboszyce",
        "number": "12",
        "area_m2": Decimal("10000.00"),
        "land_register_number": "",
        "use": "",
        "status": PropertyStatus.LEASED,
        "book_value": None,
        "town": "Graboszyce",
        "street": "",
    },
    {
        "precinct_code": "0003",
        "precinct_name": "Palczowice",
        "number": "7/3",
        "area_m2": Decimal("0.50"),
        "status": "for_sale",
        "town": "Palczowice",
    },
]

#: Register rows as the importer gives them (the status only when the dates were known).
BUSINESS_ROWS = [
    {
        "information_producer": "CEIDG – eksport",
        "information_produced_at": None,
        "business_name": "Piekarnia Józef Żółtowski",
        "owner_first_name": "Józef",
        "owner_last_name": "Żółtowski",
        "nip": "5492345686",
        "regon": "123456785",
        "town": "Zator",
        "street": "Rynek",
        "postal_code": "32-640",
        "start_date": datetime.date(2010, 4, 1),
        "suspended_from": None,
        "suspended_until": None,
        "end_date": None,
        "building_number": "12/3",
        "status": BusinessStatus.ACTIVE,
    },
    {
        "business_name": "Kwiaciarnia Anna Nowak",
        "owner_first_name": "Anna",
        "owner_last_name": "Nowak",
        "nip": "5491002004",
        "regon": "",
        "town": "Graboszyce",
        "street": "",
        "postal_code": "32-641",
        "start_date": datetime.date(2015, 6, 1),
        "suspended_from": datetime.date(2024, 1, 1),
        "suspended_until": None,
        "end_date": None,
        "building_number": "4",
        "status": BusinessStatus.SUSPENDED,
    },
    {
        "business_name": "Zakład Ślusarski Łukasz Ćwik",
        "owner_first_name": "Łukasz",
        "owner_last_name": "Ćwik",
        "nip": "6793108059",
        "town": "Zator",
        "postal_code": "32-640",
        "start_date": datetime.date(2001, 2, 3),
        "end_date": datetime.date(2020, 12, 31),
        "building_number": "1",
    },
]

CASES = [(Parcel, PARCEL_ROWS), (BusinessEntry, BUSINESS_ROWS)]
CASE_IDS = ["parcel", "business"]


@pytest.fixture
def run(db) -> ImportRun:
    return ImportRun.objects.create(
        kind=ImportRun.Kind.PROPERTY,
        file_name="mienie.csv",
        file_format="csv",
        status=ImportRun.Status.SUCCEEDED,
    )


def _constructed(model, common, rows) -> list[models.Model]:
    """What the importer built before: the normal constructor, one row at a time."""
    return [model(**{**common, **values}) for values in rows]


def _assert_same(made: list[models.Model], expected: list[models.Model]) -> None:
    """Every concrete field, the state and the cached relations are the constructor's."""
    assert len(made) == len(expected)
    for copy, original in zip(made, expected, strict=True):
        assert type(copy) is type(original)
        for field in original._meta.concrete_fields:
            if field.generated:
                # Computed by the database: neither instance holds it before a save.
                assert field.attname not in copy.__dict__
                assert field.attname not in original.__dict__
                continue
            value = field.value_from_object(copy)
            assert value == field.value_from_object(original), field.name
            assert type(value) is type(field.value_from_object(original)), field.name
        assert copy.__dict__.keys() == original.__dict__.keys()
        assert copy._state.adding == original._state.adding
        assert copy._state.db == original._state.db
        assert copy._state.fields_cache.keys() == original._state.fields_cache.keys()
        for name, cached in original._state.fields_cache.items():
            assert copy._state.fields_cache[name] is cached


def _common(kind: str, run: ImportRun) -> dict:
    return {"run": {"source": run}, "none": {"source": None}, "empty": {}}[kind]


@pytest.mark.parametrize("common_kind", ["run", "none", "empty"])
@pytest.mark.parametrize(("model", "rows"), CASES, ids=CASE_IDS)
def test_copies_equal_the_constructors_instances_field_by_field(model, rows, common_kind, run):
    common = _common(common_kind, run)

    made = new_instances(model, common=common, rows=rows)

    _assert_same(made, _constructed(model, common, rows))
    assert made[0].source_id == (run.pk if common_kind == "run" else None)


@pytest.mark.parametrize(("model", "rows"), CASES, ids=CASE_IDS)
def test_a_copy_is_bound_to_the_database_of_the_run_it_was_given(model, rows, run):
    made = new_instances(model, common={"source": run}, rows=rows)

    assert [instance._state.db for instance in made] == [
        instance._state.db for instance in _constructed(model, {"source": run}, rows)
    ]


@pytest.mark.parametrize(("model", "rows"), CASES, ids=CASE_IDS)
def test_no_rows_give_no_instances(model, rows, run):
    assert new_instances(model, common={"source": run}, rows=[]) == []


@pytest.mark.parametrize(("model", "rows"), CASES, ids=CASE_IDS)
def test_each_copy_is_independent_of_the_others(model, rows, run):
    first, second, third = new_instances(model, common={"source": run}, rows=rows)
    states_before = [(i._state.adding, i._state.db) for i in (second, third)]

    first.town = "Spytkowice"
    first.pk = 999
    first._state.adding = False
    first._state.db = "other"
    first._state.fields_cache["source"] = None

    assert (second.town, third.town) == (rows[1]["town"], rows[2]["town"])
    assert (second.pk, third.pk) == (None, None)
    assert [(i._state.adding, i._state.db) for i in (second, third)] == states_before
    assert states_before[0][0] is True
    assert first._state is not second._state
    assert second._state is not third._state
    assert second._state.fields_cache is not third._state.fields_cache
    assert second.__dict__ is not third.__dict__
    assert second._state.fields_cache == {"source": run}


@pytest.mark.parametrize(("model", "rows"), CASES, ids=CASE_IDS)
def test_the_source_run_is_there_without_a_query(model, rows, run, django_assert_num_queries):
    made = new_instances(model, common={"source": run}, rows=rows)
    without = new_instances(model, common={"source": None}, rows=rows)

    with django_assert_num_queries(0):
        assert all(instance.source is run for instance in made)
        assert all(instance.source is None for instance in without)


@pytest.mark.parametrize(("model", "rows"), CASES, ids=CASE_IDS)
def test_a_relation_given_in_a_row_takes_the_constructor_and_works(model, rows, run):
    other = ImportRun.objects.create(
        kind=ImportRun.Kind.BUDGET, file_name="b.csv", file_format="csv", status="succeeded"
    )
    mixed = [{**rows[0], "source": other}, *rows[1:]]

    made = new_instances(model, common={"source": run}, rows=mixed)

    _assert_same(made, _constructed(model, {"source": run}, mixed))
    assert made[0]._state.db == made[1]._state.db == "default"
    assert made[0].source is other
    assert made[0].source_id == other.pk
    assert made[1].source is run


@pytest.mark.parametrize(("model", "rows"), CASES, ids=CASE_IDS)
def test_a_key_given_in_a_row_takes_the_constructor_and_the_relation_is_read(
    model, rows, run, django_assert_num_queries
):
    other = ImportRun.objects.create(
        kind=ImportRun.Kind.BUDGET, file_name="b.csv", file_format="csv", status="succeeded"
    )
    keyed = [{**values, "source_id": other.pk} for values in rows]

    made = new_instances(model, common={}, rows=keyed)

    _assert_same(made, _constructed(model, {}, keyed))
    with django_assert_num_queries(1):
        assert made[0].source == other


@pytest.mark.parametrize(("model", "rows"), CASES, ids=CASE_IDS)
def test_an_unknown_name_in_a_row_is_refused_as_by_the_constructor(model, rows, run):
    with pytest.raises(TypeError, match="unexpected keyword"):
        model(**{**rows[0], "colour": "red"})
    with pytest.raises(TypeError, match="unexpected keyword"):
        new_instances(model, common={"source": run}, rows=[rows[0], {**rows[1], "colour": "red"}])


@pytest.mark.parametrize(("model", "rows"), CASES, ids=CASE_IDS)
def test_a_copy_saves_and_reads_back_equal(model, rows, run):
    made = new_instances(model, common={"source": run}, rows=rows)

    made[1].save()
    made[2].save()

    assert not made[1]._state.adding
    assert made[1]._state.db == "default"
    assert made[0].pk is None  # the others are still unsaved
    for instance, values in ((made[1], rows[1]), (made[2], rows[2])):
        stored = model.objects.get(pk=instance.pk)
        for name, value in values.items():
            assert getattr(stored, name) == value, name
        assert stored.source == run
        assert stored.created_at is not None
    assert model.objects.count() == 2


def test_a_default_left_out_of_a_row_is_the_fields_default(run):
    made = new_instances(BusinessEntry, common={"source": run}, rows=BUSINESS_ROWS)

    assert made[2].status == BusinessStatus.ACTIVE
    assert made[2].regon == made[2].street == ""
    assert made[2].suspended_from is None


def test_a_callable_default_is_made_anew_for_each_instance():
    first, second = new_instances(
        ImportRun,
        common={"file_format": "csv"},
        rows=[{"kind": "budget", "file_name": "a.csv"}, {"kind": "budget", "file_name": "b.csv"}],
    )

    first.report.append({"line": 2, "message": "Brak wartości."})

    assert second.report == []


# -- through the real importer ----------------------------------------------------------------


FILES = {
    ImportRun.Kind.BUSINESS: [
        business(),
        business(NIP="5491002004", REGON="", Ulica="", PKD="96.02.Z, 01.13.Z"),
        business(NIP="5491002010", **{"Data zakończenia": "2015-06-30", "Nazwa firmy": "Sklep"}),
        business(NIP="5491002027", PKD="43.31.Z", **{"Nazwa firmy": "Usługi Żaneta Wójcik"}),
        business(NIP="7342867148", PKD="49.32.Z", **{"Miejscowość": "Łączany"}),
    ],
    ImportRun.Kind.PROPERTY: [
        parcel(),
        parcel(**{"Numer działki": "12", "Księga wieczysta": "", "Ulica": ""}),
        parcel(**{"Numer działki": "7/3", "Powierzchnia m2": "12345,67"}),
        parcel(**{"Numer działki": "100", "Forma władania": "dzierżawa"}),
        parcel(**{"Numer działki": "101", "Wartość księgowa": "1 000,00"}),
    ],
}
MODELS = {ImportRun.Kind.BUSINESS: BusinessEntry, ImportRun.Kind.PROPERTY: Parcel}
NATURAL_KEYS = {
    ImportRun.Kind.BUSINESS: ("nip", "start_date"),
    ImportRun.Kind.PROPERTY: ("precinct_code", "number"),
}


def _import(kind: str):
    return records_import(
        kind=kind,
        stream=stream(csv_bytes(FILES[kind])),
        file_name="plik.csv",
        system_label="System dziedzinowy",
        produced_at=datetime.date(2025, 3, 31),
        batch_size=2,
    )


def _stored(kind: str, run: ImportRun) -> list[dict]:
    """Every column of the imported records but the key and times, and their PKD codes."""
    model = MODELS[kind]
    skip = {"id", "source", "created_at", "updated_at"}
    names = [f.attname for f in model._meta.concrete_fields if f.name not in skip]
    rows = []
    for record in model.objects.order_by(*NATURAL_KEYS[kind]):
        assert record.source_id == run.pk
        assert record.created_at is not None and record.updated_at is not None
        values = {name: getattr(record, name) for name in names}
        if kind == ImportRun.Kind.BUSINESS:
            values["pkd"] = sorted(code.code for code in record.pkd_codes.all())
        rows.append(values)
    return rows


@pytest.mark.parametrize("keep", [services.KEEP_PARSED_ROWS, 2], ids=["kept", "parsed-again"])
@pytest.mark.parametrize("kind", [ImportRun.Kind.BUSINESS, ImportRun.Kind.PROPERTY])
def test_an_import_writes_the_same_rows_as_with_the_constructor(
    kind, keep, classification, monkeypatch
):
    monkeypatch.setattr(services, "KEEP_PARSED_ROWS", keep)
    copied = _import(kind)
    with_copies = _stored(kind, copied.run)
    MODELS[kind].objects.all().delete()
    ImportRun.objects.all().delete()

    monkeypatch.setattr(base, "new_instances", _constructed)
    constructed = _import(kind)

    assert (copied.created, constructed.created) == (5, 5)
    assert with_copies == _stored(kind, constructed.run)
    assert len(with_copies) == 5


def test_a_second_import_updates_and_adds_with_the_copies(classification):
    _import(ImportRun.Kind.BUSINESS)
    second_file = [
        *FILES[ImportRun.Kind.BUSINESS][:4],
        business(NIP="7342867148", PKD="49.41.Z", **{"Miejscowość": "Łączany"}),  # changed
        business(NIP="9372686990", PKD="69.20.Z", REGON="", **{"Nazwa firmy": "Biuro Ewa"}),
    ]

    again = records_import(
        kind=ImportRun.Kind.BUSINESS, stream=stream(csv_bytes(second_file)), file_name="b.csv"
    )

    assert (again.created, again.updated, again.unchanged) == (1, 1, 4)
    added = BusinessEntry.objects.get(nip="9372686990")
    assert added.source == again.run
    assert [code.code for code in added.pkd_codes.all()] == ["69.20.Z"]
    assert PkdCode.objects.filter(businesses__nip="7342867148").get().code == "49.41.Z"
