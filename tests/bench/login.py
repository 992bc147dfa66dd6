#!/usr/bin/env python
"""The trusted-profile login and the personal dashboard, measured (``make bench-login``).

One run: PostgreSQL (the dev cluster, a fresh database ``eurzad_bench_login``), a private Redis,
the dev SAML IdP (SimpleSAMLphp, started unless it runs), Gunicorn with production settings on
plain HTTP (``tests/bench/settings_plain_http.py``: there is no TLS terminator here); then

    (1) N full logins with the artifact binding and N with the POST binding, each in a fresh
        client: the portal's button -> signed AuthnRequest -> the IdP's password form -> the ACS
        (artifact: resolved over SOAP) -> the dashboard. Reported: p50/p95 of the whole login
        and of the ACS request alone.
    (2) wrk against /health/live (the bare Django view) and against /moj-e-urzad/ (the dashboard,
        with the portal's cookies a resident's browser holds after the login, the session's and
        the CSRF cookie; every view writes an audit row), in rounds whose order alternates
        (bare first, then dashboard first, ...) so that a drift of the machine's speed favours
        neither: the ratio of their requests per second in each round and the median (target
        >= 0.3), and the ratio of the server's CPU per request (Gunicorn, Redis and the
        PostgreSQL backends of the benchmark's database, whose work the dashboard needs too).
        For information, each round also measures the resident's session-state endpoint
        (/sesja/, the session-timeout script's passive poll): a logged-in request that loads the
        session and checks the account like the dashboard, but shows no personal data, so it
        writes no audit row and renders no page. It splits the dashboard's gap to the bare view
        into the part every resident's request pays and the part of the page itself.

Exit code 0 whatever the numbers, 1 when the setup fails. Everything started here is stopped.

    .venv/bin/python -m tests.bench.login [--logins 30] [--rounds 3] [--duration 8]
        [--connections 16]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import requests

from eurzad.devservices import simplesamlphp
from eurzad.devservices.idp_residents import RESIDENTS
from tests.bench import run
from tests.login.saml_browser import follow_saml_forms, form_with, submit

TARGET = 0.3
SETTINGS = "tests.bench.settings_plain_http"


def log_in(base: str, resident) -> tuple[requests.Session, float, float]:
    """One login in a fresh client: the client, seconds for all of it, seconds of the ACS."""
    session = requests.Session()
    acs_seconds = 0.0

    def clock_acs(response, *args, **kwargs):
        nonlocal acs_seconds
        if "/saml/acs/" in response.url:
            acs_seconds += response.elapsed.total_seconds()

    session.hooks["response"].append(clock_acs)
    started = time.perf_counter()
    page = session.get(f"{base}/logowanie/", timeout=30)
    at_idp = follow_saml_forms(session, submit(session, form_with(page, "next")))
    password_form = form_with(at_idp, "password")
    credentials = {"username": resident.username, "password": resident.password}
    landed = follow_saml_forms(session, submit(session, password_form, **credentials))
    took = time.perf_counter() - started
    if landed.status_code != 200 or not landed.url.endswith("/moj-e-urzad/"):
        raise run.SetupError(f"A login ended at {landed.url} with {landed.status_code}.")
    return session, took, acs_seconds


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


#: Cookies of the portal (Django's default names, which the settings keep) a browser sends it.
PORTAL_COOKIES = ("sessionid", "csrftoken")


class PostgresBackends:
    """CPU of the PostgreSQL backends serving the benchmark's database (read from /proc).

    Only this database's backends: the cluster may serve other work meanwhile. The benchmark
    keeps its connections for the whole run (``DATABASE_CONN_MAX_AGE``), so no backend ends
    inside a round and takes its CPU time along; one that starts counts from zero.
    """

    def __init__(self, database_url: str) -> None:
        self.connection = psycopg.connect(database_url, autocommit=True)

    def cpu_seconds(self) -> dict[int, float]:
        rows = self.connection.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        return {pid: run.cpu_seconds(pid, with_children=False) for (pid,) in rows}

    def close(self) -> None:
        self.connection.close()


def measure(port: int, target, args, script: Path, services, backends: PostgresBackends) -> dict:
    """wrk against one target; its req/s and the server's CPU per request (ms)."""
    cpu_before, pg_before = run.server_cpu(services), backends.cpu_seconds()
    rates = run.wrk(port, target, args=args, script=script, duration=args.duration)
    cpu_used = run.server_cpu(services) - cpu_before
    pg_after = backends.cpu_seconds()
    cpu_used += sum(seconds - pg_before.get(pid, 0.0) for pid, seconds in pg_after.items())
    rates["server_cpu_ms"] = 1000 * cpu_used / max(rates["requests"], 1)
    return rates


def register_at_idp(base: str) -> dict[str, str]:
    """Register the benchmark's portal at the IdP; return its TRUSTED_PROFILE_* variables."""
    sp = simplesamlphp.dev_service_provider()
    simplesamlphp.register_sp(
        entity_id=f"{base}/saml/metadata/",
        acs_url=f"{base}/saml/acs/",
        slo_url=f"{base}/saml/slo/",
        signing_cert_pem=sp.signing_cert_path.read_text(),
        encryption_cert_pem=sp.encryption_cert_path.read_text(),
        artifact=True,
    )
    return {
        "TRUSTED_PROFILE_SP_ENTITY_ID": f"{base}/saml/metadata/",
        "TRUSTED_PROFILE_ACS_URL": f"{base}/saml/acs/",
        "TRUSTED_PROFILE_SLO_URL": f"{base}/saml/slo/",
    }


def parse_args(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=30, help="logins per binding (30)")
    parser.add_argument("--duration", type=float, default=8, help="seconds per wrk run (8)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, alternating the order (3)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--workers", type=int, default=2 * run.usable_cores())
    args = parser.parse_args(argv)
    args.max_requests, args.gunicorn_arg = 0, []
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    run.BENCH_DB = "eurzad_bench_login"
    tmp = Path(tempfile.mkdtemp(prefix="eurzad-bench-login-"))
    services = run.Services(tmp=tmp, postgres_record=tmp / "started-services")
    idp_record = tmp / "started-idp"
    try:
        database_url = run.start_postgres(services)
        redis_port = run.start_redis(services)
        run.say("dev IdP: python -m eurzad.devservices start simplesamlphp")
        run.run_command(
            [sys.executable, "-m", "eurzad.devservices", "start", "simplesamlphp",
             "--record", str(idp_record)],
            what="IdP start",
            stream=True,
        )  # fmt: skip
        port = run.free_port()
        base = f"http://{run.HOST}:{port}"
        env = run.production_environment(
            settings=SETTINGS,
            database_url=database_url,
            redis_port=redis_port,
            tmp=tmp,
            workers=args.workers,
        )
        env.update(register_at_idp(base))
        env["DJANGO_BEHIND_TLS_PROXY"] = "false"
        # Connections kept through the whole run, so that the backends whose CPU is measured
        # (PostgresBackends) live through the rounds; a reconnect a minute would not show here.
        env["DATABASE_CONN_MAX_AGE"] = "3600"
        manage = [sys.executable, str(run.ROOT / "manage.py")]
        run.say("migrate, collectstatic…")
        run.run_command([*manage, "migrate", "--no-input"], what="migrate", env=env)
        run.run_command([*manage, "collectstatic", "--no-input"], what="collectstatic", env=env)

        figures: dict[str, tuple[list[float], list[float]]] = {}
        rounds: list[dict[str, dict[str, float]]] = []
        for binding in ("artifact", "post"):
            env["TRUSTED_PROFILE_BINDING"] = binding
            run.start_gunicorn(services, env, args, port=port)
            log_in(base, RESIDENTS[1])  # warm up the workers
            totals, acs = [], []
            for number in range(args.logins):
                _, total, acs_only = log_in(base, RESIDENTS[number % len(RESIDENTS)])
                totals.append(total)
                acs.append(acs_only)
                print(f"\r[bench] {binding}: login {number + 1}/{args.logins}", end="", flush=True)
            print()
            figures[binding] = (totals, acs)
            if binding == "artifact":
                # The portal's cookies the resident's browser holds after the login (the
                # session's and the CSRF cookie), sent as the browser sends them with every
                # request; not the dev IdP's (on the same host here, elsewhere in production).
                jar = log_in(base, RESIDENTS[0])[0].cookies
                cookies = "; ".join(
                    f"{cookie.name}={cookie.value}"
                    for cookie in jar
                    if cookie.name in PORTAL_COOKIES
                )
                dashboard = run.Target(
                    "dash", "/moj-e-urzad/", "dashboard", {"Cookie": cookies},
                    None, target=TARGET,
                )  # fmt: skip
                bare = run.Target("bare", "/health/live", "bare view", {}, None, target=None)
                # As the session-timeout script polls it: passive, so not counted as activity.
                passive = {"X-Session-Passive": "1", "Accept": "application/json"}
                account = run.Target(
                    "account", "/sesja/", "session state", {"Cookie": cookies, **passive},
                    None, target=None,
                )  # fmt: skip
                script = tmp / "report.lua"
                script.write_text(run.WRK_REPORT_LUA)
                for target in (bare, account, dashboard):
                    status, _, _ = run.http_get(port, target.path, target.headers)
                    if status != 200:
                        raise run.SetupError(f"GET {target.path} answered {status}, not 200.")
                    run.wrk(port, target, args=args, script=script, duration=2)  # warm-up
                with contextlib.closing(PostgresBackends(database_url)) as backends:
                    for number in range(args.rounds):
                        # Bare first in odd rounds, dashboard first in even ones: a drift of the
                        # machine's speed during the run favours neither.
                        order = (bare, account, dashboard)
                        order = order if number % 2 == 0 else order[::-1]
                        rounds.append(
                            {
                                target.key: measure(port, target, args, script, services, backends)
                                for target in order
                            }
                        )
                        print(
                            f"[bench] round {number + 1}/{args.rounds}: dashboard "
                            f"{rounds[-1]['dash']['wrk_rps']:.0f} req/s, session state "
                            f"{rounds[-1]['account']['wrk_rps']:.0f} req/s, bare view "
                            f"{rounds[-1]['bare']['wrk_rps']:.0f} req/s",
                            flush=True,
                        )
            run.stop_process(services.gunicorn, what="Gunicorn", timeout=45)
            services.gunicorn = None
    except run.SetupError as error:
        print(f"error: {error}", file=sys.stderr)
        if error.details:
            print(error.details, file=sys.stderr)
        return 1
    finally:
        run.stop_everything(services)
        if idp_record.exists():
            with contextlib.suppress(Exception):
                subprocess.run(
                    [sys.executable, "-m", "eurzad.devservices", "stop", "--from", str(idp_record)],
                    check=False,
                )

    print()
    print(f"Logins ({args.logins} per binding, Gunicorn {args.workers} workers, one client):")
    for binding, (totals, acs) in figures.items():
        print(
            f"  {binding:8} full login p50 {statistics.median(totals) * 1000:7.1f} ms  "
            f"p95 {percentile(totals, 0.95) * 1000:7.1f} ms   "
            f"ACS p50 {statistics.median(acs) * 1000:6.1f} ms  "
            f"p95 {percentile(acs, 0.95) * 1000:6.1f} ms"
        )
    print(
        f"Dashboard against the bare view, {args.rounds} alternating rounds of {args.duration:g} s "
        f"(wrk {args.connections} connections; server CPU: Gunicorn, Redis and the database's "
        "PostgreSQL backends):"
    )
    ratios = _ratios(rounds, "dash", "bare", "wrk_rps")
    capacities = _ratios(rounds, "bare", "dash", "server_cpu_ms")  # less CPU: more capacity
    for number, (measured, ratio, capacity) in enumerate(
        zip(rounds, ratios, capacities, strict=True), start=1
    ):
        bare, dash = measured["bare"], measured["dash"]
        print(
            f"  round {number}: dashboard {dash['wrk_rps']:6.0f} req/s vs bare view "
            f"{bare['wrk_rps']:6.0f} req/s: ratio {ratio:.3f};  server CPU per request "
            f"{dash['server_cpu_ms']:.3f} ms vs {bare['server_cpu_ms']:.3f} ms: {capacity:.3f}"
        )
    ratio = statistics.median(ratios)
    verdict = "PASS" if ratio >= TARGET else "BELOW"
    print(
        f"Dashboard req/s against the bare view's: median ratio {ratio:.3f} "
        f"(rounds {min(ratios):.3f}-{max(ratios):.3f}; target {TARGET}) {verdict}"
    )
    print(
        f"Capacity ratio by server CPU per request: median {statistics.median(capacities):.3f} "
        "(less affected by other load on the machine than req/s)"
    )
    print(
        "For information, the resident's session-state endpoint (/sesja/: session and account "
        "check, no personal data, no audit row, no page):"
    )
    for number, measured in enumerate(rounds, start=1):
        account = measured["account"]
        print(
            f"  round {number}: session state {account['wrk_rps']:6.0f} req/s, "
            f"server CPU per request {account['server_cpu_ms']:.3f} ms"
        )
    account_ratio = statistics.median(_ratios(rounds, "account", "bare", "wrk_rps"))
    page_ratio = statistics.median(_ratios(rounds, "dash", "account", "wrk_rps"))
    print(
        f"  session state against the bare view: median {account_ratio:.3f}; "
        f"dashboard against the session state: median {page_ratio:.3f}"
    )
    return 0


def _ratios(rounds: list[dict[str, dict[str, float]]], top: str, bottom: str, figure: str):
    """Each round's ``figure`` of target ``top`` divided by that of ``bottom`` (0 if none)."""
    return [
        measured[top][figure] / measured[bottom][figure] if measured[bottom][figure] else 0.0
        for measured in rounds
    ]


if __name__ == "__main__":
    sys.exit(main())
