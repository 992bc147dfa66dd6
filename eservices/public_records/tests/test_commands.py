"""The management commands: import with report and exit status, demo data, generator."""

import io

import pytest
from django.core.management import CommandError, call_command

from eservices.public_records.models import (
    BudgetChapter,
    BudgetLine,
    BusinessEntry,
    ImportRun,
    Parcel,
    PkdCode,
)
from eservices.public_records.selectors import budget_tree

from .conftest import business, csv_bytes


def call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, "--no-progress", stdout=out, stderr=err) if args[0].startswith(
        "import"
    ) else call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.usefixtures("classification")
def test_import_command_reports_bad_rows_and_fails(tmp_path):
    path = tmp_path / "ewidencja.csv"
    path.write_bytes(csv_bytes([business(), business(NIP="5492345687")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Plik odrzucony"):
        call_command(
            "import_businesses", str(path), "--no-progress", stdout=io.StringIO(), stderr=err
        )
    assert "wiersz 3 [NIP]: NIP 5492345687 ma błędną cyfrę kontrolną." in err.getvalue()


@pytest.mark.usefixtures("classification")
def test_import_command_dry_run_then_real_run(tmp_path):
    path = tmp_path / "ewidencja.csv"
    path.write_bytes(csv_bytes([business()]))
    out, _err = call("import_businesses", str(path), "--dry-run")
    assert "Próba (nic nie zapisano)" in out and BusinessEntry.objects.count() == 0
    out, _err = call("import_businesses", str(path), "--system", "CEIDG")
    assert "dodane 1" in out
    assert ImportRun.objects.get().system_label == "CEIDG"


def test_classification_load_is_idempotent(db):
    call("load_budget_classification")
    counts = (BudgetChapter.objects.count(), PkdCode.objects.count())
    out, _err = call("load_budget_classification")
    assert "dodane 0, zmienione 0" in out
    assert (BudgetChapter.objects.count(), PkdCode.objects.count()) == counts
    assert BudgetChapter.objects.get(code="60016").division.code == "600"


def test_demo_loads_once_and_again_changes_nothing(db):
    call("load_public_records_demo")
    counts = (BusinessEntry.objects.count(), Parcel.objects.count(), BudgetLine.objects.count())
    assert counts == (300, 300, 240)
    out, _err = call("load_public_records_demo")
    assert "dodane 0, zmienione 0, bez zmian 300" in out
    assert (
        BusinessEntry.objects.count(),
        Parcel.objects.count(),
        BudgetLine.objects.count(),
    ) == counts
    income = budget_tree(year=2025, line_type="income")
    assert 10_000_000 < income.plan_after_amendments < 100_000_000


def test_generator_writes_files_that_import_cleanly(tmp_path, classification):
    call(
        "generate_public_records",
        "--businesses",
        "500",
        "--parcels",
        "400",
        "--out",
        str(tmp_path),
        "--encoding",
        "cp1250",
        "--no-progress",
    )
    out, _err = call("import_businesses", str(tmp_path / "dzialalnosc-gospodarcza.csv"))
    assert "dodane 500" in out
    out, _err = call("import_property", str(tmp_path / "mienie-komunalne.csv"))
    assert "dodane 400" in out
