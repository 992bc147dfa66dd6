"""`manage.py generate_public_records`: synthetic registers for scale tests, or the demo files."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from eservices.public_records import demo_data

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"


class Command(BaseCommand):
    help = (
        "Wygeneruj syntetyczne pliki ewidencji działalności i mienia komunalnego (np. 100 tys. "
        "lub 1 mln wierszy), zapisywane strumieniowo; z --demo: pliki demonstracyjne Gminy Zator."
    )

    def add_arguments(self, parser):
        parser.add_argument("--businesses", type=int, default=0, help="Liczba wpisów ewidencji.")
        parser.add_argument("--parcels", type=int, default=0, help="Liczba działek.")
        parser.add_argument("--out", type=Path, help="Katalog docelowy.")
        parser.add_argument("--seed", type=int, default=2026, help="Ziarno generatora.")
        parser.add_argument(
            "--encoding", choices=("cp1250", "utf-8-sig", "utf-8"), default="utf-8-sig"
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Zapisz zestaw demonstracyjny (300 wpisów, 300 działek, budżet 2025–2026).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Bez paska postępu.")

    def handle(self, *args, businesses, parcels, out, seed, encoding, demo, no_progress, **options):
        if demo:
            self._demo(out or DEMO_DIR, seed)
            return
        if out is None:
            raise CommandError("Podaj katalog docelowy: --out KATALOG.")
        if not businesses and not parcels:
            raise CommandError("Podaj --businesses N lub --parcels N.")
        out.mkdir(parents=True, exist_ok=True)
        rng = random.Random(seed)  # noqa: S311 (synthetic demo data, not security)
        for count, name, header, rows in (
            (
                businesses,
                "dzialalnosc-gospodarcza.csv",
                demo_data.BUSINESS_HEADER,
                demo_data.business_rows,
            ),
            (parcels, "mienie-komunalne.csv", demo_data.PARCEL_HEADER, demo_data.parcel_rows),
        ):
            if not count:
                continue
            path = out / name
            with tqdm(total=count, desc=name, unit=" wierszy", disable=no_progress) as bar:
                written = demo_data.write_csv(
                    path, header, rows(rng, count), encoding=encoding, progress=bar
                )
            self.stdout.write(f"{path}: {written} wierszy ({encoding}).")

    def _demo(self, out: Path, seed: int) -> None:
        out.mkdir(parents=True, exist_ok=True)
        rng = random.Random(seed)  # noqa: S311 (synthetic demo data, not security)
        written = {
            "dzialalnosc-gospodarcza.csv": demo_data.write_csv(
                out / "dzialalnosc-gospodarcza.csv",
                demo_data.BUSINESS_HEADER,
                demo_data.business_rows(rng, 300),
                encoding="cp1250",
            ),
            "mienie-komunalne.xlsx": demo_data.write_xlsx(
                out / "mienie-komunalne.xlsx",
                demo_data.PARCEL_HEADER,
                demo_data.parcel_rows(rng, 300),
            ),
            "budzet-2025.csv": demo_data.write_csv(
                out / "budzet-2025.csv",
                demo_data.BUDGET_HEADER,
                demo_data.budget_rows(
                    rng,
                    year=2025,
                    data_as_of=datetime.date(2025, 12, 31),
                    growth=Decimal(1),
                    executed=0.97,
                ),
                encoding="cp1250",
            ),
            "budzet-2026.json": demo_data.write_json(
                out / "budzet-2026.json",
                demo_data.budget_rows(
                    rng,
                    year=2026,
                    data_as_of=datetime.date(2026, 3, 31),
                    growth=Decimal("1.06"),
                    executed=0.24,
                ),
            ),
        }
        for name, count in written.items():
            self.stdout.write(f"{out / name}: {count} wierszy.")
