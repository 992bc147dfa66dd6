"""Bad configuration ends in plain sentences and a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the socket is closed


def _run(command: list[str], **variables: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "SEARCH_", "CACHE_URL"))
    }
    env.update(variables)
    return subprocess.run(
        [sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _assert_plain(result: subprocess.CompletedProcess, sentence: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert sentence in output, output
    assert "Traceback" not in output, output


def test_production_without_secret_key_refuses_to_start():
    result = _run(
        ["manage.py", "check"],
        DJANGO_SETTINGS_MODULE="eurzad.settings.production",
        DJANGO_ALLOWED_HOSTS="eurzad.example.invalid",
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/x",
    )
    _assert_plain(result, "DJANGO_SECRET_KEY is not set")
    assert result.returncode == 2


def test_production_lists_every_problem_once():
    result = _run(
        ["manage.py", "check"],
        DJANGO_SETTINGS_MODULE="eurzad.settings.production",
        DJANGO_DEBUG="true",
    )
    _assert_plain(result, "DJANGO_SECRET_KEY is not set")
    for sentence in ("DJANGO_DEBUG is on", "DJANGO_ALLOWED_HOSTS is empty", "not name PostgreSQL"):
        assert result.stderr.count(sentence) == 1, result.stderr


def test_wsgi_entry_point_refuses_unsafe_production_settings():
    result = _run(["-c", "import eurzad.wsgi"], DJANGO_SETTINGS_MODULE="eurzad.settings.production")
    _assert_plain(result, "DJANGO_SECRET_KEY is not set")


def test_unreachable_search_engine_is_reported_in_plain_words():
    url = f"http://127.0.0.1:{_closed_port()}"
    result = _run(["manage.py", "check"], SEARCH_URL=url)
    _assert_plain(result, f"The search engine at {url} (opensearch2) cannot be reached")


def test_unreachable_database_is_reported_in_plain_words():
    port = _closed_port()
    result = _run(["manage.py", "check"], DATABASE_URL=f"postgres://u:p@127.0.0.1:{port}/none")
    _assert_plain(result, f"The database at 127.0.0.1:{port} cannot be reached")


def test_malformed_database_url_is_one_sentence():
    result = _run(["manage.py", "check"], DATABASE_URL="oracle://u:p@h/db")
    _assert_plain(result, "DATABASE_URL must name PostgreSQL")
    assert result.returncode == 2


@pytest.mark.parametrize("module", ["eurzad.settings.dev", "eurzad.settings.test"])
def test_embedded_defaults_pass_the_checks(module, tmp_path):
    result = _run(
        ["manage.py", "check"],
        DJANGO_SETTINGS_MODULE=module,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
