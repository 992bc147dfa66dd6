#!/usr/bin/env python
"""Throughput of published pages against Django's bare view, production-like (``make bench``).

One run: PostgreSQL (the dev cluster, started only if it is not running), a fresh database
``eurzad_bench`` with the demo content, a private Redis, Gunicorn with the production settings and
``site/deploy/gunicorn.conf.py`` (worker recycling off unless ``--max-requests`` says otherwise:
at benchmark rates the deploy value restarts every worker every few seconds); then wrk, with the
same parameters, against

    (a) /health/live   the bare Django view (no database, no template): the baseline
    (b) /              the home page, from the page cache
    (c) /ezator/       a project page, from the page cache
    (d) /ezator/       with a session cookie, which bypasses the page cache (for information)

and a table of requests per second, p50/p95 latency and the ratios to (a). The target: a published
CMS page served from the cache reaches at least half the throughput of the bare view. The exit
code is 0 whatever the numbers (this is a measurement), 1 when the setup fails, 130 when
interrupted. Everything started here is stopped at the end; the ``eurzad_bench`` database stays
(the next run drops and recreates it).

    .venv/bin/python tests/bench/run.py [--duration 10] [--connections 16] [--workers N]
        [--threads 2] [--warmup 3] [--repeat 1] [--max-requests 0] [--gunicorn-arg ARG]
        [--json FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from eurzad.settings.local_idp import local_idp_environment

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
GUNICORN_CONF = ROOT / "site" / "deploy" / "gunicorn.conf.py"
HOST = "127.0.0.1"
BENCH_DB = "eurzad_bench"
# Issue 3 asked for a published page at >= 0.5 of the bare view; issue 4 raises cached anonymous
# pages to >= 0.8 and asks for the uncached heavy content page at >= 0.25.
CACHED_TARGET = 0.8
UNCACHED_HEAVY_TARGET = 0.25
HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS proxy adds; without it every page redirects
SESSION_COOKIE = {"Cookie": "sessionid=x"}  # any session cookie makes the page cache step aside
ERROR_KINDS = ("connect", "read", "write", "status", "timeout")

# wrk calls done() once, after the run: the numbers its --latency table lacks (p95), in one line.
WRK_REPORT_LUA = """\
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d p50_us=%.1f p95_us=%.1f p99_us=%.1f "
    .. "max_us=%.1f connect=%d read=%d write=%d status=%d timeout=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


class SetupError(Exception):
    """The benchmark could not be set up; the message says what failed (details: a log's tail)."""

    def __init__(self, message: str, *, details: str = "") -> None:
        super().__init__(message)
        self.details = details


@dataclass(frozen=True)
class Target:
    """One URL to measure."""

    key: str
    path: str
    label: str
    headers: dict[str, str]
    expect_cache: str | None  # "hit", "bypass" (no X-Page-Cache header) or None (not a page)
    target: float | None  # the ratio to (a) it must reach (PASS/BELOW); None: for information


HEAVY = "/bench-tresc/"  # created by tests/bench/content.py
TARGETS = (
    Target("a", "/health/live", "bare Django view", HTTPS, None, target=None),
    Target("b", "/", "home page, page cache", HTTPS, "hit", target=CACHED_TARGET),
    Target("c", "/ezator/", "eZator page, page cache", HTTPS, "hit", target=CACHED_TARGET),
    Target(
        "d",
        "/ezator/",
        "eZator page, cache bypassed (session cookie)",
        {**HTTPS, **SESSION_COOKIE},
        "bypass",
        target=None,
    ),
    Target("e", HEAVY, "heavy content page, page cache", HTTPS, "hit", target=CACHED_TARGET),
    Target(
        "f",
        HEAVY,
        "heavy content page, uncached rendering",
        {**HTTPS, **SESSION_COOKIE},
        "bypass",
        target=UNCACHED_HEAVY_TARGET,
    ),
    Target(
        "g",
        "/aktualnosci/",
        "news index (200 articles), page cache",
        HTTPS,
        "hit",
        target=CACHED_TARGET,
    ),
    Target(
        "h",
        "/api/v2/pages/?type=cms_pages.NewsArticlePage&fields=date,intro&limit=20",
        "API listing of news (not page-cached)",
        HTTPS,
        None,
        target=None,
    ),
)


@dataclass
class Result:
    """What wrk measured for one target."""

    key: str
    path: str
    label: str
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    requests: int
    errors: dict[str, int]
    cache_header: str | None
    server_cpu_ms: float  # CPU time of Gunicorn (master, workers) and Redis per request
    worker_boots: int  # Gunicorn workers (re)started during the measured runs: should be 0
    rounds: list[dict[str, float]]  # every measured run; the fields above are their medians
    ratio: float | None = None
    verdict: str = ""


@dataclass
class Services:
    """What this run started, so that the end stops exactly that."""

    tmp: Path
    postgres_record: Path
    redis: subprocess.Popen[bytes] | None = None
    gunicorn: subprocess.Popen[bytes] | None = None
    started: list[str] = field(default_factory=list)


# --- small helpers -------------------------------------------------------------------------------


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def tail(path: Path, lines: int = 25) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def run_command(
    command: Sequence[str], *, what: str, env: dict[str, str] | None = None, stream: bool = False
) -> str:
    """Run to completion; return the output. ``stream`` shows the output as it comes."""
    started = time.monotonic()
    if stream:
        completed = subprocess.run(list(command), cwd=ROOT, env=env, check=False)
        output = ""
    else:
        completed = subprocess.run(
            list(command), cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        output = completed.stdout + completed.stderr
    if completed.returncode != 0:
        details = "\n".join(output.splitlines()[-25:])
        raise SetupError(f"{what} failed (exit code {completed.returncode}).", details=details)
    say(f"{what}: done in {time.monotonic() - started:.1f} s")
    return output


def wait_until(ready, *, timeout: float, what: str, process=None, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if process is not None and process.poll() is not None:
            raise SetupError(
                f"{what}: the process exited with code {process.returncode}.",
                details=tail(log) if log else "",
            )
        if time.monotonic() > deadline:
            raise SetupError(
                f"{what}: no answer after {timeout:.0f} s.", details=tail(log) if log else ""
            )
        time.sleep(0.2)


def stop_process(process: subprocess.Popen[bytes] | None, *, what: str, timeout: float) -> None:
    """SIGTERM the process we started, wait, then SIGKILL its own process group."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        say(f"{what} still runs after {timeout:.0f} s: killing its process group {process.pid}")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # its own session, started with it
        process.wait(timeout=10)
    say(f"{what} stopped")


def http_get(port: int, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """One GET without following redirects (a 301 to https must show as a failure)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


# --- the services --------------------------------------------------------------------------------


def start_postgres(services: Services) -> str:
    """Start the dev cluster unless it runs; return the URL of the benchmark's fresh database."""
    say("PostgreSQL: python -m eurzad.devservices start postgres")
    run_command(
        [
            sys.executable,
            "-m",
            "eurzad.devservices",
            "start",
            "postgres",
            "--record",
            str(services.postgres_record),
        ],
        what="PostgreSQL start",
        stream=True,
    )
    record = services.postgres_record
    if record.exists() and "postgres" in record.read_text().split():
        services.started.append("postgres")
        say("PostgreSQL: started by this run, will be stopped at the end")
    else:
        say("PostgreSQL: already running, will be left running")
    output = run_command(
        [sys.executable, "-m", "eurzad.devservices", "env"], what="PostgreSQL address"
    )
    match = re.search(r"DATABASE_URL=(\S+)", output)
    if not match:
        raise SetupError(
            "`python -m eurzad.devservices env` printed no DATABASE_URL.", details=output
        )
    maintenance_url = match.group(1)
    parts = urlsplit(maintenance_url)
    bench_url = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
    recreate_database(maintenance_url)
    return bench_url


def recreate_database(maintenance_url: str) -> None:
    import psycopg
    from psycopg import sql

    say(f"PostgreSQL: DROP DATABASE IF EXISTS {BENCH_DB}; CREATE DATABASE {BENCH_DB}")
    try:
        with psycopg.connect(maintenance_url, autocommit=True, connect_timeout=10) as connection:
            name = sql.Identifier(BENCH_DB)
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
    except psycopg.Error as error:
        raise SetupError(f"Could not recreate the database {BENCH_DB}: {error}") from error


def start_redis(services: Services) -> int:
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        raise SetupError(
            "redis-server is not installed (Debian: apt-get install -y redis-server); "
            "production settings need a cache shared by the workers."
        )
    port = free_port()
    log = services.tmp / "redis.log"
    command = [
        redis_server,
        "--bind", HOST,
        "--port", str(port),
        "--save", "",
        "--appendonly", "no",
        "--dir", str(services.tmp),
        "--logfile", str(log),
        "--daemonize", "no",
    ]  # fmt: skip
    say(f"Redis: starting on {HOST}:{port} (no persistence)")
    services.redis = subprocess.Popen(
        command, cwd=services.tmp, stdin=subprocess.DEVNULL, start_new_session=True
    )

    def answers() -> bool:
        try:
            with socket.create_connection((HOST, port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    wait_until(answers, timeout=20, what="Redis", process=services.redis, log=log)
    services.started.append("redis")
    say("Redis: answers PING")
    return port


def start_gunicorn(services: Services, env: dict[str, str], args, port: int | None = None) -> int:
    port = port or free_port()
    log = services.tmp / "gunicorn.log"
    workers = args.workers
    recycling = ["--max-requests", str(args.max_requests)] if args.max_requests is not None else []
    command = [
        str(BIN / "gunicorn") if (BIN / "gunicorn").exists() else sys.executable,
        *([] if (BIN / "gunicorn").exists() else ["-m", "gunicorn"]),
        "--config", str(GUNICORN_CONF),
        "--bind", f"{HOST}:{port}",
        "--workers", str(workers),
        "--control-socket", str(services.tmp / "gunicorn.ctl"),
        *recycling,
        *args.gunicorn_arg,
    ]  # fmt: skip
    config = GUNICORN_CONF.relative_to(ROOT)
    say(f"Gunicorn: {workers} sync workers on {HOST}:{port} (config {config})")
    if args.max_requests == 0:
        say("Gunicorn: worker recycling off (--max-requests 0)")
    if args.gunicorn_arg:
        say(f"Gunicorn: extra arguments {' '.join(args.gunicorn_arg)}")
    with log.open("wb") as output:
        services.gunicorn = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def live() -> bool:
        try:
            status, _, body = http_get(port, "/health/live", {})
        except OSError:
            return False
        return status == 200 and body == b"ok"

    wait_until(live, timeout=90, what="Gunicorn /health/live", process=services.gunicorn, log=log)
    services.started.append("gunicorn")
    say("Gunicorn: /health/live answers ok")
    return port


def stop_everything(services: Services) -> None:
    say("cleaning up")
    with contextlib.suppress(Exception):
        stop_process(services.gunicorn, what="Gunicorn", timeout=45)
    with contextlib.suppress(Exception):
        stop_process(services.redis, what="Redis", timeout=15)
    record = services.postgres_record
    if record.exists() and "postgres" in record.read_text().split():  # started by this run
        say("PostgreSQL: python -m eurzad.devservices stop --from <record>")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "eurzad.devservices",
                "stop",
                "--from",
                str(services.postgres_record),
            ],
            cwd=ROOT,
            check=False,
        )


# --- the portal ----------------------------------------------------------------------------------


def report_setup_error(error: SetupError, *, services: Services) -> None:
    """Print a setup error, its details and the end of Gunicorn's log when it had started."""
    print(f"error: {error}", file=sys.stderr)
    if error.details:
        print(error.details, file=sys.stderr)
    log = services.tmp / "gunicorn.log"
    if services.gunicorn is not None and log.exists():
        print(f"--- end of the Gunicorn log ---\n{tail(log)}", file=sys.stderr)


def production_environment(
    *, settings: str, database_url: str, redis_port: int, tmp: Path, workers: int
) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"SEARCH_URL", "SEARCH_ENGINE", "DJANGO_DEBUG", "PYTHONDEVMODE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        PERSONAL_DATA_KEY=secrets.token_urlsafe(48),
        **local_idp_environment(),
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_BEHIND_TLS_PROXY="true",
        DATABASE_URL=database_url,
        CACHE_URL=f"redis://{HOST}:{redis_port}/0",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        WEB_CONCURRENCY=str(workers),
        GUNICORN_CONTROL_SOCKET=str(tmp / "gunicorn.ctl"),
        PYTHONUNBUFFERED="1",
    )
    env.setdefault("PAGE_CACHE_SECONDS", "300")
    return env


def prepare_site(env: dict[str, str]) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    say(f"migrate into {BENCH_DB} (production settings)…")
    run_command([*manage, "migrate", "--no-input"], what="migrate", env=env)
    say("load_demo_content…")
    run_command([*manage, "load_demo_content"], what="load_demo_content", env=env)
    say("benchmark content (a heavy content page, 200 news articles)…")
    run_command([sys.executable, "-m", "tests.bench.content"], what="bench content", env=env)
    say("collectstatic into a temporary STATIC_ROOT…")
    run_command([*manage, "collectstatic", "--no-input"], what="collectstatic", env=env)


def check_target(port: int, target: Target) -> tuple[int, str | None]:
    """GET once; a status other than 200 is a setup error. Returns (size, X-Page-Cache)."""
    status, headers, body = http_get(port, target.path, target.headers)
    if status != 200:
        where = f" -> {headers['location']}" if "location" in headers else ""
        raise SetupError(f"({target.key}) GET {target.path} answered {status}{where}, not 200.")
    return len(body), headers.get("x-page-cache")


# --- wrk -----------------------------------------------------------------------------------------


def wrk(port: int, target: Target, *, args, script: Path, duration: float) -> dict[str, float]:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{duration:g}s",
        "--timeout", "10s",
        "--latency",
        "-s", str(script),
    ]  # fmt: skip
    for name, value in target.headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://{HOST}:{port}{target.path}")
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SetupError(f"wrk failed for {target.path}.", details=completed.stderr[-2000:])
    match = re.search(r"^BENCH_RESULT (.*)$", completed.stdout, re.MULTILINE)
    if not match:
        raise SetupError("wrk printed no BENCH_RESULT line.", details=completed.stdout[-2000:])
    values = {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", match.group(1))}
    per_second = re.search(r"^Requests/sec:\s+([\d.]+)", completed.stdout, re.MULTILINE)
    values["wrk_rps"] = float(per_second.group(1)) if per_second else float("nan")
    return values


def cpu_seconds(pid: int, *, with_children: bool) -> float:
    """CPU time (user + system) of a process we started, plus its live and reaped children.

    Unlike requests per second, this hardly depends on what else the machine runs, so its ratio
    is the better estimate of the capacity ratio on a server of its own.
    """
    ticks = os.sysconf("SC_CLK_TCK")

    def fields(process: int) -> list[str]:
        try:
            return Path(f"/proc/{process}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            return []

    own = fields(pid)
    if not own:
        return 0.0
    # After the command: state is field 3; utime, stime, cutime, cstime are fields 14-17.
    total = sum(int(value) for value in own[11:13])
    if with_children:
        total += sum(int(value) for value in own[13:15])  # children that exited (recycled)
        for children in Path(f"/proc/{pid}/task").glob("*/children"):
            with contextlib.suppress(OSError, ValueError):
                for child in children.read_text().split():
                    total += sum(int(value) for value in fields(int(child))[11:13])
    return total / ticks


def server_cpu(services: Services) -> float:
    """CPU seconds used so far by Gunicorn (all its processes) and Redis."""
    total = 0.0
    if services.gunicorn is not None:
        total += cpu_seconds(services.gunicorn.pid, with_children=True)
    if services.redis is not None:
        total += cpu_seconds(services.redis.pid, with_children=False)
    return total


def worker_boots(log: Path) -> int:
    """How many times Gunicorn's log says it booted a worker."""
    try:
        return log.read_text(encoding="utf-8", errors="replace").count("Booting worker with pid")
    except OSError:
        return 0


def warm_up(port: int, *, args, script: Path) -> dict[str, str | None]:
    """Warm every worker up on each URL; check 200 and the page cache. Returns X-Page-Cache."""
    headers = {}
    for target in TARGETS:
        say(f"({target.key}) {target.path} [{target.label}]: warming up ({args.warmup:g} s)…")
        check_target(port, target)
        if args.warmup > 0:
            wrk(port, target, args=args, script=script, duration=args.warmup)
        size, cache_header = check_target(port, target)
        shown = cache_header or "(none)"
        say(f"({target.key}) {target.path}: 200, {size} bytes, X-Page-Cache: {shown}")
        if target.expect_cache == "hit" and cache_header != "hit":
            say(f"({target.key}) WARNING: expected X-Page-Cache: hit after the warm-up")
        if target.expect_cache == "bypass" and cache_header is not None:
            say(f"({target.key}) WARNING: the session cookie did not bypass the page cache")
        headers[target.key] = cache_header
    return headers


def measure(port: int, *, args, script: Path, services: Services) -> list[Result]:
    """The warm-up, then ``--repeat`` rounds of (a)-(d), the same wrk parameters for each."""
    cache_headers = warm_up(port, args=args, script=script)
    log = services.tmp / "gunicorn.log"
    rounds: dict[str, list[dict[str, float]]] = {target.key: [] for target in TARGETS}
    for number in range(1, args.repeat + 1):
        for target in TARGETS:
            round_label = f" round {number}/{args.repeat}" if args.repeat > 1 else ""
            say(
                f"({target.key}){round_label} wrk -t{args.threads} -c{args.connections} "
                f"-d{args.duration:g}s --latency {target.path}…"
            )
            boots = worker_boots(log)
            cpu_before = server_cpu(services)
            values = wrk(port, target, args=args, script=script, duration=args.duration)
            cpu_used = server_cpu(services) - cpu_before
            if services.gunicorn is not None and services.gunicorn.poll() is not None:
                raise SetupError(
                    f"Gunicorn exited (code {services.gunicorn.returncode}) during the "
                    "measurement.",
                    details=tail(log),
                )
            seconds = values.pop("duration_us") / 1e6
            measured = {
                "requests_per_second": values["requests"] / seconds if seconds else 0.0,
                "p50_ms": values["p50_us"] / 1000,
                "p95_ms": values["p95_us"] / 1000,
                "p99_ms": values["p99_us"] / 1000,
                "max_ms": values["max_us"] / 1000,
                "requests": values["requests"],
                "wrk_requests_per_second": values["wrk_rps"],
                "server_cpu_ms": 1000 * cpu_used / max(values["requests"], 1),
                "worker_boots": worker_boots(log) - boots,
                **{name: values[name] for name in ERROR_KINDS},
            }
            rounds[target.key].append(measured)
            failures = int(sum(measured[name] for name in ERROR_KINDS))
            restarts = int(measured["worker_boots"])
            say(
                f"({target.key}) {measured['requests_per_second']:.1f} req/s, "
                f"p50 {measured['p50_ms']:.2f} ms, p95 {measured['p95_ms']:.2f} ms, "
                f"server CPU {measured['server_cpu_ms']:.3f} ms/request"
                + (f", {failures} errors" if failures else "")
                + (f", {restarts} worker restarts" if restarts else "")
            )
    results = [
        summarize(target, rounds[target.key], cache_headers[target.key]) for target in TARGETS
    ]
    baseline = results[0].requests_per_second
    for target, result in zip(TARGETS, results, strict=True):
        result.ratio = result.requests_per_second / baseline if baseline else None
        if target.key == "a":
            result.verdict = "baseline"
        elif target.target is None:
            result.verdict = "info"
        elif result.ratio is not None and result.ratio >= target.target:
            result.verdict = f"PASS (≥ {target.target:g})"
        else:
            result.verdict = f"BELOW (< {target.target:g})"
    return results


def summarize(target: Target, runs: list[dict[str, float]], cache_header: str | None) -> Result:
    """The medians of the rounds (one round: its numbers)."""

    def median(name: str) -> float:
        return statistics.median(run[name] for run in runs)

    return Result(
        key=target.key,
        path=target.path,
        label=target.label,
        requests_per_second=median("requests_per_second"),
        p50_ms=median("p50_ms"),
        p95_ms=median("p95_ms"),
        p99_ms=median("p99_ms"),
        max_ms=max(run["max_ms"] for run in runs),
        requests=int(sum(run["requests"] for run in runs)),
        errors={name: int(sum(run[name] for run in runs)) for name in ERROR_KINDS},
        cache_header=cache_header,
        server_cpu_ms=median("server_cpu_ms"),
        worker_boots=int(sum(run["worker_boots"] for run in runs)),
        rounds=runs,
    )


def print_table(results: list[Result]) -> None:
    baseline_cpu = results[0].server_cpu_ms
    header = ("", "URL", "req/s", "p50 ms", "p95 ms", "/ (a)", "target")
    header += ("CPU ms/req", "CPU (a)/x")
    rows = [header]
    for r in results:
        errors = sum(r.errors.values())
        notes = [f"{errors} errors"] if errors else []
        notes += [f"{r.worker_boots} worker restarts"] if r.worker_boots else []
        mark = r.verdict + (f" ({', '.join(notes)})" if notes else "")
        if r.cache_header is not None:
            url = f"{r.path} [{r.cache_header}]"
        elif r.cache_header is None and r.key in ("d", "f"):
            url = f"{r.path} [bypass]"
        else:
            url = r.path
        cpu_ratio = baseline_cpu / r.server_cpu_ms if r.server_cpu_ms else None
        rows.append(
            (
                f"({r.key})",
                url,
                f"{r.requests_per_second:.1f}",
                f"{r.p50_ms:.2f}",
                f"{r.p95_ms:.2f}",
                f"{r.ratio:.3f}" if r.ratio is not None else "-",
                mark,
                f"{r.server_cpu_ms:.3f}",
                f"{cpu_ratio:.3f}" if cpu_ratio is not None else "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print()
    for number, row in enumerate(rows):
        cells = [
            cell.ljust(width) if i in (0, 1, 6) else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
        if number == 0:
            print("  ".join("-" * width for width in widths))
    print()
    for r in results[1:]:
        if r.ratio is None:
            print(f"({r.key})/(a) = -")
            continue
        print(f"({r.key})/(a) = {r.ratio:.3f}  {r.label}: {r.verdict}")
    print(
        "CPU ms/req: Gunicorn and Redis CPU time per request (wrk excluded); (a)/x of it is the "
        "capacity ratio on a machine of their own, less affected by other load than req/s."
    )
    print(flush=True)


# --- main ----------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    cores = usable_cores()
    parser = argparse.ArgumentParser(
        description="Benchmark published pages against the bare Django view (production-like).",
    )
    parser.add_argument("--duration", type=float, default=10, help="seconds per wrk run (10)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument(
        "--warmup", type=float, default=3, help="seconds of wrk warm-up per URL, not measured (3)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help=f"Gunicorn workers (WEB_CONCURRENCY, or 2 x usable cores = {2 * cores})",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="rounds of (a)-(d); the table shows the medians (1)",
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        default=0,
        metavar="N",
        help="Gunicorn max_requests (default 0: recycling off, see README; N measures it)",
    )
    parser.add_argument(
        "--gunicorn-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="extra Gunicorn argument, e.g. --gunicorn-arg=--preload (repeatable)",
    )
    parser.add_argument(
        "--settings",
        default="eurzad.settings.production",
        metavar="MODULE",
        help="Django settings module (default eurzad.settings.production); a module that "
        "imports it and changes one thing makes an A/B comparison",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results as JSON")
    args = parser.parse_args(argv)
    if args.workers is None:
        from_env = os.environ.get("WEB_CONCURRENCY", "").strip()
        if from_env.isdigit() and int(from_env) > 0:
            args.workers, args.workers_reason = int(from_env), "from WEB_CONCURRENCY"
        else:
            args.workers = 2 * cores
            args.workers_reason = (
                f"2 x {cores} usable cores; the deploy default 2n+1 = {2 * cores + 1} is meant "
                "for a host of its own, here wrk and Redis share the same cores and sync "
                "workers on the cache-hit path hardly wait for I/O"
            )
    else:
        args.workers_reason = "from --workers"
    if min(args.workers, args.connections, args.threads, args.repeat) < 1 or args.duration <= 0:
        parser.error("--workers, --connections, --threads, --repeat, --duration must be positive")
    if args.max_requests is not None and args.max_requests < 0:
        parser.error("--max-requests must not be negative")
    if args.connections < args.threads:
        parser.error("wrk needs at least as many --connections as --threads")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print("error: wrk is not installed (Debian: apt-get install -y wrk)", file=sys.stderr)
        return 1

    def terminated(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminated)
    tmp = Path(tempfile.mkdtemp(prefix="eurzad-bench-"))
    services = Services(tmp=tmp, postgres_record=tmp / "started-services")
    say(
        f"{usable_cores()} usable cores; Gunicorn workers: {args.workers} ({args.workers_reason}); "
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration:g}s; "
        f"settings {args.settings}; temp dir {tmp}"
    )
    try:
        database_url = start_postgres(services)
        redis_port = start_redis(services)
        env = production_environment(
            settings=args.settings,
            database_url=database_url,
            redis_port=redis_port,
            tmp=tmp,
            workers=args.workers,
        )
        prepare_site(env)
        port = start_gunicorn(services, env, args)
        script = tmp / "report.lua"
        script.write_text(WRK_REPORT_LUA)
        load_before = os.getloadavg()
        results = measure(port, args=args, script=script, services=services)
        load_after = os.getloadavg()
        print_table(results)
        say(
            f"load average before/after the measurement: {load_before[0]:.2f} / "
            f"{load_after[0]:.2f} on {usable_cores()} cores (anything else running on this "
            "machine lowers and scatters the numbers)"
        )
        if args.json:
            document = {
                "parameters": {
                    "duration_s": args.duration,
                    "connections": args.connections,
                    "threads": args.threads,
                    "warmup_s": args.warmup,
                    "settings": args.settings,
                    "workers": args.workers,
                    "repeat": args.repeat,
                    "max_requests": args.max_requests,
                    "gunicorn_args": args.gunicorn_arg,
                    "usable_cores": usable_cores(),
                    "page_cache_seconds": int(env["PAGE_CACHE_SECONDS"]),
                },
                "targets": {t.key: t.target for t in TARGETS},
                "load_average_before_after": [load_before[0], load_after[0]],
                "results": [asdict(result) for result in results],
            }
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(document, indent=2) + "\n")
            say(f"results written to {args.json}")
        return 0
    except SetupError as error:
        report_setup_error(error, services=services)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        stop_everything(services)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
