"""The shared shape of the import commands: arguments, a tqdm progress bar, the Polish report."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ..importers.fields import parse_date
from ..importers.readers import FORMATS
from ..services import ImportResult, records_import

PHASES = {"check": "Sprawdzanie", "write": "Zapisywanie"}


class TqdmProgress:
    """Progress as tqdm bars on stderr; with ``--verbosity 2`` also a line per written batch."""

    def __init__(self, *, stdout, verbose: bool, enabled: bool) -> None:
        self.stdout = stdout
        self.verbose = verbose
        self.enabled = enabled
        self.bar: tqdm | None = None
        self.phase = ""
        self.done = 0

    def start(self, phase: str, total: int | None) -> None:
        """Open a bar for the phase."""
        self.phase, self.done = phase, 0
        self.bar = tqdm(
            total=total,
            desc=PHASES.get(phase, phase),
            unit=" wierszy",
            file=sys.stderr,
            disable=not self.enabled,
            mininterval=0.5,
        )

    def advance(self, rows: int) -> None:
        """Move the bar; report written batches when verbose."""
        self.done += rows
        if self.bar is not None:
            self.bar.update(rows)
        if self.verbose and self.phase == "write":
            self.stdout.write(f"Zapisano w transakcji: {self.done} wierszy")
            self.stdout.flush()

    def finish(self) -> None:
        """Close the bar."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class ImportCommand(BaseCommand):
    """An import of one record type from a CSV, XLSX or JSON file."""

    kind: str
    help = "Import z pliku CSV, XLSX lub JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Plik do zaimportowania (CSV, XLSX lub JSON).")
        parser.add_argument(
            "--format", choices=FORMATS, help="Format pliku (domyślnie według rozszerzenia)."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Tylko sprawdź plik i policz zmiany; nic nie zapisuj.",
        )
        parser.add_argument(
            "--valid-only",
            action="store_true",
            help="Zaimportuj poprawne wiersze, pomijając błędne "
            "(domyślnie błąd odrzuca cały plik).",
        )
        parser.add_argument("--system", default="", help="Nazwa systemu, z którego pochodzi plik.")
        parser.add_argument(
            "--producer", default="", help="Kto wytworzył informację (metryka BIP)."
        )
        parser.add_argument(
            "--produced-at", default=None, help="Data wytworzenia informacji (RRRR-MM-DD)."
        )
        parser.add_argument("--batch-size", type=int, default=1000, help="Wierszy w partii zapisu.")
        parser.add_argument("--no-progress", action="store_true", help="Bez paska postępu.")

    def handle(self, *args, **options) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Nie ma pliku {path}.")
        produced_at = parse_date(options["produced_at"]) if options["produced_at"] else None
        progress = TqdmProgress(
            stdout=self.stdout,
            verbose=options["verbosity"] >= 2,
            enabled=not options["no_progress"],
        )
        with path.open("rb") as stream:
            result = records_import(
                kind=self.kind,
                stream=stream,
                file_name=path.name,
                file_format=options["format"],
                system_label=options["system"],
                dry_run=options["dry_run"],
                valid_only=options["valid_only"],
                producer=options["producer"],
                produced_at=produced_at,
                progress=progress,
                batch_size=options["batch_size"],
            )
        self.report(result)
        if result.rejected:
            raise CommandError(
                f"Plik odrzucony: {result.rows_invalid} błędnych wierszy; nic nie zapisano. "
                "Popraw plik albo użyj --valid-only."
            )

    def report(self, result: ImportResult) -> None:
        """The validation report, then the counts."""
        for error in result.errors:
            where = f"wiersz {error.line}" if error.line else "plik"
            column = f" [{error.column}]" if error.column else ""
            self.stderr.write(f"{where}{column}: {error.message}")
        if result.rejected:
            return
        prefix = "Próba (nic nie zapisano): " if result.dry_run else "Zaimportowano: "
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{result.rows_total} wierszy – dodane {result.created}, "
                f"zmienione {result.updated}, bez zmian {result.unchanged}, "
                f"pominięte błędne {result.rows_invalid}."
            )
        )
