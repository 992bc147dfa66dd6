"""Latency of the records' ``q`` filter on PostgreSQL: the folding scan against the indexed column.

    .venv/bin/python -m tests.bench.records_filter --records 200000 [--parcels N] [--repeat 15]
        [--database eurzad_records_bench] [--reuse]

One run:

1. a scratch database (``eurzad_records_bench`` on the server of ``DATABASE_URL``, by default the
   dev cluster), dropped and created again unless ``--reuse`` finds it already filled; ``migrate``,
   ``load_budget_classification``, then ``generate_public_records`` writes ``--records`` register
   entries and ``--parcels`` parcels (default a tenth) as CSV and ``import_businesses`` /
   ``import_property`` load them, exactly as a gmina would; ``ANALYZE``;
2. queries picked from the data (a common town, a surname, a firm word typed without accents, a
   whole NIP, part of a NIP, first name + surname, a word found nowhere; for parcels a number,
   an obręb typed without accents, a land-register number), each sent to the list API
   (``/api/rejestry/…/?q=…``, first page, count included) through Django's test client,
   alternately "before" (the old filter: every row folded by ``lower(translate(…))`` and
   matched with LIKE, :func:`~eservices.public_records.filters.text_search`) and "after" (the
   stored ``search_text`` column and its trigram index), ``--repeat`` times each after a warm-up;
3. a table of p50 and p95 in ms per query and mode, the ratio before/after of the p50, and a
   check that both modes found the same number of rows (the filter must not change results).

In-process on purpose: what changes is the SQL, and the test client measures the whole Django
request (filter, count, page, serialiser) without a web server's noise. The database stays at
the end, so ``--reuse`` can measure again without refilling. Exit code 0 whatever the numbers
(a measurement), 1 when the setup or a cross-check fails.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_SERVER = "postgres://eurzad:eurzad@127.0.0.1:54329/eurzad"
BENCH_DB = "eurzad_records_bench"
BUSINESSES = "/api/rejestry/dzialalnosc-gospodarcza/"
PARCELS = "/api/rejestry/mienie/"
WARMUP = 2


@dataclass
class Case:
    """One query against one list: its label, URL, ``q`` and the latencies of both modes."""

    label: str
    url: str
    text: str
    before_ms: list[float]
    after_ms: list[float]
    before_count: int = -1
    after_count: int = -1


def _database_url(server_url: str, name: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _recreate_database(server_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _database_exists(server_url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def _fill(*, records: int, parcels: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    quiet = io.StringIO()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_budget_classification", stdout=quiet)
    with tempfile.TemporaryDirectory(prefix="records-bench-") as folder:
        call_command(
            "generate_public_records",
            businesses=records,
            parcels=parcels,
            out=Path(folder),
            no_progress=True,
            stdout=quiet,
        )
        print(f"  generated {records} entries and {parcels} parcels", flush=True)
        call_command(
            "import_businesses",
            str(Path(folder) / "dzialalnosc-gospodarcza.csv"),
            system="bench",
            no_progress=True,
            stdout=quiet,
        )
        print("  imported the entries", flush=True)
        call_command(
            "import_property",
            str(Path(folder) / "mienie-komunalne.csv"),
            system="bench",
            no_progress=True,
            stdout=quiet,
        )
        print("  imported the parcels", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  filled in {time.perf_counter() - started:.0f} s", flush=True)


def _cases() -> list[Case]:
    from django.db.models import Count

    from eservices.public_records.models import BusinessEntry, Parcel
    from eservices.public_records.models.search_text import fold_text

    def case(label: str, url: str, text: str) -> Case:
        return Case(label=label, url=url, text=text, before_ms=[], after_ms=[])

    town = (
        BusinessEntry.objects.values("town")
        .annotate(n=Count("pk"))
        .order_by("-n", "town")
        .first()["town"]
    )
    middle = BusinessEntry.objects.order_by("pk")[BusinessEntry.objects.count() // 2]
    accented = (
        BusinessEntry.objects.filter(business_name__regex=r"[ąćęłńóśźżŁŚŻŹ]").order_by("pk").first()
    )
    word = max((accented or middle).business_name.split(), key=len)
    parcel = Parcel.objects.filter(number__contains="/").order_by("pk").first()
    parcel = parcel or Parcel.objects.order_by("pk").first()
    registered = Parcel.objects.exclude(land_register_number="").order_by("pk").first()
    cases = [
        case("common town", BUSINESSES, town),
        case("surname", BUSINESSES, middle.owner_last_name),
        case("firm word, no accents", BUSINESSES, fold_text(word).upper()),
        case("whole NIP", BUSINESSES, middle.nip),
        case("part of a NIP", BUSINESSES, middle.nip[2:8]),
        case(
            "first name + surname",
            BUSINESSES,
            f"{middle.owner_first_name} {middle.owner_last_name}",
        ),
        case("no such word", BUSINESSES, "xqzxqzq"),
    ]
    if parcel is not None:
        cases += [
            case("parcel number", PARCELS, parcel.number),
            case("obręb, no accents", PARCELS, fold_text(parcel.precinct_name).upper()),
        ]
    if registered is not None:
        cases.append(case("land register no.", PARCELS, registered.land_register_number.lower()))
    return cases


@contextlib.contextmanager
def _old_filter() -> Iterator[None]:
    """The ``q`` of both lists as it was: every row folded and scanned (the "before")."""
    from eservices.public_records.filters import BusinessEntryFilter, ParcelFilter, TextQueryFilter
    from eservices.public_records.models.business import BUSINESS_SEARCH_FIELDS
    from eservices.public_records.models.property import PARCEL_SEARCH_FIELDS

    saved = {}
    for filterset, fields in (
        (BusinessEntryFilter, BUSINESS_SEARCH_FIELDS),
        (ParcelFilter, PARCEL_SEARCH_FIELDS),
    ):
        saved[filterset] = filterset.base_filters["q"]
        filterset.base_filters["q"] = TextQueryFilter(field_name="q", search_fields=fields)
    try:
        yield
    finally:
        for filterset, original in saved.items():
            filterset.base_filters["q"] = original


def _timed_get(client, case: Case) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(case.url, {"q": case.text})
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{case.url}?q={case.text}: HTTP {response.status_code}")
    return elapsed, response.json()["count"]


def _measure(cases: list[Case], *, repeat: int) -> None:
    from django.test import Client

    client = Client()
    for case in cases:
        for round_ in range(WARMUP + repeat):
            # Alternate which mode goes first, so neither always meets a warmer cache.
            order = ("before", "after") if round_ % 2 == 0 else ("after", "before")
            for mode in order:
                if mode == "before":
                    with _old_filter():
                        elapsed, count = _timed_get(client, case)
                    case.before_count = count
                    if round_ >= WARMUP:
                        case.before_ms.append(elapsed)
                else:
                    elapsed, count = _timed_get(client, case)
                    case.after_count = count
                    if round_ >= WARMUP:
                        case.after_ms.append(elapsed)
        print(f"  measured {case.label}", flush=True)


def _p50_p95(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    return statistics.median(values), statistics.quantiles(values, n=20, method="inclusive")[18]


def _report(cases: list[Case], *, records: int, parcels: int, repeat: int) -> bool:
    print()
    print(f"q filter of the list API, {records} entries, {parcels} parcels, {repeat} requests each")
    header = (
        f"{'query':<24} {'q':<24} {'rows':>7} {'before p50':>11} {'p95':>8} "
        f"{'after p50':>10} {'p95':>8} {'p50 ratio':>10}"
    )
    print(header)
    print("-" * len(header))
    same = True
    ratios = []
    for case in cases:
        b50, b95 = _p50_p95(case.before_ms)
        a50, a95 = _p50_p95(case.after_ms)
        ratio = b50 / a50 if a50 else float("inf")
        ratios.append(ratio)
        mark = "" if case.before_count == case.after_count else f"  MISMATCH {case.before_count}"
        same = same and not mark
        print(
            f"{case.label:<24} {case.text[:24]:<24} {case.after_count:>7} {b50:>11.1f} {b95:>8.1f} "
            f"{a50:>10.1f} {a95:>8.1f} {ratio:>9.1f}x{mark}"
        )
    print("-" * len(header))
    print(f"median p50 ratio before/after: {statistics.median(ratios):.1f}x")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return same


def main(argv: list[str] | None = None) -> int:
    """Fill (or reuse) the scratch database, measure both filters, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--records", type=int, default=200_000, help="register entries")
    parser.add_argument("--parcels", type=int, default=None, help="parcels (default records/10)")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per query and mode")
    parser.add_argument("--database", default=BENCH_DB, help="scratch database (dropped!)")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the scratch database if it is filled already"
    )
    args = parser.parse_args(argv)
    parcels = args.records // 10 if args.parcels is None else args.parcels
    server = os.environ.get("DATABASE_URL", DEFAULT_SERVER)
    if not server.startswith(("postgres://", "postgresql://")):
        print("DATABASE_URL must name a PostgreSQL server: this measures its index.")
        return 1
    if args.database == urlsplit(server).path.lstrip("/"):
        print("--database must not be the database of DATABASE_URL: it is dropped.")
        return 1

    reuse = args.reuse and _database_exists(server, args.database)
    if not reuse:
        _recreate_database(server, args.database)
    os.environ["DATABASE_URL"] = _database_url(server, args.database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eurzad.settings.test")
    import django

    django.setup()
    from eservices.public_records.models import BusinessEntry, Parcel

    if not reuse or BusinessEntry.objects.count() < args.records:
        if reuse:
            print("the scratch database has fewer entries: filling it again", flush=True)
            from django.db import connections

            connections.close_all()
            _recreate_database(server, args.database)
        print(f"filling {args.database}", flush=True)
        _fill(records=args.records, parcels=parcels)
    records, parcels = BusinessEntry.objects.count(), Parcel.objects.count()
    cases = _cases()
    _measure(cases, repeat=args.repeat)
    if not _report(cases, records=records, parcels=parcels, repeat=args.repeat):
        print("the two filters found different numbers of rows")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
