"""Fixtures of the public-records tests: reference tables and file builders."""

from __future__ import annotations

import io
import json

import pytest

from eservices.public_records.services import budget_classification_load, pkd_classification_load

BUSINESS_HEADER = [
    "Nazwa firmy",
    "Imię",
    "Nazwisko",
    "NIP",
    "REGON",
    "Miejscowość",
    "Ulica",
    "Nr domu",
    "Kod pocztowy",
    "PKD",
    "Data rozpoczęcia",
    "Data zakończenia",
]


def business(**overrides: str) -> dict[str, str]:
    """A valid register row (NIP and REGON with correct check digits)."""
    row = {
        "Nazwa firmy": "Piekarnia Józef Żółtowski",
        "Imię": "Józef",
        "Nazwisko": "Żółtowski",
        "NIP": "5492345686",
        "REGON": "123456785",
        "Miejscowość": "Zator",
        "Ulica": "Rynek",
        "Nr domu": "12",
        "Kod pocztowy": "32-640",
        "PKD": "10.71.Z, 47.24.Z",
        "Data rozpoczęcia": "2010-04-01",
        "Data zakończenia": "",
    }
    row.update(overrides)
    return row


def parcel(**overrides: str) -> dict[str, str]:
    """A valid municipal parcel row."""
    row = {
        "Kod obrębu": "0001",
        "Obręb": "Zator",
        "Numer działki": "345/6",
        "Powierzchnia m2": "1 234,50",
        "Księga wieczysta": "KR1E/00012345/1",
        "Sposób użytkowania": "drogi",
        "Forma władania": "własność",
        "Wartość księgowa": "",
        "Miejscowość": "Zator",
        "Ulica": "Krakowska",
    }
    row.update(overrides)
    return row


def csv_bytes(
    rows: list[dict[str, str]], *, header: list[str] | None = None, encoding: str = "cp1250"
) -> bytes:
    """Rows as Polish-Excel CSV (semicolons, CRLF) in ``encoding`` (``utf-8-sig`` adds a BOM)."""
    header = header or list(rows[0])
    lines = [";".join(header)] + [";".join(row.get(name, "") for name in header) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def json_bytes(rows: list[dict[str, str]]) -> bytes:
    """Rows as a JSON list of objects."""
    return json.dumps(rows, ensure_ascii=False).encode("utf-8")


def stream(data: bytes) -> io.BytesIO:
    """A seekable binary stream, as an uploaded or opened file is."""
    return io.BytesIO(data)


@pytest.fixture
def classification(db):
    """The budget classification and PKD subsets, as the load command loads them."""
    budget_classification_load()
    pkd_classification_load()
