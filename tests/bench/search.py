#!/usr/bin/env python
"""Public records at scale: import + indexing, and the search API (``make bench-search``).

One run, production settings, on 127.0.0.1 only: PostgreSQL and OpenSearch through the dev
services (started only if they are not running), a fresh database ``eurzad_bench_search``,
indexes under their own prefix ``eurzad_bench_search``, a private Redis; then

    (1) ``generate_public_records`` writes N records (half register entries, half parcels) to
        CSV files in a temporary directory;
    (2) A, the portal's own path, timed end to end: ``import_businesses`` and
        ``import_property`` of those files (each reads and checks its file, then upserts it in
        one transaction and queues one re-index of its record type), with the task worker
        (``db_worker``) running alongside as in production, until both queued re-indexes (the
        fallback table and the engine index) have finished. A = N / those seconds, the
        commands' start-ups included;
    (3) B, raw ``opensearchpy.helpers.bulk`` (defaults: 500 per request) of the very same
        documents (the bodies the portal built, read back from the portal's index) into a fresh
        index with the portal's settings and mapping, then a refresh. B = N / those seconds.
        Printed: A / B against the target 0.7;
    (4) Gunicorn and wrk against ``/health/live`` (the bare view) and ``/api/szukaj/?q=…``
        rotating over 20 realistic Polish queries (a wrk Lua script): req/s, p50/p95, the
        ratio against the target 0.5. As deployed, answers are kept 60 s in the shared cache
        (``search.results_cache``), so after the warm-up this is the popular-query case; then
        Gunicorn again with that cache off (``tests/bench/settings_search_nocache.py``): wrk
        once more (for information) and, serially and interleaved, for the same queries: the
        raw engine round trip (opensearch-py ``client.search`` with the exact body the portal
        sends) against the API over HTTP, p50 and p95 of each, the ratio of the p50s against
        the target 2;
    (5) the index: documents, store size (``_stats``), and the search p95 of (4).

For the 1M report: ``--records 1000000`` (``--skip-wrk`` leaves out the wrk part of (4)).
Exit code 0 whatever the numbers (a measurement), 1 when the setup fails, 130 when interrupted.

    .venv/bin/python -m tests.bench.search [--records 100000] [--duration 10]
        [--connections 8] [--threads 2] [--workers N] [--rounds 20] [--skip-wrk] [--json FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from tests.bench import run

BENCH_DB = "eurzad_bench_search"
INDEX_PREFIX = "eurzad_bench_search"
IMPORT_TARGET = 0.7  # A / B: the portal's import + indexing against raw bulk indexing
API_RPS_TARGET = 0.5  # the search API's req/s against the bare view's
API_LATENCY_TARGET = 2.0  # the API's p50 against the raw engine round trip's, at most
HTTPS = {"X-Forwarded-Proto": "https"}
NOCACHE_SETTINGS = "tests.bench.settings_search_nocache"

#: What residents type: trades, places, uses of land, a typo, an identifier-like query.
QUERIES = (
    "piekarnia",
    "usługi remontowe",
    "salon fryzjerski Zator",
    "sklep spożywczy",
    "transport ciężarowy",
    "działka Graboszyce",
    "grunty orne",
    "tereny mieszkaniowe Zator",
    "restauracja",
    "elektryk",
    "dekarstwo Podolsze",
    "łąki trwałe Smolice",
    "firma budowlana",
    "cukiernia",
    "piekrania",
    "auto serwis",
    "dzierżawa",
    "catering Laskowa",
    "43.21.Z",
    "lasy Rudze",
)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def _api_path(query: str) -> str:
    return f"/api/szukaj/?q={quote(query)}"


def rotation_lua(paths: list[str]) -> str:
    """A wrk script sending ``paths`` in turn (each thread from its own place), and the report."""
    listed = ",\n  ".join(json.dumps(path) for path in paths)
    return (
        f"local paths = {{\n  {listed}\n}}\n"
        "local counter = 0\n"
        "setup = function(thread)\n"
        "  counter = counter + 1\n"
        '  thread:set("offset", counter * 7)\n'
        "end\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i + 1\n"
        "  return wrk.format(nil, paths[((i + (offset or 0)) % #paths) + 1])\n"
        "end\n" + run.WRK_REPORT_LUA
    )


class CountWatcher:
    """Prints how many documents the engine holds under a pattern while a step runs."""

    def __init__(self, client, pattern: str, *, total: int, label: str) -> None:
        self.client, self.pattern, self.total, self.label = client, pattern, total, label
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        started = time.monotonic()
        while not self.stop.wait(5):
            try:
                count = self.client.count(index=self.pattern)["count"]
            except Exception as error:
                count = f"? ({type(error).__name__})"
            run.say(
                f"{self.label}: {count} of {self.total} documents in the engine "
                f"after {time.monotonic() - started:.0f} s"
            )

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(timeout=10)


def timed(command: list[str], *, what: str, env: dict[str, str]) -> float:
    """Run a command to completion, its output shown as it comes; the seconds it took."""
    started = time.perf_counter()
    run.run_command(command, what=what, env=env, stream=True)
    return time.perf_counter() - started


def queued_reindexes() -> dict[str, int]:
    """Re-index tasks in the task queue, by status."""
    from django.db import connection
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    rows = (
        DBTaskResult.objects.filter(task_path__endswith="reindex_source_task")
        .values("status")
        .annotate(count=Count("id"))
    )
    counts = {row["status"]: row["count"] for row in rows}
    connection.close()  # a fresh connection each poll: nothing held open across the run
    return counts


def portal_path(args, *, env: dict[str, str], files: Path, client, alias: str, tmp: Path):
    """(2) A: the import commands with the task worker running, as in production: seconds
    by step, in all, and the CPU used (:class:`CpuAccount`).

    The worker (``db_worker``) runs from before the first import until both queued re-indexes
    have finished, so the register entries are indexed while the parcels are imported, as they
    would be on a server whose worker is always running.
    """
    manage = [sys.executable, str(run.ROOT / "manage.py")]
    log = tmp / "db_worker.log"
    steps = {}
    with log.open("wb") as output:
        worker = subprocess.Popen(
            [*manage, "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2"],
            cwd=run.ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_ready(worker, log)
        account = CpuAccount(client, started_before=run.cpu_seconds(worker.pid, with_children=True))
        started = time.perf_counter()
        steps["import_businesses"] = timed(
            [*manage, "import_businesses", str(files / "dzialalnosc-gospodarcza.csv")],
            what="import_businesses",
            env=env,
        )
        steps["import_property"] = timed(
            [*manage, "import_property", str(files / "mienie-komunalne.csv")],
            what="import_property",
            env=env,
        )
        imported = time.perf_counter()
        with CountWatcher(client, f"{alias}_*", total=args.records, label="re-indexing"):
            while (counts := queued_reindexes()).get("SUCCESSFUL", 0) < 2:
                if counts.get("FAILED") or worker.poll() is not None:
                    raise run.SetupError(
                        f"The queued re-index failed ({counts}).", details=run.tail(log)
                    )
                time.sleep(0.2)
        finished = time.perf_counter()
    finally:
        run.stop_process(worker, what="db_worker", timeout=30)
    steps["re-indexing after the last import"] = finished - imported
    return steps, finished - started, account.stop()


def _wait_until_ready(worker: subprocess.Popen, log: Path, *, timeout: float = 120) -> None:
    """Until the worker has started and logged so (it runs before the clock starts, as on a
    server whose worker is always up: its start-up is not part of an import)."""
    deadline = time.monotonic() + timeout
    while "Starting worker" not in log.read_text(errors="replace"):
        if worker.poll() is not None or time.monotonic() > deadline:
            raise run.SetupError("The task worker did not start.", details=run.tail(log))
        time.sleep(0.1)


def documents_as_indexed(client, index: str) -> list[dict]:
    """Every document body in ``index``, exactly as the portal wrote it (a scroll)."""
    from opensearchpy.helpers import scan

    bodies = []
    for hit in scan(client, index=index, query={"query": {"match_all": {}}}, size=2000):
        bodies.append(hit["_source"])
        if len(bodies) % 100_000 == 0:
            run.say(f"read {len(bodies)} documents back from the portal's index")
    return bodies


def raw_bulk(client, bodies: list[dict], *, index_body: dict, name: str) -> float:
    """(3) helpers.bulk of ``bodies`` into a fresh index ``name``, then a refresh: seconds."""
    from opensearchpy.helpers import bulk

    client.indices.delete(index=name, ignore_unavailable=True)
    client.indices.create(index=name, body=index_body)
    total = len(bodies)

    def actions():
        for number, body in enumerate(bodies, start=1):
            if number % 50_000 == 0:
                run.say(f"raw bulk: {number} of {total} documents sent")
            yield {"_index": name, "_id": body["key"], "_source": body}

    started = time.perf_counter()
    done, errors = bulk(client, actions())
    client.indices.refresh(index=name)
    seconds = time.perf_counter() - started
    if done != total or errors:
        raise run.SetupError(f"raw bulk indexed {done} of {total} documents ({errors}).")
    return seconds


def serial_latencies(port: int, *, client, alias: str, rounds: int) -> dict[str, list[float]]:
    """Each query through the raw client and through the API, interleaved: seconds each."""
    import requests

    from search.backends.engine import EngineBackend
    from search.results import SearchFilters

    backend = EngineBackend(alias=alias)
    session = requests.Session()
    session.headers.update(HTTPS)
    base = f"http://{run.HOST}:{port}"
    raw, api = [], []
    for number in range(rounds):
        for query in QUERIES:
            body = backend.search_body(
                query=query, filters=SearchFilters(), sort="relevance", page=1, per_page=20
            )
            started = time.perf_counter()
            client.search(index=alias, body=body)
            raw.append(time.perf_counter() - started)
            started = time.perf_counter()
            response = session.get(base + _api_path(query), timeout=30)
            api.append(time.perf_counter() - started)
            if response.status_code != 200 or response.json().get("backend") != "engine":
                raise run.SetupError(
                    f"GET {_api_path(query)} answered {response.status_code} "
                    f"({response.text[:200]}), not 200 from the engine."
                )
        run.say(f"serial queries: round {number + 1}/{rounds}")
    return {"raw": raw, "api": api}


def measure_wrk(port: int, *, args, tmp: Path, targets: list[str]) -> dict[str, dict[str, float]]:
    """(4) wrk against the bare view and/or the API (rotating queries): rps, p50, p95."""
    bare_script = tmp / "report.lua"
    bare_script.write_text(run.WRK_REPORT_LUA)
    api_script = tmp / "rotate.lua"
    api_script.write_text(rotation_lua([_api_path(query) for query in QUERIES]))
    plan = {
        "bare": (run.Target("bare", "/health/live", "bare view", HTTPS, None, None), bare_script),
        "api": (
            run.Target("api", _api_path(QUERIES[0]), "search API", HTTPS, None, None),
            api_script,
        ),
    }
    results = {}
    for key in targets:
        target, script = plan[key]
        status, headers, _body = run.http_get(port, target.path, target.headers)
        if status != 200:
            raise run.SetupError(f"GET {target.path} answered {status}, not 200.")
        if headers.get("x-page-cache"):
            run.say(f"WARNING: {target.path} came with X-Page-Cache: {headers['x-page-cache']}")
        run.say(f"{target.label}: warming up ({args.warmup:g} s)…")
        run.wrk(port, target, args=args, script=script, duration=args.warmup)
        run.say(f"{target.label}: wrk -t{args.threads} -c{args.connections} -d{args.duration:g}s")
        values = run.wrk(port, target, args=args, script=script, duration=args.duration)
        seconds = values["duration_us"] / 1e6
        errors = int(sum(values[name] for name in run.ERROR_KINDS))
        results[key] = {
            "requests_per_second": values["requests"] / seconds,
            "p50_ms": values["p50_us"] / 1000,
            "p95_ms": values["p95_us"] / 1000,
            "errors": errors,
        }
        run.say(
            f"{target.label}: {results[key]['requests_per_second']:.1f} req/s, "
            f"p50 {results[key]['p50_ms']:.2f} ms, "
            f"p95 {results[key]['p95_ms']:.2f} ms" + (f", {errors} errors" if errors else "")
        )
    return results


class CpuAccount:
    """Who used the machine's CPU during one step: the whole machine (``/proc/stat``), the
    engine (its own ``_nodes/stats``), the processes this script started and waited for
    (``RUSAGE_CHILDREN``: the import commands, the worker) and this process.

    On two shared cores the seconds say more than wall time alone: they show how much work
    each side of a comparison needs, and how busy the machine was doing it.
    """

    def __init__(self, client, *, started_before: float = 0.0) -> None:
        """``started_before``: CPU seconds a started process had used before this account
        opened (it is counted in RUSAGE_CHILDREN, all of it, only once reaped)."""
        self.client = client
        self.start = self._now()
        self.start["started"] += started_before

    def _now(self) -> dict[str, float]:
        first = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in first)
        nodes = self.client.nodes.stats(metric="process")["nodes"].values()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return {
            "machine": (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK"),
            "engine": sum(node["process"]["cpu"]["total_in_millis"] for node in nodes) / 1000,
            "started": children.ru_utime + children.ru_stime,
            "this": time.process_time(),
            "wall": time.perf_counter(),
        }

    def stop(self) -> dict[str, float]:
        """CPU seconds since the start, by party; ``rest`` is mostly PostgreSQL."""
        end = self._now()
        used = {name: end[name] - self.start[name] for name in end}
        used["rest"] = max(0.0, used["machine"] - used["engine"] - used["started"] - used["this"])
        return used


def cpu_row(label: str, used: dict[str, float], cores: int) -> tuple[str, str, str, str]:
    """One report row: core-seconds by party and how busy the machine was."""
    busy = used["machine"] / (used["wall"] * cores) * 100
    return (
        label,
        "CPU core-seconds (machine busy)",
        f"{used['machine']:.1f} ({busy:.0f}%): engine {used['engine']:.1f}, portal Python "
        f"{used['started']:.1f}, this script {used['this']:.1f}, PostgreSQL and rest "
        f"{used['rest']:.1f}",
        "",
    )


def verdict(value: float, target: float, *, at_most: bool = False) -> str:
    """PASS or BELOW/ABOVE against a target."""
    if at_most:
        return f"PASS (≤ {target:g})" if value <= target else f"ABOVE (> {target:g})"
    return f"PASS (≥ {target:g})" if value >= target else f"BELOW (< {target:g})"


def print_report(report: dict) -> None:
    """The table of everything measured."""
    n = report["records"]
    rows = [("", "measure", "value", "target")]
    steps = report["portal_steps_s"]
    a_seconds = report["portal_s"]
    for name, seconds in steps.items():
        rows.append(("A", f"  {name}", f"{seconds:.1f} s", ""))
    rows.append(("A", "portal: import + indexing, end to end", f"{a_seconds:.1f} s", ""))
    rows.append(("A", "portal: import + indexing", f"{n / a_seconds:.0f} rec/s", ""))
    if "portal_cpu" in report:
        rows.append(cpu_row("A", report["portal_cpu"], report["usable_cores"]))
    rows.append(("B", "raw helpers.bulk + refresh", f"{report['raw_bulk_s']:.1f} s", ""))
    rows.append(("B", "raw bulk indexing", f"{n / report['raw_bulk_s']:.0f} rec/s", ""))
    if "raw_bulk_cpu" in report:
        rows.append(cpu_row("B", report["raw_bulk_cpu"], report["usable_cores"]))
    ratio = report["raw_bulk_s"] / a_seconds
    rows.append(("A/B", "throughput ratio", f"{ratio:.3f}", verdict(ratio, IMPORT_TARGET)))
    wrk = report.get("wrk")
    if wrk:
        for key, label in (
            ("bare", "/health/live (bare view)"),
            ("api", "/api/szukaj/?q=… (as deployed)"),
            ("api_uncached", "/api/szukaj/?q=… (cache off)"),
        ):
            r = wrk[key]
            rows.append(
                (
                    key,
                    label,
                    f"{r['requests_per_second']:.1f} req/s, p50 {r['p50_ms']:.1f} ms, "
                    f"p95 {r['p95_ms']:.1f} ms",
                    "",
                )
            )
        rps_ratio = wrk["api"]["requests_per_second"] / wrk["bare"]["requests_per_second"]
        rows.append(
            ("", "API req/s / bare req/s", f"{rps_ratio:.3f}", verdict(rps_ratio, API_RPS_TARGET))
        )
        uncached_ratio = (
            wrk["api_uncached"]["requests_per_second"] / wrk["bare"]["requests_per_second"]
        )
        rows.append(("", "  the same, cache off", f"{uncached_ratio:.3f}", "(for information)"))
    serial = report["serial_ms"]
    for key, label in (("raw", "raw engine round trip"), ("api", "API over HTTP, cache off")):
        rows.append(
            (
                "serial",
                label,
                f"p50 {serial[key]['p50']:.1f} ms, p95 {serial[key]['p95']:.1f} ms",
                "",
            )
        )
    latency_ratio = serial["api"]["p50"] / serial["raw"]["p50"]
    rows.append(
        (
            "",
            "API p50 / raw p50",
            f"{latency_ratio:.2f}",
            verdict(latency_ratio, API_LATENCY_TARGET, at_most=True),
        )
    )
    index = report["index"]
    rows.append(("index", "documents", f"{index['documents']}", ""))
    rows.append(("index", "store size (primaries)", f"{index['store_bytes'] / 2**20:.1f} MiB", ""))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    print()
    print(
        f"Public records: {n} records ({report['businesses']} entries, {report['parcels']} "
        f"parcels), {report['usable_cores']} usable cores, load average at the start "
        f"{report['load_average_start']:.2f}, at the end {report['load_average_end']:.2f}"
    )
    for number, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if number == 0:
            print("  ".join("-" * width for width in widths))
    print()
    print(
        "A includes: two import commands (Python start-up, reading and checking each file, "
        "parsing it a second time only above 200 000 rows, upserts in one transaction, COPY "
        "of new rows on PostgreSQL, queueing a re-index), and the task "
        "worker's two re-indexes (documents built from the database, the fallback table "
        "SearchEntry rewritten, the engine bulk, a refresh), the worker started before the clock "
        "and running alongside the imports as in production. B is the engine bulk alone, of the "
        "same documents. CPU: core-seconds used meanwhile by the engine, the portal's processes "
        "(imports, worker), this script, and the rest of the machine (mostly PostgreSQL)."
    )
    if wrk:
        print(
            "API as deployed: answers kept 60 s in Redis until the indexes change; wrk rotates "
            "over 20 queries, so nearly every request is a cache hit (the popular-query case). "
            "'cache off': the engine answers every request."
        )
    print(flush=True)


def parse_args(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000, help="records (100000)")
    parser.add_argument("--duration", type=float, default=10, help="seconds per wrk run (10)")
    parser.add_argument("--warmup", type=float, default=3, help="wrk warm-up seconds (3)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--workers", type=int, default=2 * run.usable_cores())
    parser.add_argument("--rounds", type=int, default=20, help="serial rounds of the queries")
    parser.add_argument("--skip-wrk", action="store_true", help="no wrk runs (the 1M report)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results as JSON")
    args = parser.parse_args(argv)
    if args.records < 2 or min(args.workers, args.connections, args.threads, args.rounds) < 1:
        parser.error("--records must be at least 2; the others positive")
    args.max_requests, args.gunicorn_arg = 0, []
    return args


def start_opensearch(record: Path) -> str:
    """Start the dev OpenSearch unless it runs; its URL."""
    run.run_command(
        [sys.executable, "-m", "eurzad.devservices", "start", "opensearch",
         "--record", str(record)],
        what="OpenSearch start",
        stream=True,
    )  # fmt: skip
    output = run.run_command([sys.executable, "-m", "eurzad.devservices", "env"], what="address")
    match = re.search(r"SEARCH_URL=(\S+)", output)
    if not match:
        raise run.SetupError("`python -m eurzad.devservices env` printed no SEARCH_URL.")
    return match.group(1)


def main(argv=None) -> int:
    args = parse_args(argv)
    if not args.skip_wrk and shutil.which("wrk") is None:
        print("error: wrk is not installed (Debian: apt-get install -y wrk)", file=sys.stderr)
        return 1

    def terminated(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminated)
    run.BENCH_DB = BENCH_DB
    tmp = Path(tempfile.mkdtemp(prefix="eurzad-bench-search-"))
    services = run.Services(tmp=tmp, postgres_record=tmp / "started-services")
    opensearch_record = tmp / "started-opensearch"
    businesses = args.records // 2
    parcels = args.records - businesses
    report: dict = {
        "records": args.records,
        "businesses": businesses,
        "parcels": parcels,
        "usable_cores": run.usable_cores(),
        "load_average_start": os.getloadavg()[0],
    }
    client = None
    try:
        database_url = run.start_postgres(services)
        search_url = start_opensearch(opensearch_record)
        redis_port = run.start_redis(services)
        env = run.production_environment(
            settings="eurzad.settings.production",
            database_url=database_url,
            redis_port=redis_port,
            tmp=tmp,
            workers=args.workers,
        )
        env.update(SEARCH_URL=search_url, SEARCH_INDEX_PREFIX=INDEX_PREFIX)
        manage = [sys.executable, str(run.ROOT / "manage.py")]
        run.run_command([*manage, "migrate", "--no-input"], what="migrate", env=env)
        run.run_command(
            [*manage, "load_budget_classification"], what="PKD and budget codes", env=env
        )
        # This process reads the portal's settings too: the index body and the search body.
        os.environ.update(env)
        import django

        django.setup()
        from opensearchpy import OpenSearch

        from search.backends.engine import index_body, records_alias

        client = OpenSearch(hosts=[search_url], timeout=120, max_retries=0)
        alias = records_alias()
        client.indices.delete(index=f"{INDEX_PREFIX}_*", ignore_unavailable=True)

        files = tmp / "files"
        run.say(f"(1) generate_public_records: {businesses} entries, {parcels} parcels…")
        run.run_command(
            [*manage, "generate_public_records", "--businesses", str(businesses),
             "--parcels", str(parcels), "--out", str(files)],
            what="generate_public_records",
            env=env,
            stream=True,
        )  # fmt: skip

        run.say("(2) A: the portal's import commands and the queued re-indexes…")
        report["portal_steps_s"], report["portal_s"], report["portal_cpu"] = portal_path(
            args, env=env, files=files, client=client, alias=alias, tmp=tmp
        )
        client.indices.refresh(index=alias)
        indexed = client.count(index=alias)["count"]
        if indexed != args.records:
            raise run.SetupError(f"The portal's index holds {indexed} of {args.records} records.")

        run.say("(3) B: the same documents, raw helpers.bulk into a fresh index…")
        bodies = documents_as_indexed(client, alias)
        raw_index = f"{INDEX_PREFIX}_raw_bulk"
        account = CpuAccount(client)
        report["raw_bulk_s"] = raw_bulk(client, bodies, index_body=index_body(), name=raw_index)
        report["raw_bulk_cpu"] = account.stop()
        del bodies
        client.indices.delete(index=raw_index)

        stats = client.indices.stats(index=alias, metric="store,docs")["_all"]["primaries"]
        report["index"] = {
            "documents": stats["docs"]["count"],
            "store_bytes": stats["store"]["size_in_bytes"],
        }

        run.say("(4) Gunicorn (production settings: answers cached), the search API…")
        port = run.free_port()
        if not args.skip_wrk:
            run.start_gunicorn(services, env, args, port=port)
            report["wrk"] = measure_wrk(port, args=args, tmp=tmp, targets=["bare", "api"])
            run.stop_process(services.gunicorn, what="Gunicorn", timeout=45)
        run.say("(4) Gunicorn with the answers' cache off (tests/bench/settings_search_nocache)…")
        env["DJANGO_SETTINGS_MODULE"] = NOCACHE_SETTINGS
        run.start_gunicorn(services, env, args, port=port)
        for query in QUERIES:  # warm every query up once: the first use of a term is slower
            run.http_get(port, _api_path(query), HTTPS)
        if not args.skip_wrk:
            uncached = measure_wrk(port, args=args, tmp=tmp, targets=["api"])
            report["wrk"]["api_uncached"] = uncached["api"]
        serial = serial_latencies(port, client=client, alias=alias, rounds=args.rounds)
        report["serial_ms"] = {
            key: {
                "p50": statistics.median(values) * 1000,
                "p95": _percentile(values, 0.95) * 1000,
            }
            for key, values in serial.items()
        }
        report["load_average_end"] = os.getloadavg()[0]
        print_report(report)
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(report, indent=2) + "\n")
            run.say(f"results written to {args.json}")
        return 0
    except run.SetupError as error:
        run.report_setup_error(error, services=services)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if client is not None:
            # The engine may be shared (the dev service): a million documents left there would
            # slow everyone else's work down. The database stays, as in the other benchmarks.
            with contextlib.suppress(Exception):
                client.indices.delete(index=f"{INDEX_PREFIX}_*", ignore_unavailable=True)
                run.say(f"deleted the indexes {INDEX_PREFIX}_*")
            client.close()
        run.stop_everything(services)
        if opensearch_record.exists():
            subprocess.run(
                [sys.executable, "-m", "eurzad.devservices", "stop", "--from",
                 str(opensearch_record)],
                cwd=run.ROOT,
                check=False,
            )  # fmt: skip
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
