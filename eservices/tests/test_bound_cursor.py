"""Statements bound on the server: prepared after a few runs; a read standing in for the
connection's health check."""

from __future__ import annotations

import psycopg
import pytest
from django.db import (
    DEFAULT_DB_ALIAS,
    InterfaceError,
    OperationalError,
    connection,
    connections,
    transaction,
)

from eservices.bound_cursor import fetch_one_checking_connection, server_bound_cursor

pytestmark = pytest.mark.django_db

STATEMENT = "SELECT %s::integer + 1 AS next_number"


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.postgres
def test_a_statement_run_often_is_prepared_and_still_answers():
    answers = []
    for number in range(8):
        with server_bound_cursor() as cursor:
            cursor.execute(STATEMENT, [number])
            answers.append(cursor.fetchone()[0])

    assert answers == list(range(1, 9))
    assert any("next_number" in text for text in _prepared_statements())


@pytest.mark.postgres
def test_the_orm_binds_on_the_client_and_is_never_prepared():
    for _ in range(8):
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s::integer AS orm_number", [1])

    assert not any("orm_number" in text for text in _prepared_statements())


def _new_request(database) -> None:
    """What Django does between requests to a kept connection: the next one is checked again."""
    database.close_if_unusable_or_obsolete()
    assert database.connection is not None and not database.health_check_done


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_read_is_the_health_check_of_a_kept_connection(monkeypatch):
    database = connections[DEFAULT_DB_ALIAS]
    database.ensure_connection()
    _new_request(database)
    checks = []
    monkeypatch.setattr(database, "is_usable", lambda: checks.append(1) or True)

    assert fetch_one_checking_connection("SELECT %s::integer * 2", [21]) == (42,)
    assert checks == [] and database.health_check_done
    # Later statements of the same request are not checked either, as with Django's own check.
    with server_bound_cursor() as cursor:
        cursor.execute("SELECT 1")
    assert checks == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_read_on_a_connection_the_server_dropped_runs_again_on_a_new_one():
    database = connections[DEFAULT_DB_ALIAS]
    database.ensure_connection()
    dropped = database.connection.info.backend_pid
    with psycopg.connect(database.connection.info.dsn, password=_password(database)) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [dropped])
    _new_request(database)

    assert fetch_one_checking_connection("SELECT pg_backend_pid()", []) != (dropped,)
    assert database.connection.info.backend_pid != dropped


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_a_dropped_connection_is_an_error_not_a_retry():
    database = connections[DEFAULT_DB_ALIAS]
    database.ensure_connection()
    _new_request(database)
    with pytest.raises((OperationalError, InterfaceError)), transaction.atomic():
        dropped = fetch_one_checking_connection("SELECT pg_backend_pid()", [])[0]
        with psycopg.connect(database.connection.info.dsn, password=_password(database)) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [dropped])
        fetch_one_checking_connection("SELECT 1", [])
    database.close()


def _password(database) -> str:
    return database.settings_dict["PASSWORD"]
