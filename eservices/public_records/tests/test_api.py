"""The open-data API: filters as on the pages, pagination, ordering, schema, docs."""

from __future__ import annotations

import pytest
from django.db.models import Q

from eservices.public_records import api
from eservices.public_records.models import BudgetLine, BusinessEntry, Parcel

from .openapi_checks import load_schema, response_validator, schema_errors
from .pages_fixtures import records_demo, records_demo_module  # noqa: F401

pytestmark = pytest.mark.usefixtures("records_demo")

BUSINESSES = "/api/rejestry/dzialalnosc-gospodarcza/"


def test_business_list_is_paginated_and_matches_its_schema(client):
    response = client.get(BUSINESSES)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 300
    assert len(body["results"]) == api.PAGE_SIZE
    assert body["next"].endswith("strona=2")
    validator = response_validator(load_schema(), route=BUSINESSES)
    assert schema_errors(validator, body) == []


def test_page_size_is_capped(client, monkeypatch):
    monkeypatch.setattr(api.RecordsPagination, "max_page_size", 7)
    body = client.get(BUSINESSES, {"rozmiar": 100}).json()
    assert len(body["results"]) == 7
    assert len(client.get(BUSINESSES, {"rozmiar": 3}).json()["results"]) == 3


def test_entry_shows_only_published_fields_with_source_and_metryka(client):
    entry = BusinessEntry.objects.first()
    body = client.get(f"{BUSINESSES}{entry.pk}/").json()
    assert set(body) == {
        "id",
        "url",
        "business_name",
        "owner_first_name",
        "owner_last_name",
        "nip",
        "regon",
        "town",
        "street",
        "building_number",
        "postal_code",
        "pkd_codes",
        "start_date",
        "suspended_from",
        "suspended_until",
        "end_date",
        "status",
        "status_label",
        "source",
        "information_producer",
        "information_produced_at",
        "created_at",
        "updated_at",
    }
    # Which clerk ran the import is internal: the source names the system, file and time only.
    assert set(body["source"]) == {"id", "kind", "system", "file_name", "imported_at"}
    assert body["source"]["system"] == "Dane demonstracyjne e-Urząd"
    assert body["information_producer"] == "Urząd Miejski w Zatorze"


def test_facet_filters_select_the_same_rows_as_the_database(client):
    entry = BusinessEntry.objects.exclude(status="active").first() or BusinessEntry.objects.first()
    section = entry.pkd_codes.first().section
    year = entry.start_date.year
    params = {"status": entry.status, "sekcja_pkd": section, "rok": year, "rozmiar": 500}
    body = client.get(BUSINESSES, params).json()
    expected = set(
        BusinessEntry.objects.filter(
            status=entry.status, pkd_codes__section=section, start_date__year=year
        ).values_list("pk", flat=True)
    )
    assert {row["id"] for row in body["results"]} == expected
    assert body["count"] == len(expected)


def test_parcels_filter_by_obreb_and_text_without_accents(client):
    parcel = Parcel.objects.filter(precinct_name__contains="ń").first()
    assert parcel is not None, "the demo has the obręb Trzebieńczyce"
    body = client.get(
        "/api/rejestry/mienie/",
        {"obreb": parcel.precinct_code, "q": "TRZEBIENCZYCE", "rozmiar": 500},
    ).json()
    expected = set(
        Parcel.objects.filter(precinct_code=parcel.precinct_code)
        .filter(
            Q(precinct_name__icontains="Trzebieńczyce")
            | Q(town__icontains="Trzebieńczyce")
            | Q(street__icontains="Trzebieńczyce")
        )
        .values_list("pk", flat=True)
    )
    assert expected
    assert {row["id"] for row in body["results"]} == expected


def test_ordering_follows_the_sortuj_parameter(client):
    body = client.get(BUSINESSES, {"sortuj": "-data_rozpoczecia", "rozmiar": 500}).json()
    dates = [row["start_date"] for row in body["results"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sortuj": "nip"}, "sortuj"),
        ({"status": "zamknięty"}, "status"),
        ({"rok": "dwa tysiące"}, "rok"),
        ({"rok": "99999999999999999999"}, "rok"),
        ({"q": "x" * 101}, "q"),
        ({"q": "ab\x00c"}, "q"),
    ],
)
def test_bad_filter_or_ordering_is_400_with_the_reason(client, params, field):
    response = client.get(BUSINESSES, params)
    assert response.status_code == 400
    assert field in response.json()


def test_bad_ordering_message_is_polish_or_english_by_accept_language(client):
    polish = client.get(BUSINESSES, {"sortuj": "nip"}, HTTP_ACCEPT_LANGUAGE="pl")
    english = client.get(BUSINESSES, {"sortuj": "nip"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Wybierz poprawną wartość" in polish.json()["sortuj"][0]
    assert "Select a valid choice" in english.json()["sortuj"][0]


def test_budget_lines_filter_by_year_type_and_dzial(client):
    line = BudgetLine.objects.select_related("division").first()
    params = {"rok": 2025, "rodzaj": "expense", "dzial": line.division.code, "rozmiar": 500}
    body = client.get("/api/rejestry/budzet/pozycje/", params).json()
    expected = BudgetLine.objects.filter(
        budget_year__year=2025, line_type="expense", division=line.division
    ).count()
    assert body["count"] == expected
    assert all(row["division"] == line.division.code for row in body["results"])


def test_budget_tree_api_sums_add_up(client):
    body = client.get("/api/rejestry/budzet/lata/2026/drzewo/", {"rodzaj": "income"}).json()
    lines = BudgetLine.objects.filter(budget_year__year=2026, line_type="income")
    assert body["year"] == 2026
    assert float(body["execution"]) == pytest.approx(float(sum(li.execution for li in lines)))
    for division in body["divisions"]:
        total = sum(float(c["plan_after_amendments"]) for c in division["chapters"])
        assert float(division["plan_after_amendments"]) == pytest.approx(total)
    validator = response_validator(load_schema(), route="/api/rejestry/budzet/lata/{year}/drzewo/")
    assert schema_errors(validator, body) == []


def test_budget_tree_of_an_unknown_year_or_type(client):
    assert client.get("/api/rejestry/budzet/lata/1999/drzewo/").status_code == 404
    response = client.get("/api/rejestry/budzet/lata/2026/drzewo/", {"rodzaj": "oba"})
    assert response.status_code == 400 and "rodzaj" in response.json()


def test_schema_is_openapi_31_of_the_registers_only(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"] == "3.1.0"
    assert all(route.startswith("/api/rejestry/") for route in schema["paths"])
    assert "/api/rejestry/mienie/eksport.xlsx" in schema["paths"]
    parameters = {p["name"]: p for p in schema["paths"][BUSINESSES]["get"]["parameters"]}
    assert {"q", "miejscowosc", "status", "sekcja_pkd", "rok", "sortuj", "strona"} <= set(
        parameters
    )
    assert parameters["rok"]["schema"]["type"] == "integer"


def test_docs_page_describes_every_operation_without_external_scripts(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    for route in load_schema()["paths"]:
        assert f"{route}</code>" in html
    assert '<script src="http' not in html and "cdn" not in html.lower()


def test_browsable_api_is_served_for_browsers(client):
    response = client.get("/api/rejestry/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "/api/rejestry/mienie/" in response.content.decode()


def test_wagtail_page_api_keeps_its_own_place(client):
    assert client.get("/api/v2/pages/").status_code == 200


def test_schema_is_valid_openapi_and_generated_without_warnings(capsys):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.validation import validate_schema

    GENERATOR_STATS.reset()
    schema = load_schema()
    validate_schema(schema)  # against the official OpenAPI 3.1 JSON Schema
    err = capsys.readouterr().err
    assert "Warning" not in err and "Error" not in err, err
