"""The import's quick paths give exactly what the general ones give: values, messages, records."""

from __future__ import annotations

import datetime
import itertools
import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from stdnum.pl import regon as stdnum_regon

from eservices.public_records.demo_data import nip_numbers, regon_number
from eservices.public_records.identifiers import validate_nip, validate_regon
from eservices.public_records.importers.base import insert_new, insert_pairs, one_of
from eservices.public_records.importers.checked_identifiers import (
    check_nip,
    check_regon,
    remembered,
)
from eservices.public_records.importers.fields import parse_date
from eservices.public_records.models import BusinessEntry, ImportRun, Parcel, PkdCode
from eservices.public_records.models.business import BusinessStatus
from eservices.public_records.models.property import PropertyStatus


def _outcome(check, text: str) -> tuple[str, str]:
    try:
        return "ok", check(text)
    except ValidationError as error:
        return "error", error.messages[0]


def _strptime_date(text: str) -> tuple[str, object]:
    """What ``parse_date`` did before its quick path: strptime with each pattern in turn."""
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return "ok", datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return "error", None


def _digits(rng: random.Random, length: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(length))


ODD_INPUTS = [
    "549-234-56-86",
    "549 234 56 86",
    "PL5492345686",
    "pl5492345686",
    " 5492345686 ",
    "5492345686\u00a0",
    "549\u2013234\u20135686",  # en dashes, which python-stdnum turns into hyphens
    "\u0665\u0664\u0669\u0662\u0663\u0664\u0665\u0666\u0668\u0666",  # Arabic-Indic digits
    "54923456",
    "54923456860",
    "123456785",
    "12345678500010",
    "12345678500011",
    "1234567850001",
    "12345678A",
    "abc",
]


def test_quick_nip_check_accepts_and_rejects_exactly_as_the_validator_does():
    rng = random.Random(14)
    valid = list(itertools.islice(nip_numbers(rng), 300))
    samples = [*valid, *(_digits(rng, 10) for _ in range(2000)), *ODD_INPUTS]

    differing = [s for s in samples if _outcome(check_nip, s) != _outcome(validate_nip, s)]

    assert differing == []
    assert all(check_nip(nip) == nip for nip in valid)
    assert sum(_outcome(check_nip, s)[0] == "error" for s in samples) > 1000


def test_quick_regon_check_accepts_and_rejects_exactly_as_the_validator_does():
    rng = random.Random(15)
    valid = [regon_number(rng) for _ in range(200)]
    long_valid = []
    for _ in range(200):
        body = _digits(rng, 8)
        first = body + stdnum_regon.calc_check_digit(body)
        local = first + _digits(rng, 4)
        long_valid.append(local + stdnum_regon.calc_check_digit(local))
    random_digits = [_digits(rng, length) for length in (9, 14) for _ in range(1500)]
    # A wrong first check digit inside a 14-digit REGON whose last one is right.
    inner_wrong = []
    for number in long_valid[:50]:
        wrong = f"{number[:8]}{(int(number[8]) + 1) % 10}{number[9:13]}"
        inner_wrong.append(wrong + stdnum_regon.calc_check_digit(wrong))
    samples = [*valid, *long_valid, *random_digits, *inner_wrong, *ODD_INPUTS]

    differing = [s for s in samples if _outcome(check_regon, s) != _outcome(validate_regon, s)]

    assert differing == []
    assert all(check_regon(number) == number for number in valid + long_valid)
    assert all(_outcome(check_regon, number)[0] == "error" for number in inner_wrong)


def test_quick_iso_dates_are_read_as_strptime_read_them():
    rng = random.Random(16)
    samples = [
        f"{rng.randrange(1, 10000):04d}-{rng.randrange(0, 14):02d}-{rng.randrange(0, 33):02d}"
        for _ in range(3000)
    ] + [
        "2025-02-29",
        "2024-02-29",
        "0000-01-01",
        "2025-3-15",
        "2025-03-5",
        " 2025-03-15",
        "2025/03/15",
        "15.03.2025",
        "15-03-2025",
        "2025-03-15 00:00:00",
        "+025-03-15",
        "2025-+3-15",
        "\u0662\u0660\u0662\u0665-\u0660\u0663-\u0661\u0665",  # Arabic-Indic digits
    ]

    def parsed(text):
        try:
            return "ok", parse_date(text)
        except ValidationError:
            return "error", None

    differing = [text for text in samples if parsed(text) != _strptime_date(text)]

    assert differing == []
    assert parse_date("2025-03-15") == datetime.date(2025, 3, 15)
    with pytest.raises(ValidationError, match="nie jest datą"):
        parse_date("2025-02-30")


def test_a_remembered_check_runs_once_per_accepted_value_and_every_time_for_a_rejected_one():
    calls: list[str] = []

    def validate(text: str) -> str:
        calls.append(text)
        if text == "zły":
            raise ValidationError("Zła wartość „zły”.")
        return text.upper()

    check = remembered(validate, limit=2)

    assert [check(text) for text in ("a", "a", "b", "a", "c", "c")] == list("AABACC")
    for _ in range(2):
        with pytest.raises(ValidationError, match="Zła wartość"):
            check("zły")
    # "a" and "b" fill the memory; "c", past the limit, is checked each time.
    assert calls == ["a", "b", "c", "c", "zły", "zły"]


@pytest.fixture
def run(db):
    return ImportRun.objects.create(
        kind=ImportRun.Kind.BUSINESS, file_name="ewidencja.csv", status=ImportRun.Status.SUCCEEDED
    )


def _entry(run: ImportRun, *, nip: str, **overrides) -> BusinessEntry:
    values = {
        "business_name": "Piekarnia „Pod Żółtym Kłosem”",
        "owner_first_name": "Józef",
        "owner_last_name": "Żółtowski",
        "nip": nip,
        "regon": "",
        "town": "Zator",
        "street": "",
        "building_number": "12/3",
        "postal_code": "32-640",
        "start_date": datetime.date(2010, 4, 1),
        "suspended_from": datetime.date(2020, 1, 2),
        "suspended_until": None,
        "end_date": None,
        "status": BusinessStatus.SUSPENDED,
        "information_producer": "Referat Spraw Obywatelskich",
        "information_produced_at": None,
        "source": run,
    }
    return BusinessEntry(**{**values, **overrides})


def _parcel(run: ImportRun, *, number: str) -> Parcel:
    return Parcel(
        precinct_code="0001",
        precinct_name="Zator",
        number=number,
        area_m2=Decimal("8530.25"),
        land_register_number="KR1E/00119918/9",
        use="",
        status=PropertyStatus.LEASED,
        book_value=None,
        town="Zator",
        street="Spacerowa",
        latitude=Decimal("50.016864"),
        longitude=Decimal("19.400242"),
        information_producer="",
        information_produced_at=datetime.date(2025, 6, 30),
        source=run,
    )


def _stored(model, pk, *, ignore: set[str]) -> dict:
    row = model.objects.filter(pk=pk).values().get()
    return {name: value for name, value in row.items() if name not in ignore}


@pytest.mark.django_db
def test_records_inserted_in_bulk_are_stored_as_a_save_stores_them(run):
    nips = list(itertools.islice(nip_numbers(random.Random(17)), 2))
    saved_entry = _entry(run, nip=nips[0])
    saved_entry.save()
    saved_parcel = _parcel(run, number="18/1")
    saved_parcel.save()

    [entry] = insert_new([_entry(run, nip=nips[1])])
    [parcel] = insert_new([_parcel(run, number="18/2")])

    assert entry.pk and not entry._state.adding
    ignore = {"id", "nip", "number", "created_at", "updated_at", "search_text"}
    assert _stored(BusinessEntry, entry.pk, ignore=ignore) == _stored(
        BusinessEntry, saved_entry.pk, ignore=ignore
    )
    assert _stored(Parcel, parcel.pk, ignore=ignore) == _stored(
        Parcel, saved_parcel.pk, ignore=ignore
    )
    stored = BusinessEntry.objects.get(pk=entry.pk)
    assert stored.nip == nips[1] and stored.created_at and stored.updated_at
    assert Parcel.objects.get(pk=parcel.pk).number == "18/2"


@pytest.mark.django_db
def test_many_to_many_pairs_are_inserted_as_given(run):
    codes = [
        PkdCode.objects.create(version="2007", code=code, name=code, section="G")
        for code in ("47.11.Z", "47.24.Z")
    ]
    nips = list(itertools.islice(nip_numbers(random.Random(18)), 2))
    entries = insert_new([_entry(run, nip=nip) for nip in nips])

    insert_pairs(
        through=BusinessEntry.pkd_codes.through,
        columns=("businessentry", "pkdcode"),
        pairs=[
            (entries[0].pk, codes[0].pk),
            (entries[0].pk, codes[1].pk),
            (entries[1].pk, codes[1].pk),
        ],
    )

    assert sorted(c.code for c in BusinessEntry.objects.get(pk=entries[0].pk).pkd_codes.all()) == [
        "47.11.Z",
        "47.24.Z",
    ]
    assert [c.code for c in BusinessEntry.objects.get(pk=entries[1].pk).pkd_codes.all()] == [
        "47.24.Z"
    ]


@pytest.mark.django_db
def test_one_of_finds_exactly_the_records_with_the_given_keys(run):
    nips = list(itertools.islice(nip_numbers(random.Random(19)), 5))
    insert_new([_entry(run, nip=nip) for nip in nips])

    found = BusinessEntry.objects.filter(one_of("nip", {nips[1], nips[3], "0000000000"}))

    assert sorted(entry.nip for entry in found) == sorted([nips[1], nips[3]])
    assert not BusinessEntry.objects.filter(one_of("nip", set())).exists()


@pytest.mark.postgres
def test_on_postgresql_the_bulk_paths_use_copy_and_an_array_parameter(run):
    assert connection.vendor == "postgresql"
    nips = list(itertools.islice(nip_numbers(random.Random(20)), 3))
    entries = insert_new([_entry(run, nip=nip) for nip in nips])

    sql = str(BusinessEntry.objects.filter(one_of("nip", set(nips))).query)

    assert "unnest" in sql
    assert sorted(e.pk for e in BusinessEntry.objects.filter(one_of("nip", set(nips)))) == sorted(
        e.pk for e in entries
    )
