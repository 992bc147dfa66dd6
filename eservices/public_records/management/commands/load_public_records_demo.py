"""`manage.py load_public_records_demo`: Zator's demo budget, register and parcels (idempotent)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eservices.public_records.models import BudgetYear, ImportRun
from eservices.public_records.services import (
    budget_amendments_record,
    budget_classification_load,
    budget_year_describe,
    pkd_classification_load,
    records_import,
)

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_FILES = (
    (ImportRun.Kind.BUDGET, "budzet-2025.csv"),
    (ImportRun.Kind.BUDGET, "budzet-2026.json"),
    (ImportRun.Kind.BUSINESS, "dzialalnosc-gospodarcza.csv"),
    (ImportRun.Kind.PROPERTY, "mienie-komunalne.xlsx"),
)
SYSTEM = "Dane demonstracyjne e-Urząd"


class Command(BaseCommand):
    help = (
        "Wczytaj dane demonstracyjne rejestrów publicznych Gminy Zator (klasyfikacje, budżet "
        "2025–2026, ewidencja działalności, działki); ponowne uruchomienie niczego nie dubluje."
    )

    def handle(self, *args, **options):
        budget_classification_load()
        pkd_classification_load()
        self.stdout.write("Klasyfikacja budżetowa i kody PKD (wyciąg): gotowe.")
        for kind, name in DEMO_FILES:
            with (DEMO_DIR / name).open("rb") as stream:
                result = records_import(
                    kind=kind,
                    stream=stream,
                    file_name=name,
                    system_label=SYSTEM,
                    producer="Urząd Miejski w Zatorze",
                    produced_at=datetime.date(2026, 1, 15),
                )
            if result.rejected:
                raise CommandError(
                    f"{name}: plik demonstracyjny odrzucony: "
                    + "; ".join(f"{e.line}: {e.message}" for e in result.errors[:5])
                )
            self.stdout.write(
                f"{name}: dodane {result.created}, zmienione {result.updated}, "
                f"bez zmian {result.unchanged}."
            )
        facts = json.loads((DEMO_DIR / "budzet-uchwaly.json").read_text("utf-8"))
        for item in facts["years"]:
            budget_year = budget_year_describe(
                year=item["year"],
                status=BudgetYear.Status(item["status"]),
                resolution_number=item["resolution_number"],
                resolution_date=datetime.date.fromisoformat(item["resolution_date"]),
                information_producer="Rada Miejska w Zatorze",
                information_produced_at=datetime.date.fromisoformat(item["resolution_date"]),
            )
            budget_amendments_record(
                budget_year=budget_year,
                amendments=[
                    {**a, "date": datetime.date.fromisoformat(a["date"])}
                    for a in item["amendments"]
                ],
            )
        self.stdout.write(self.style.SUCCESS("Dane demonstracyjne rejestrów publicznych gotowe."))
