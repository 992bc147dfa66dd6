"""Writes of the public records: imports from files, the reference classifications, budget facts."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from django.contrib.auth.models import AbstractBaseUser
from django.db import reset_queries, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from search.bulk_gc import fewer_collections

from .importers import IMPORTERS
from .importers.base import ParsedRow, RecordImporter, RowError, RowInvalid
from .importers.readers import UnreadableFile, format_from_name, read_rows
from .models import (
    BudgetAmendment,
    BudgetChapter,
    BudgetDivision,
    BudgetParagraph,
    BudgetYear,
    ImportRun,
    PkdCode,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
#: Rows of the report kept with an import run (a file with a million bad rows stays readable).
REPORT_LIMIT = 1000
#: Files up to this many rows are parsed once: the rows checked are kept for writing (about
#: 1 kB each). Longer files are read and parsed a second time, so memory stays flat.
KEEP_PARSED_ROWS = 200_000


class Progress(Protocol):
    """Where an import reports progress (a tqdm bar in commands, nothing in the admin)."""

    def start(self, phase: str, total: int | None) -> None:
        """A phase begins: "check" (total unknown) or "write" (total rows to write)."""

    def advance(self, rows: int) -> None:
        """``rows`` more rows are done in the current phase."""

    def finish(self) -> None:
        """The current phase is over."""


class NoProgress:
    """Reports nothing."""

    def start(self, phase: str, total: int | None) -> None:
        """Ignored."""

    def advance(self, rows: int) -> None:
        """Ignored."""

    def finish(self) -> None:
        """Ignored."""


@dataclass
class ImportResult:
    """The outcome of one import (or dry run): counts and the validation report."""

    kind: str
    file_name: str
    dry_run: bool
    valid_only: bool
    rows_total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    invalid_lines: set[int] = field(default_factory=set)
    file_error: bool = False
    run: ImportRun | None = None

    @property
    def rows_invalid(self) -> int:
        """Rows with at least one problem."""
        return len(self.invalid_lines)

    @property
    def rejected(self) -> bool:
        """Whether nothing was (or would be) imported because of errors."""
        return self.file_error or (bool(self.errors) and not self.valid_only)


@fewer_collections()  # checks and writes 100 000 rows and more
def records_import(
    *,
    kind: str,
    stream: BinaryIO,
    file_name: str,
    file_format: str | None = None,
    system_label: str = "",
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
    valid_only: bool = False,
    producer: str = "",
    produced_at: datetime.date | None = None,
    progress: Progress | None = None,
    batch_size: int = 1000,
) -> ImportResult:
    """Check a whole file, then (unless rejected or a dry run) upsert it in one transaction.

    A file with any invalid row is rejected as a whole unless ``valid_only``; a dry run checks
    and counts what would be created, updated or left unchanged, and writes nothing. The rows
    are written in a single transaction, so a crash mid-way leaves nothing of the file behind.
    """
    progress = progress or NoProgress()
    importer = IMPORTERS[kind](producer=producer or system_label, produced_at=produced_at)
    result = ImportResult(kind=kind, file_name=file_name, dry_run=dry_run, valid_only=valid_only)
    kept: list[ParsedRow] | None = None
    try:
        file_format = file_format or format_from_name(file_name)
        kept = _check_file(importer, stream, file_format, result, progress)
    except UnreadableFile as error:
        result.errors.append(RowError(0, str(error)))
        result.file_error = True
    if result.rejected:
        if not dry_run:
            result.run = _record_run(
                result,
                importer,
                file_format,
                system_label,
                user,
                valid_only,
                status=ImportRun.Status.REJECTED,
            )
        return result
    now = timezone.now()
    try:
        with transaction.atomic():
            run = None
            if not dry_run:
                run = _record_run(
                    result,
                    importer,
                    file_format,
                    system_label,
                    user,
                    valid_only,
                    status=ImportRun.Status.SUCCEEDED,
                )
            progress.start("write", result.rows_total - result.rows_invalid)
            rows = (
                (row for row in kept if row.line not in result.invalid_lines)
                if kept is not None
                else _valid_rows(importer, stream, file_format, result)
            )
            for batch in _batches(rows, batch_size):
                counts = importer.write_batch(batch, run=run, dry_run=dry_run, now=now)
                result.created += counts.created
                result.updated += counts.updated
                result.unchanged += counts.unchanged
                progress.advance(len(batch))
                reset_queries()  # with DEBUG on, Django would keep every batch's SQL in memory
            progress.finish()
            if run is not None:
                _fill_run(run, result)
                run.finished_at = timezone.now()
                run.save()
                result.run = run
    except Exception as error:
        if not dry_run:
            result.errors.append(RowError(0, _("Import przerwany: %(error)s") % {"error": error}))
            _record_run(
                result,
                importer,
                file_format,
                system_label,
                user,
                valid_only,
                status=ImportRun.Status.FAILED,
            )
        raise
    return result


def _check_file(
    importer: RecordImporter,
    stream: BinaryIO,
    file_format: str,
    result: ImportResult,
    progress: Progress,
) -> list[ParsedRow] | None:
    """First pass: every row checked, duplicates of the natural key found; nothing written.

    Returns the parsed rows (valid ones, duplicates included) when the file has at most
    KEEP_PARSED_ROWS rows, else None: the write pass then parses the file again.
    """
    seen: dict[str, int] = {}
    kept: list[ParsedRow] | None = []
    progress.start("check", None)
    for row in read_rows(stream, file_format=file_format):
        if result.rows_total == 0:
            header_errors = importer.map_header(row.values.keys())
            if header_errors:
                result.errors.extend(header_errors)
                result.file_error = True
                return None
        result.rows_total += 1
        progress.advance(1)
        try:
            parsed = importer.parse(row)
        except RowInvalid as invalid:
            result.errors.extend(invalid.errors)
            result.invalid_lines.add(row.line)
            continue
        if kept is not None:
            kept = kept if len(kept) < KEEP_PARSED_ROWS else None
            if kept is not None:
                kept.append(parsed)
        key = "\x1f".join(str(part) for part in parsed.key)
        first = seen.setdefault(key, row.line)
        if first != row.line:
            result.errors.append(
                RowError(
                    row.line,
                    _("Powtórzony klucz (%(key_name)s): %(key)s – już w wierszu %(first)s.")
                    % {
                        "key_name": importer.key_name,
                        "key": importer.describe_key(parsed.key),
                        "first": first,
                    },
                )
            )
            result.invalid_lines.add(row.line)
    progress.finish()
    if result.rows_total == 0:
        result.errors.append(RowError(0, _("Plik nie zawiera żadnych wierszy danych.")))
        result.file_error = True
    return kept


def _valid_rows(
    importer: RecordImporter, stream: BinaryIO, file_format: str, result: ImportResult
) -> Iterator[ParsedRow]:
    """Second pass: the rows that passed the first, parsed again (the file is not kept)."""
    for row in read_rows(stream, file_format=file_format):
        if row.line not in result.invalid_lines:
            yield importer.parse(row)


def _batches(rows: Iterator[ParsedRow], size: int) -> Iterator[list[ParsedRow]]:
    batch: list[ParsedRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _fill_run(run: ImportRun, result: ImportResult) -> None:
    run.rows_total = result.rows_total
    run.rows_created = result.created
    run.rows_updated = result.updated
    run.rows_unchanged = result.unchanged
    run.rows_invalid = result.rows_invalid
    run.report = [error.as_dict() for error in result.errors[:REPORT_LIMIT]]


def _record_run(
    result: ImportResult,
    importer: RecordImporter,
    file_format: str | None,
    system_label: str,
    user: AbstractBaseUser | None,
    valid_only: bool,
    *,
    status: str,
) -> ImportRun:
    run = ImportRun(
        kind=importer.kind,
        file_name=result.file_name[:255],
        file_format=file_format or "",
        system_label=system_label,
        started_by=user if user is not None and user.is_authenticated else None,
        status=status,
        valid_only=valid_only,
    )
    _fill_run(run, result)
    if status != ImportRun.Status.SUCCEEDED:
        run.finished_at = timezone.now()
    run.save()
    return run


# -- reference data ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceCounts:
    """What loading a reference table did."""

    created: int
    updated: int
    unchanged: int


def _upsert_reference(model, *, key: Mapping[str, Any], values: Mapping[str, Any]) -> str:
    instance = model.objects.filter(**key).first()
    if instance is None:
        model.objects.create(**key, **values)
        return "created"
    if all(getattr(instance, name) == value for name, value in values.items()):
        return "unchanged"
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()
    return "updated"


def budget_classification_load(*, path: Path | None = None) -> ReferenceCounts:
    """Load (idempotently) działy, rozdziały and paragrafy from the JSON data file."""
    data = json.loads((path or DATA_DIR / "budget_classification.json").read_text("utf-8"))
    outcome = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        divisions = {}
        for item in data["divisions"]:
            outcome[
                _upsert_reference(
                    BudgetDivision, key={"code": item["code"]}, values={"name": item["name"]}
                )
            ] += 1
            divisions[item["code"]] = BudgetDivision.objects.get(code=item["code"])
        for item in data["chapters"]:
            outcome[
                _upsert_reference(
                    BudgetChapter,
                    key={"code": item["code"]},
                    values={"name": item["name"], "division": divisions[item["code"][:3]]},
                )
            ] += 1
        for item in data["paragraphs"]:
            outcome[
                _upsert_reference(
                    BudgetParagraph, key={"code": item["code"]}, values={"name": item["name"]}
                )
            ] += 1
    return ReferenceCounts(**outcome)


def pkd_classification_load(*, path: Path | None = None) -> ReferenceCounts:
    """Load (idempotently) the PKD codes from the JSON data file."""
    data = json.loads((path or DATA_DIR / "pkd.json").read_text("utf-8"))
    outcome = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for item in data["codes"]:
            outcome[
                _upsert_reference(
                    PkdCode,
                    key={"version": item["version"], "code": item["code"]},
                    values={"name": item["name"], "section": item["section"]},
                )
            ] += 1
    return ReferenceCounts(**outcome)


def budget_year_describe(
    *,
    year: int,
    status: str,
    resolution_number: str = "",
    resolution_date: datetime.date | None = None,
    information_producer: str = "",
    information_produced_at: datetime.date | None = None,
) -> BudgetYear:
    """Create or update the facts of a year's budget (its uchwała budżetowa and status)."""
    budget_year, _created = BudgetYear.objects.update_or_create(
        year=year,
        defaults={
            "status": status,
            "resolution_number": resolution_number,
            "resolution_date": resolution_date,
            "information_producer": information_producer,
            "information_produced_at": information_produced_at,
        },
    )
    return budget_year


def budget_amendments_record(
    *, budget_year: BudgetYear, amendments: Sequence[Mapping[str, Any]]
) -> int:
    """Create or update amendments (kind, number, date, description) by their number."""
    for item in amendments:
        BudgetAmendment.objects.update_or_create(
            budget_year=budget_year,
            number=item["number"],
            defaults={
                "kind": item["kind"],
                "date": item["date"],
                "description": item.get("description", ""),
                "information_producer": budget_year.information_producer,
                "information_produced_at": item["date"],
            },
        )
    return len(amendments)
