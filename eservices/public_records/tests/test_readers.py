"""Readers: Polish Excel CSV in both encodings, XLSX and JSON, with the lines a clerk sees."""

import datetime
import io

import pytest
from openpyxl import Workbook

from eservices.public_records.importers.readers import (
    UnreadableFile,
    detect_encoding,
    format_from_name,
    read_rows,
)

from .conftest import business, csv_bytes, json_bytes, stream


def test_cp1250_csv_is_detected_and_read_with_polish_letters():
    data = csv_bytes([business(), business(Nazwisko="Łęcka")], encoding="cp1250")
    assert detect_encoding(stream(data)) == "cp1250"
    rows = list(read_rows(stream(data), file_format="csv"))
    assert [row.line for row in rows] == [2, 3]
    assert rows[0].values["Imię"] == "Józef"
    assert rows[1].values["Nazwisko"] == "Łęcka"


def test_utf8_csv_with_bom_is_read_without_the_bom_in_the_first_header():
    data = csv_bytes([business()], encoding="utf-8-sig")
    assert detect_encoding(stream(data)) == "utf-8-sig"
    (row,) = read_rows(stream(data), file_format="csv")
    assert row.values["Nazwa firmy"] == "Piekarnia Józef Żółtowski"


def test_utf8_csv_without_bom_is_recognised():
    data = csv_bytes([business()], encoding="utf-8")
    assert detect_encoding(stream(data)) == "utf-8"
    (row,) = read_rows(stream(data), file_format="csv")
    assert row.values["Nazwisko"] == "Żółtowski"


def test_csv_line_numbers_count_blank_lines_and_quoted_line_breaks():
    data = 'Nazwa firmy;NIP\r\n"Sklep\r\nu Ani";1\r\n\r\nKwiaciarnia;2\r\n'.encode("cp1250")
    rows = list(read_rows(stream(data), file_format="csv"))
    assert [(row.line, row.values["NIP"]) for row in rows] == [(2, "1"), (5, "2")]


def test_empty_cells_are_none():
    data = csv_bytes([business(Ulica="")])
    (row,) = read_rows(stream(data), file_format="csv")
    assert row.values["Ulica"] is None


def test_xlsx_first_sheet_is_read_with_numbers_and_dates_as_text():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIP", "Data rozpoczęcia", "Powierzchnia m2", "Dział"])
    sheet.append([])
    sheet.append([5492345686, datetime.datetime(2010, 4, 1), 345.5, 10])
    buffer = io.BytesIO()
    workbook.save(buffer)
    (row,) = read_rows(stream(buffer.getvalue()), file_format="xlsx")
    assert row.line == 3
    assert row.values == {
        "NIP": "5492345686",
        "Data rozpoczęcia": "2010-04-01",
        "Powierzchnia m2": "345.5",
        "Dział": "10",
    }


def test_json_list_of_objects_is_read_with_positions_as_lines():
    rows = list(read_rows(stream(json_bytes([business(), business()])), file_format="json"))
    assert [row.line for row in rows] == [1, 2]
    assert rows[0].values["Nazwisko"] == "Żółtowski"


def test_json_that_is_not_a_list_of_objects_is_unreadable():
    with pytest.raises(UnreadableFile, match="listę obiektów"):
        list(read_rows(stream(b'{"NIP": "1"}'), file_format="json"))


def test_format_comes_from_the_extension():
    assert format_from_name("Ewidencja.XLSX") == "xlsx"
    with pytest.raises(UnreadableFile, match="CSV, XLSX lub JSON"):
        format_from_name("dane.ods")
