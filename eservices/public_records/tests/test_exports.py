"""Exports: exactly the filtered rows; Polish Excel CSV, JSON, XLSX; streamed in chunks."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from eservices.public_records import exports
from eservices.public_records.models import BudgetLine, BusinessEntry, Parcel

from .pages_fixtures import records_demo, records_demo_module  # noqa: F401

pytestmark = pytest.mark.usefixtures("records_demo")

BUSINESS_EXPORT = "/api/rejestry/dzialalnosc-gospodarcza/eksport"


def _body(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def _csv_rows(response) -> list[dict[str, str]]:
    data = _body(response)
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Excel reads Polish letters"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _a_busy_facet() -> dict[str, str]:
    """A town and PKD section with several entries, some of them with two codes in it."""
    entry = BusinessEntry.objects.filter(pkd_codes__section="G").first()
    return {"miejscowosc": entry.town, "sekcja_pkd": "G"}


def test_csv_export_has_exactly_the_filtered_entries_once_each(client):
    facet = _a_busy_facet()
    rows = _csv_rows(client.get(f"{BUSINESS_EXPORT}.csv", facet))
    expected = set(
        BusinessEntry.objects.filter(town=facet["miejscowosc"], pkd_codes__section="G").values_list(
            "pk", flat=True
        )
    )
    ids = [int(row["Id"]) for row in rows]
    assert 1 < len(expected) < BusinessEntry.objects.count()
    assert len(ids) == len(set(ids)), "an entry with two codes of the section appears once"
    assert set(ids) == expected


def test_csv_is_the_polish_excel_dialect_with_polish_headers(client):
    response = client.get("/api/rejestry/budzet/pozycje/eksport.csv", {"rok": 2025})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="budzet-pozycje-')
    data = _body(response).decode("utf-8-sig")
    header = data.split("\r\n", 1)[0]
    assert header.startswith("Id;Rok;Rodzaj;Dział;Rozdział;Paragraf;")
    rows = list(csv.DictReader(io.StringIO(data), delimiter=";"))
    assert len(rows) == BudgetLine.objects.filter(budget_year__year=2025).count()
    line = BudgetLine.objects.get(pk=rows[0]["Id"])
    assert rows[0]["Plan po zmianach"] == f"{line.plan_after_amendments:f}".replace(".", ",")


def test_csv_cells_cannot_become_spreadsheet_formulas(client):
    entry = BusinessEntry.objects.first()
    entry.business_name = '=HYPERLINK("http://example.invalid")'
    entry.save()
    rows = _csv_rows(client.get(f"{BUSINESS_EXPORT}.csv", {"q": entry.nip}))
    assert rows[0]["Nazwa firmy"] == '\'=HYPERLINK("http://example.invalid")'


def test_json_export_lists_the_filtered_parcels_with_api_field_names(client):
    response = client.get("/api/rejestry/mienie/eksport.json", {"status": "for_sale"})
    assert response["Content-Type"] == "application/json"
    items = json.loads(_body(response))
    expected = set(Parcel.objects.filter(status="for_sale").values_list("pk", flat=True))
    assert expected and {item["id"] for item in items} == expected
    assert {"precinct_code", "number", "area_m2", "source_system"} <= set(items[0])
    assert isinstance(items[0]["area_m2"], str), "decimals as exact strings, as in the API"


def test_json_export_of_nothing_is_an_empty_list(client):
    response = client.get("/api/rejestry/mienie/eksport.json", {"q": "nie-ma-takiej-dzialki"})
    assert json.loads(_body(response)) == []


def test_xlsx_export_opens_with_polish_headers_and_the_filtered_rows(client):
    response = client.get(f"{BUSINESS_EXPORT}.xlsx", {"status": "active"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(_body(response)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Id", "Nazwa firmy", "Imię", "Nazwisko")
    expected = set(BusinessEntry.objects.filter(status="active").values_list("pk", flat=True))
    assert {row[0] for row in rows[1:]} == expected


def test_invalid_filter_is_a_400_not_a_file(client):
    response = client.get(f"{BUSINESS_EXPORT}.csv", {"sortuj": "pesel"})
    assert response.status_code == 400
    assert "sortuj" in response.json()


def test_export_is_streamed_chunk_by_chunk(client, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 10)
    monkeypatch.setattr(exports, "CSV_ROWS_PER_PIECE", 10)
    response = client.get(f"{BUSINESS_EXPORT}.csv")
    assert isinstance(response, StreamingHttpResponse)
    pieces = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as first:
        next(pieces)  # the header
        next(pieces)  # the first ten rows
    # Only the first chunk was read: the main query and the PKD codes of ten entries.
    pkd_queries = [q for q in first.captured_queries if "public_records_pkdcode" in q["sql"]]
    assert len(pkd_queries) == 1
    with CaptureQueriesContext(connection) as rest:
        remaining = list(pieces)
    total = BusinessEntry.objects.count()
    pkd_queries = [q for q in rest.captured_queries if "public_records_pkdcode" in q["sql"]]
    assert len(pkd_queries) == math.ceil(total / 10) - 1
    assert sum(piece.count(b"\r\n") for piece in remaining) == total - 10


def test_export_writers_are_generators_not_lists():
    pieces = exports.csv_pieces(iter(()), spec=exports.PARCEL_EXPORT)
    assert next(pieces).startswith("\ufeffId;Kod obrębu;".encode())
