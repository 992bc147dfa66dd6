"""Importing parcels and budget lines; the budget tree adds up at every level."""

from decimal import Decimal

import pytest

from eservices.public_records.models import BudgetLine, BudgetYear, ImportRun, Parcel
from eservices.public_records.selectors import budget_tree, budget_year_comparison
from eservices.public_records.services import records_import

from .conftest import csv_bytes, parcel, stream

pytestmark = pytest.mark.usefixtures("classification")


def budget(**overrides):
    row = {
        "Rok": "2025",
        "Rodzaj": "wydatki",
        "Dział": "600",
        "Rozdział": "60016",
        "Paragraf": "4270",
        "Plan pierwotny": "100 000,00",
        "Plan po zmianach": "120 000,00",
        "Wykonanie": "110 500,25",
        "Stan na dzień": "31.12.2025",
    }
    row.update(overrides)
    return row


def test_parcels_are_imported_with_area_in_square_metres():
    result = records_import(
        kind=ImportRun.Kind.PROPERTY, stream=stream(csv_bytes([parcel()])), file_name="mienie.csv"
    )
    assert result.created == 1
    stored = Parcel.objects.get()
    assert stored.area_m2 == Decimal("1234.50")
    assert stored.area_display == "1 234,50 m²"
    assert stored.status == "owned"


def test_parcel_rows_with_negative_area_or_bad_land_register_are_reported():
    rows = [
        parcel(**{"Powierzchnia m2": "-5"}),
        parcel(**{"Numer działki": "12", "Księga wieczysta": "KR1E/00012345/6"}),
        parcel(**{"Numer działki": "13", "Forma władania": "najem"}),
    ]
    result = records_import(
        kind=ImportRun.Kind.PROPERTY, stream=stream(csv_bytes(rows)), file_name="mienie.csv"
    )
    assert result.rejected
    messages = {(error.line, error.message) for error in result.errors}
    assert (2, "Powierzchnia działki musi być większa od zera.") in messages
    assert (3, "Numer księgi wieczystej KR1E/00012345/6 ma błędną cyfrę kontrolną.") in messages
    assert any(line == 4 and "Forma władania „najem”" in text for line, text in messages)


def test_budget_rows_with_unknown_paragraph_or_mismatched_chapter_are_reported():
    rows = [
        budget(Paragraf="4279x"),
        budget(Paragraf="9990"),
        budget(Dział="700"),
        budget(**{"Plan pierwotny": "-1,00"}),
    ]
    result = records_import(
        kind=ImportRun.Kind.BUDGET, stream=stream(csv_bytes(rows)), file_name="budzet.csv"
    )
    messages = {(error.line, error.message) for error in result.errors}
    assert (2, "Paragraf „4279x” musi mieć 3 lub 4 cyfry.") in messages
    assert (3, "Nieznany paragraf klasyfikacji budżetowej: 9990.") in messages
    assert (4, "Rozdział 60016 nie należy do działu 700.") in messages
    assert (5, "Kwota w kolumnie „Plan pierwotny” nie może być ujemna.") in messages


def import_budget(rows):
    return records_import(
        kind=ImportRun.Kind.BUDGET, stream=stream(csv_bytes(rows)), file_name="budzet.csv"
    )


def test_budget_tree_sums_add_up_at_every_level():
    rows = [
        budget(),
        budget(
            Paragraf="6050",
            **{
                "Plan pierwotny": "2 000 000,00",
                "Plan po zmianach": "2 500 000,00",
                "Wykonanie": "1 999 999,99",
            },
        ),
        budget(
            Paragraf="6057",
            **{"Plan pierwotny": "0", "Plan po zmianach": "300 000", "Wykonanie": "0"},
        ),
        budget(Dział="750", Rozdział="75023", Paragraf="4010"),
        budget(
            Dział="750",
            Rozdział="75022",
            Paragraf="3030",
            **{
                "Plan pierwotny": "330 000",
                "Plan po zmianach": "330 000",
                "Wykonanie": "329 999,99",
            },
        ),
        budget(Rodzaj="dochody", Dział="756", Rozdział="75616", Paragraf="0310"),
    ]
    assert import_budget(rows).created == 6
    tree = budget_tree(year=2025, line_type=BudgetLine.LineType.EXPENSE)
    assert [d.code for d in tree.divisions] == ["600", "750"]
    transport, administration = tree.divisions
    assert transport.plan_after_amendments == Decimal("2920000.00")
    assert transport.execution == Decimal("2110500.24")
    assert [p.code for p in transport.chapters[0].paragraphs] == ["4270", "6050", "6057"]
    assert [c.code for c in administration.chapters] == ["75022", "75023"]
    for node in (tree, *tree.divisions):
        children = node.divisions if node is tree else node.chapters
        assert node.initial_plan == sum(c.initial_plan for c in children)
        assert node.plan_after_amendments == sum(c.plan_after_amendments for c in children)
        assert node.execution == sum(c.execution for c in children)
    for division in tree.divisions:
        for chapter in division.chapters:
            assert chapter.execution == sum(p.execution for p in chapter.paragraphs)
    stored_total = sum(
        line.execution
        for line in BudgetLine.objects.filter(line_type="expense", budget_year__year=2025)
    )
    assert tree.execution == stored_total == Decimal("2551000.48")
    assert tree.execution_percent == Decimal("75.70")


def test_budget_year_is_created_on_first_import_and_years_compare():
    import_budget([budget(), budget(Rok="2026", **{"Plan po zmianach": "150 000,00"})])
    assert set(BudgetYear.objects.values_list("year", flat=True)) == {2025, 2026}
    (row,) = budget_year_comparison(years=[2025, 2026], line_type="expense")
    assert row.plans == {2025: Decimal("120000.00"), 2026: Decimal("150000.00")}
    assert row.change(from_year=2025, to_year=2026) == Decimal("25.00")


def test_three_digit_paragraph_means_fourth_digit_zero():
    import_budget([budget(Paragraf="427")])
    assert BudgetLine.objects.get().paragraph_code == "4270"
    again = import_budget([budget(Paragraf="4270")])
    assert (again.created, again.unchanged) == (0, 1)
