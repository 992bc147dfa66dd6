"""The PostgreSQL launcher against Debian's real server binaries, on a port of its own.

Port 54401 (not the 54329 that `make test` uses) and a temporary cache folder, so these tests
never touch the cluster the rest of the suite runs against.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import psycopg
import pytest

from eurzad.devservices import postgres
from eurzad.devservices.process import ServiceError, port_open

PORT = 54401


@pytest.fixture
def config(tmp_path):
    """A cluster in a fresh cache folder; stopped after the test whatever happened."""
    config = postgres.PostgresConfig(cache=tmp_path / "cache", port=PORT)
    yield config
    postgres.stop(config)


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


@pytest.mark.devservices
def test_start_creates_the_portal_database_and_a_second_start_is_a_noop(config, capsys):
    assert postgres.start(config) is True
    assert postgres.start(config) is False
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"postgres: already running on 127.0.0.1:{PORT}"
    )
    # The URL that `env` prints works over TCP with the password, as Django will use it.
    with psycopg.connect(config.url) as connection:
        row = connection.execute(
            "SELECT current_user, current_database(), pg_encoding_to_char(encoding),"
            " current_setting('listen_addresses'), current_setting('fsync')"
            " FROM pg_database WHERE datname = current_database()"
        ).fetchone()
    assert row == ("eurzad", "eurzad", "UTF8", "127.0.0.1", "off")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(config.url.replace("eurzad:eurzad@", "eurzad:wrong@")).close()


@pytest.mark.devservices
def test_the_portal_role_may_create_the_test_database(config):
    postgres.start(config)
    with psycopg.connect(config.url, autocommit=True) as connection:
        connection.execute("CREATE DATABASE test_eurzad")
        connection.execute("DROP DATABASE test_eurzad")


@pytest.mark.devservices
def test_status_reports_and_stop_stops(config, capsys):
    assert postgres.status(config).describe() == "postgres: not running"
    postgres.start(config)
    pid = int(config.pid_file.read_text().split()[0])
    assert postgres.status(config).describe() == (
        f"postgres: running on 127.0.0.1:{PORT} (pid {pid})"
    )
    assert postgres.stop(config) is True
    assert not port_open("127.0.0.1", PORT)
    assert not config.pid_file.exists()
    assert postgres.status(config).describe() == "postgres: not running"
    assert postgres.stop(config) is False
    assert capsys.readouterr().out.splitlines()[-1] == "postgres: not running"


@pytest.mark.devservices
def test_a_stale_pid_file_is_removed_and_start_proceeds(config, capsys):
    postgres.start(config)
    postgres.stop(config)
    # What a crash or a reboot leaves behind: postmaster.pid naming a process that is gone.
    dead = _dead_pid()
    config.pid_file.write_text(f"{dead}\n{config.data}\n0\n{PORT}\n")
    config.pid_file.chmod(0o600)
    assert postgres.status(config).describe() == "postgres: not running (stale pid file)"
    capsys.readouterr()
    assert postgres.start(config) is True
    output = capsys.readouterr().out
    assert f"postgres: removing the stale pid file of pid {dead}" in output
    assert port_open("127.0.0.1", PORT)


def test_a_port_taken_by_another_program_is_one_clear_error(config):
    with socket.socket() as squatter:
        # Earlier tests' connections may leave the port in TIME_WAIT.
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", PORT))
        squatter.listen()
        with pytest.raises(ServiceError, match=f"Port 127.0.0.1:{PORT} is taken by another"):
            postgres.start(config)
    assert not config.data.exists()  # failed before creating anything


@pytest.mark.devservices
def test_cli_records_what_it_started_and_stop_from_stops_only_that(tmp_path):
    env = {**os.environ, "EURZAD_CACHE_DIR": str(tmp_path / "cache"), "EURZAD_PG_PORT": str(PORT)}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "eurzad.devservices", *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    first, second = tmp_path / "first", tmp_path / "second"
    try:
        started = cli("start", "postgres", "--record", str(first))
        assert started.returncode == 0, started.stderr
        assert first.read_text() == "postgres\n"

        again = cli("start", "postgres", "--record", str(second))
        assert again.returncode == 0, again.stderr
        assert again.stdout == f"postgres: already running on 127.0.0.1:{PORT}\n"
        assert not second.exists()

        assert cli("status", "postgres").stdout.startswith(
            f"postgres: running on 127.0.0.1:{PORT} (pid "
        )
        nothing = cli("stop", "--from", str(second))
        assert nothing.returncode == 0
        assert port_open("127.0.0.1", PORT)

        stopped = cli("stop", "--from", str(first))
        assert stopped.returncode == 0, stopped.stderr
        assert not first.exists()
        assert cli("status").stdout.splitlines()[0] == "postgres: not running"
    finally:
        cli("stop", "postgres")
