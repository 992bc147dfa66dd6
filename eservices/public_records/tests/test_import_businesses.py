"""Importing the register: the validation report, the rejection policy, dry runs, idempotency."""

import pytest

from eservices.public_records.models import BusinessEntry, ImportRun
from eservices.public_records.services import records_import

from .conftest import business, csv_bytes, json_bytes, stream

pytestmark = pytest.mark.usefixtures("classification")


def run(data: bytes, name: str = "ewidencja.csv", **options):
    return records_import(
        kind=ImportRun.Kind.BUSINESS,
        stream=stream(data),
        file_name=name,
        system_label="CEIDG – eksport",
        **options,
    )


BAD_ROWS = [
    business(),  # line 2: fine
    business(NIP="5492345687"),  # line 3: bad check digit
    business(NIP="5491002004", **{"Kod pocztowy": "32640x"}),  # line 4
    business(NIP="5491002010", **{"Data zakończenia": "2009-01-01"}),  # line 5
    business(),  # line 6: duplicate of line 2
    business(NIP="5491002027", PKD="99.99.Z"),  # line 7: unknown code
]


def test_report_names_every_bad_row_with_its_line_and_a_polish_reason():
    result = run(csv_bytes(BAD_ROWS))
    messages = {(error.line, error.message) for error in result.errors}
    assert (3, "NIP 5492345687 ma błędną cyfrę kontrolną.") in messages
    assert (4, "Kod pocztowy 32640x nie ma postaci NN-NNN.") in messages
    assert (5, "Data zakończenia jest wcześniejsza niż data rozpoczęcia.") in messages
    assert (7, "Nieznany kod PKD 99.99.Z (PKD 2007).") in messages
    duplicate = next(error for error in result.errors if error.line == 6)
    assert "Powtórzony klucz" in duplicate.message and "już w wierszu 2" in duplicate.message
    assert result.invalid_lines == {3, 4, 5, 6, 7}
    assert {error.column for error in result.errors if error.line == 3} == {"NIP"}


def test_one_bad_row_rejects_the_whole_file_and_the_rejection_is_recorded():
    result = run(csv_bytes(BAD_ROWS))
    assert result.rejected
    assert BusinessEntry.objects.count() == 0
    recorded = ImportRun.objects.get()
    assert recorded.status == ImportRun.Status.REJECTED
    assert recorded.rows_invalid == 5
    assert recorded.report[0]["line"] == 3


def test_valid_only_imports_the_valid_rows_and_skips_the_rest():
    result = run(csv_bytes(BAD_ROWS), valid_only=True)
    assert not result.rejected
    assert (result.created, result.rows_invalid) == (1, 5)
    entry = BusinessEntry.objects.get()
    assert entry.nip == "5492345686"
    assert sorted(code.code for code in entry.pkd_codes.all()) == ["10.71.Z", "47.24.Z"]
    assert entry.source.status == ImportRun.Status.SUCCEEDED
    assert entry.source.system_label == "CEIDG – eksport"


def test_dry_run_counts_but_writes_nothing():
    result = run(csv_bytes([business()]), dry_run=True)
    assert (result.created, result.updated, result.unchanged) == (1, 0, 0)
    assert BusinessEntry.objects.count() == 0
    assert ImportRun.objects.count() == 0


def test_dry_run_of_a_bad_file_records_nothing_either():
    run(csv_bytes(BAD_ROWS), dry_run=True)
    assert ImportRun.objects.count() == 0


def test_reimport_is_idempotent_and_counts_created_updated_unchanged():
    second = business(NIP="5491002004", **{"Nazwa firmy": "Kwiaciarnia Anna Nowak"})
    first = run(csv_bytes([business(), second]))
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    again = run(csv_bytes([business(), second]))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = run(csv_bytes([business(PKD="10.71.Z"), second, business(NIP="5491002010")]))
    assert (changed.created, changed.updated, changed.unchanged) == (1, 1, 1)
    assert BusinessEntry.objects.count() == 3
    entry = BusinessEntry.objects.get(nip="5492345686")
    assert [code.code for code in entry.pkd_codes.all()] == ["10.71.Z"]
    assert entry.source == changed.run


def test_status_is_derived_from_the_dates():
    run(csv_bytes([business(**{"Data zakończenia": "2020-05-31"})]))
    assert BusinessEntry.objects.get().status == "deleted"


def test_missing_required_column_rejects_the_file_even_with_valid_only():
    rows = [{k: v for k, v in business().items() if k != "NIP"}]
    result = run(csv_bytes(rows), valid_only=True)
    assert result.rejected
    assert result.errors[0].message == "Brak wymaganej kolumny „NIP”."


def test_json_file_is_imported_like_csv():
    result = run(json_bytes([business()]), name="ewidencja.json")
    assert result.created == 1


def test_the_same_person_may_start_again_after_the_old_entry_ended():
    rows = [
        business(**{"Data zakończenia": "2015-12-31"}),
        business(**{"Data rozpoczęcia": "2019-03-01"}),
    ]
    assert run(csv_bytes(rows)).created == 2
