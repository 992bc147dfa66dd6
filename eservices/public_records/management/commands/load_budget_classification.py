"""`manage.py load_budget_classification`: the budget classification subset (idempotent)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from eservices.public_records.services import budget_classification_load, pkd_classification_load


class Command(BaseCommand):
    help = (
        "Wczytaj wyciąg z klasyfikacji budżetowej (działy, rozdziały, paragrafy) oraz kody PKD; "
        "ponowne uruchomienie niczego nie dubluje."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, help="Inny plik JSON z klasyfikacją budżetową.")
        parser.add_argument("--skip-pkd", action="store_true", help="Bez kodów PKD.")

    def handle(self, *args, path: Path | None, skip_pkd: bool, **options):
        counts = budget_classification_load(path=path)
        self.stdout.write(
            f"Klasyfikacja budżetowa (wyciąg): dodane {counts.created}, zmienione "
            f"{counts.updated}, bez zmian {counts.unchanged}."
        )
        if not skip_pkd:
            counts = pkd_classification_load()
            self.stdout.write(
                f"Kody PKD (wyciąg): dodane {counts.created}, zmienione {counts.updated}, "
                f"bez zmian {counts.unchanged}."
            )
