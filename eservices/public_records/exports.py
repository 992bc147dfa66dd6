"""Open-data exports of a (filtered) register as CSV, JSON or XLSX, streamed.

The rows are read with ``QuerySet.iterator(chunk_size=…)`` and written out as they come, so an
export of 100 000 rows never holds more than one chunk of model instances:

- CSV in the Polish Excel dialect (``;``, CRLF, decimal comma, UTF-8 with BOM), Polish headers;
- JSON: a list of objects with the API's field names, written object by object;
- XLSX: openpyxl's write-only workbook keeps rows in a temporary file, not in memory; the file is
  zipped at the end (XLSX is a zip archive), then sent in pieces.
"""

from __future__ import annotations

import csv
import datetime
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Model, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from .models import BudgetLine, BusinessEntry, Parcel

#: Rows fetched (and model instances held) at a time.
EXPORT_CHUNK_SIZE = 2000
#: Bytes per piece of the XLSX file sent.
FILE_PIECE_SIZE = 64 * 1024
#: CSV rows written per piece of the response (fewer, larger writes to the socket).
CSV_ROWS_PER_PIECE = 200
#: A cell starting with one of these is a formula in a spreadsheet: text gets a leading ``'``.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)


@dataclass(frozen=True)
class Column:
    """One column of an export: JSON key, Polish header, and how to read the value."""

    key: str
    header: str | Promise
    value: Callable[[Any], object]


@dataclass(frozen=True)
class ExportSpec:
    """What an export of one register holds: its columns and the file name."""

    file_stem: str
    columns: tuple[Column, ...]
    sheet_title: str | Promise


def _attr(name: str) -> Callable[[Any], object]:
    def read(record: Any) -> object:
        value = record
        for part in name.split("."):
            value = getattr(value, part)
            if value is None:
                return None
        return value() if callable(value) else value

    return read


def _source(record: Any) -> object:
    return record.source.system_label if record.source else None


def _imported_at(record: Any) -> object:
    return record.source.finished_at if record.source else None


METRYKA_COLUMNS = (
    Column("information_producer", _("Informację wytworzył"), _attr("information_producer")),
    Column("information_produced_at", _("Data wytworzenia"), _attr("information_produced_at")),
    Column("source_system", _("System źródłowy"), _source),
    Column("imported_at", _("Data importu"), _imported_at),
    Column("updated_at", _("Ostatnia zmiana"), _attr("updated_at")),
)

BUSINESS_EXPORT = ExportSpec(
    file_stem="ewidencja-dzialalnosci-gospodarczej",
    sheet_title=_("Ewidencja"),
    columns=(
        Column("id", _("Id"), _attr("pk")),
        Column("business_name", _("Nazwa firmy"), _attr("business_name")),
        Column("owner_first_name", _("Imię"), _attr("owner_first_name")),
        Column("owner_last_name", _("Nazwisko"), _attr("owner_last_name")),
        Column("nip", "NIP", _attr("nip")),
        Column("regon", "REGON", _attr("regon")),
        Column("town", _("Miejscowość"), _attr("town")),
        Column("street", _("Ulica"), _attr("street")),
        Column("building_number", _("Nr domu/lokalu"), _attr("building_number")),
        Column("postal_code", _("Kod pocztowy"), _attr("postal_code")),
        Column(
            "pkd_codes",
            _("PKD"),
            lambda entry: ", ".join(code.code for code in entry.pkd_codes.all()),
        ),
        Column("start_date", _("Data rozpoczęcia"), _attr("start_date")),
        Column("suspended_from", _("Data zawieszenia"), _attr("suspended_from")),
        Column("suspended_until", _("Data wznowienia"), _attr("suspended_until")),
        Column("end_date", _("Data zakończenia"), _attr("end_date")),
        Column("status", _("Status"), _attr("get_status_display")),
        *METRYKA_COLUMNS,
    ),
)

PARCEL_EXPORT = ExportSpec(
    file_stem="mienie-komunalne-dzialki",
    sheet_title=_("Działki"),
    columns=(
        Column("id", _("Id"), _attr("pk")),
        Column("precinct_code", _("Kod obrębu"), _attr("precinct_code")),
        Column("precinct_name", _("Obręb"), _attr("precinct_name")),
        Column("number", _("Numer działki"), _attr("number")),
        Column("area_m2", _("Powierzchnia m2"), _attr("area_m2")),
        Column("land_register_number", _("Księga wieczysta"), _attr("land_register_number")),
        Column("use", _("Sposób użytkowania"), _attr("use")),
        Column("status", _("Forma władania"), _attr("get_status_display")),
        Column("book_value", _("Wartość księgowa"), _attr("book_value")),
        Column("town", _("Miejscowość"), _attr("town")),
        Column("street", _("Ulica"), _attr("street")),
        Column("latitude", _("Szerokość"), _attr("latitude")),
        Column("longitude", _("Długość"), _attr("longitude")),
        *METRYKA_COLUMNS,
    ),
)

BUDGET_LINE_EXPORT = ExportSpec(
    file_stem="budzet-pozycje",
    sheet_title=_("Budżet"),
    columns=(
        Column("id", _("Id"), _attr("pk")),
        Column("year", _("Rok"), _attr("budget_year.year")),
        Column("line_type", _("Rodzaj"), _attr("get_line_type_display")),
        Column("division", _("Dział"), _attr("division.code")),
        Column("chapter", _("Rozdział"), _attr("chapter.code")),
        Column("paragraph", _("Paragraf"), _attr("paragraph_code")),
        Column("paragraph_name", _("Nazwa paragrafu"), _attr("paragraph.name")),
        Column("initial_plan", _("Plan pierwotny"), _attr("initial_plan")),
        Column("plan_after_amendments", _("Plan po zmianach"), _attr("plan_after_amendments")),
        Column("execution", _("Wykonanie"), _attr("execution")),
        Column("data_as_of", _("Stan na dzień"), _attr("data_as_of")),
        *METRYKA_COLUMNS,
    ),
)

EXPORTS: dict[type[Model], ExportSpec] = {
    BusinessEntry: BUSINESS_EXPORT,
    Parcel: PARCEL_EXPORT,
    BudgetLine: BUDGET_LINE_EXPORT,
}


def _records(queryset: QuerySet, *, chunk_size: int) -> Iterator[Any]:
    # select_related sources once here: every export shows the import the record came from.
    return queryset.select_related("source").iterator(chunk_size=chunk_size)


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Line:
    """A write-only "file" collecting what csv.writer writes (one piece of the response)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> bytes:
        data = "".join(self.parts).encode("utf-8")
        self.parts.clear()
        return data


def csv_pieces(records: Iterable[Any], *, spec: ExportSpec) -> Iterator[bytes]:
    """The export as CSV for Polish Excel: BOM, ``;``, CRLF, decimal comma."""
    buffer = _Line()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(column.header) for column in spec.columns])
    yield "\ufeff".encode() + buffer.take()
    for number, record in enumerate(records, start=1):
        writer.writerow([_csv_cell(column.value(record)) for column in spec.columns])
        if number % CSV_ROWS_PER_PIECE == 0:
            yield buffer.take()
    rest = buffer.take()
    if rest:
        yield rest


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value, "f")  # as the API: decimals as strings, never rounded floats
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def json_pieces(records: Iterable[Any], *, spec: ExportSpec) -> Iterator[bytes]:
    """The export as a JSON list of objects, one object per piece."""
    yield b"["
    separator = b"\n"
    for record in records:
        item = {column.key: _json_value(column.value(record)) for column in spec.columns}
        yield separator + json.dumps(item, ensure_ascii=False).encode("utf-8")
        separator = b",\n"
    yield b"\n]\n"


def _xlsx_value(value: object) -> object:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)  # Excel has no time zones: the portal's local time
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_pieces(records: Iterable[Any], *, spec: ExportSpec) -> Iterator[bytes]:
    """The export as an XLSX workbook; rows go to a temporary file, never all into memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(spec.sheet_title))
    sheet.append([str(column.header) for column in spec.columns])
    for record in records:
        sheet.append([_xlsx_value(column.value(record)) for column in spec.columns])
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while piece := file.read(FILE_PIECE_SIZE):
            yield piece


WRITERS: dict[str, Callable[..., Iterator[bytes]]] = {
    "csv": csv_pieces,
    "json": json_pieces,
    "xlsx": xlsx_pieces,
}


def export_response(
    *, queryset: QuerySet, file_format: str, chunk_size: int | None = None
) -> StreamingHttpResponse:
    """A streamed download of ``queryset`` (already filtered) in ``file_format``."""
    if file_format not in WRITERS:
        raise ValueError(f"unknown export format {file_format!r}")
    spec = EXPORTS[queryset.model]
    records = _records(queryset, chunk_size=chunk_size or EXPORT_CHUNK_SIZE)
    response = StreamingHttpResponse(
        WRITERS[file_format](records, spec=spec), content_type=CONTENT_TYPES[file_format]
    )
    stamp = datetime.date.today().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="{spec.file_stem}-{stamp}.{file_format}"'
    )
    # Public data, but computed per query: no shared caches of a possibly huge body.
    response["Cache-Control"] = "no-store"
    return response
