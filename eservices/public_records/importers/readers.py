"""Readers: a file (CSV in the Polish Excel dialect, XLSX, JSON) as numbered rows of text.

Every reader yields ``SourceRow(line, values)`` where ``values`` maps the header as written in the
file to the cell as text (None for an empty cell), and ``line`` is what a clerk sees: the line in
the CSV file, the row in the spreadsheet, the position of the object in the JSON list.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import BinaryIO

from django.utils.translation import gettext as _

FORMATS = ("csv", "xlsx", "json")
_CHUNK = 1 << 20


class UnreadableFile(Exception):
    """The file cannot be read at all (format, encoding, structure); the message is Polish."""


@dataclass(frozen=True)
class SourceRow:
    """One row of a source file."""

    line: int
    values: dict[str, str | None]


def format_from_name(name: str) -> str:
    """The format by the file's extension; UnreadableFile for anything else."""
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UnreadableFile(
            _("Nieznany format pliku „%(name)s”: oczekiwano CSV, XLSX lub JSON.") % {"name": name}
        )
    return suffix


def detect_encoding(stream: BinaryIO) -> str:
    """``utf-8-sig`` after a BOM; else ``utf-8`` if the whole file decodes; else cp1250.

    Polish Excel saves CSV in Windows-1250 ("CSV (rozdzielany przecinkami)") or in UTF-8 with a
    BOM ("CSV UTF-8"); other systems write UTF-8 without one. Decoding the whole file strictly is
    the only safe test: a cp1250 file may be pure ASCII for thousands of lines.
    """
    stream.seek(0)
    head = stream.read(3)
    stream.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        while chunk := stream.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = "cp1250"
    stream.seek(0)
    if encoding == "cp1250":
        cp1250 = codecs.getincrementaldecoder("cp1250")(errors="strict")
        try:
            while chunk := stream.read(_CHUNK):
                cp1250.decode(chunk)
        except UnicodeDecodeError:
            raise UnreadableFile(
                _(
                    "Nie rozpoznano kodowania pliku: zapisz go jako CSV UTF-8 "
                    "lub CSV (Windows-1250)."
                )
            ) from None
        finally:
            stream.seek(0)
    return encoding


def _clean(value: object) -> str | None:
    """A cell as text: numbers without a spurious ``.0``, dates in ISO form, blanks as None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "tak" if value else "nie"
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        value = Decimal(repr(value))
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
    text = str(value).strip()
    return text or None


def _header(names: list[object]) -> list[str]:
    return [str(name).strip() if name is not None else "" for name in names]


def read_csv(stream: BinaryIO) -> Iterator[SourceRow]:
    """Rows of a CSV file (separator ``;`` as Polish Excel writes, ``,`` or tab also recognised)."""
    encoding = detect_encoding(stream)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        first = text.readline()
        delimiter = max(";,\t", key=first.count) if first.strip() else ";"
        text.seek(0)
        reader = csv.reader(text, delimiter=delimiter)
        try:
            header = _header(next(reader))
        except StopIteration:
            return
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield SourceRow(
                    line=line,
                    # A CSV cell is always text: _clean() reduced to what it does to text.
                    values={
                        name: cell.strip() or None
                        for name, cell in zip(header, cells, strict=False)
                    },
                )
            line = reader.line_num + 1
    except csv.Error as error:
        raise UnreadableFile(
            _("Plik CSV jest uszkodzony w wierszu %(line)s: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from None
    finally:
        text.detach()


def read_xlsx(stream: BinaryIO) -> Iterator[SourceRow]:
    """Rows of the first sheet of an XLSX workbook; the first non-empty row is the header."""
    from openpyxl import load_workbook  # heavy import, only when a workbook is read

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a broken workbook
        raise UnreadableFile(
            _("Nie można odczytać skoroszytu XLSX: %(error)s") % {"error": error}
        ) from error
    try:
        header: list[str] | None = None
        for number, cells in enumerate(workbook.worksheets[0].iter_rows(values_only=True), 1):
            if not any(cell not in (None, "") for cell in cells):
                continue
            if header is None:
                header = _header(list(cells))
                continue
            yield SourceRow(
                line=number,
                values={name: _clean(cell) for name, cell in zip(header, cells, strict=False)},
            )
    finally:
        workbook.close()


def read_json(stream: BinaryIO) -> Iterator[SourceRow]:
    """Objects of a JSON list; ``line`` is the object's position in the list (from 1)."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig")
    try:
        data = json.load(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableFile(
            _("Plik JSON jest niepoprawny: %(error)s") % {"error": error}
        ) from None
    finally:
        text.detach()  # the caller's stream stays open for the second pass
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise UnreadableFile(_("Plik JSON musi zawierać listę obiektów."))
    for number, item in enumerate(data, 1):
        yield SourceRow(
            line=number, values={str(key): _clean(value) for key, value in item.items()}
        )


READERS = {"csv": read_csv, "xlsx": read_xlsx, "json": read_json}


def read_rows(stream: BinaryIO, *, file_format: str) -> Iterator[SourceRow]:
    """Rows of ``stream`` in ``file_format`` (csv, xlsx, json)."""
    try:
        reader = READERS[file_format]
    except KeyError:
        raise UnreadableFile(
            _("Nieznany format pliku „%(format)s”.") % {"format": file_format}
        ) from None
    stream.seek(0)
    return reader(stream)
