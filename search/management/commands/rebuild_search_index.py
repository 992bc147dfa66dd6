"""`manage.py rebuild_search_index`: index every page and record again, with a progress bar."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.engine import SearchEngineUnavailable
from search.indexing import total_objects
from search.rebuild import rebuild_indexes


class Command(BaseCommand):
    help = (
        "Zbuduj indeks wyszukiwarki od nowa (strony i rejestry publiczne). Przy wyszukiwarce "
        "pełnotekstowej powstaje nowy indeks, a alias przełącza się na niego dopiero na końcu, "
        "więc wyszukiwanie działa przez cały czas."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Bez paska postępu.")

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        show = verbosity > 0 and not options["no_progress"]
        with tqdm(total=total_objects(), disable=not show, unit="obj", file=self.stderr) as bar:
            try:
                report = rebuild_indexes(progress=bar.update)
            except SearchEngineUnavailable as error:
                raise CommandError(str(error)) from error
        if verbosity > 0:
            self.stdout.write(f"Zaindeksowano dokumentów: {report.documents}.")
            if report.new_index:
                self.stdout.write(f"Alias wskazuje teraz indeks {report.new_index}.")
