"""Statements bound on the server: prepared after a few runs, run again after a schema change;
a read standing in for the connection's health check."""

from __future__ import annotations

import psycopg
import pytest
from django.db import (
    DEFAULT_DB_ALIAS,
    OperationalError,
    connection,
    connections,
    transaction,
)

from eservices.bound_cursor import execute, fetch_one_checking_connection, server_bound_cursor

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


def _other_connection(database) -> psycopg.Connection:
    """A connection of its own, as another process (a migration, an administrator) has."""
    return psycopg.connect(
        database.connection.info.dsn, password=database.settings_dict["PASSWORD"], autocommit=True
    )


def _drop(database, pid: int) -> None:
    with _other_connection(database) as other:
        other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])


def _new_request(database) -> None:
    """What Django does between requests to a kept connection: the next one is checked again."""
    database.close_if_unusable_or_obsolete()
    assert database.connection is not None and not database.health_check_done


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_statement_prepared_before_a_column_changed_type_runs_again():
    database = connections[DEFAULT_DB_ALIAS]
    with database.cursor() as cursor:
        cursor.execute("CREATE TABLE bound_cursor_probe (label varchar(10))")
        cursor.execute("INSERT INTO bound_cursor_probe VALUES ('zażółć')")
    select = "SELECT label FROM bound_cursor_probe WHERE label <> %s"
    try:
        for _ in range(8):  # prepared on this connection
            with server_bound_cursor() as cursor:
                execute(cursor, select, ["x"])
        with _other_connection(database) as other:  # as a migration in another process
            other.execute("ALTER TABLE bound_cursor_probe ALTER COLUMN label TYPE varchar(40)")

        with server_bound_cursor() as cursor:
            execute(cursor, select, ["x"])
            assert cursor.fetchall() == [("zażółć",)]
    finally:
        with database.cursor() as cursor:
            cursor.execute("DROP TABLE bound_cursor_probe")


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
    _drop(database, dropped)
    _new_request(database)

    assert fetch_one_checking_connection("SELECT pg_backend_pid()", []) != (dropped,)
    assert database.connection.info.backend_pid != dropped


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_error_of_the_read_itself_is_not_retried():
    database = connections[DEFAULT_DB_ALIAS]
    database.ensure_connection()
    _new_request(database)
    kept = database.connection
    kept.execute("SET statement_timeout = 10")  # on the driver: Django's check does not run
    try:
        with pytest.raises(OperationalError):  # the statement was cancelled; the link is fine
            fetch_one_checking_connection("SELECT pg_sleep(%s)", [1])
        assert database.connection is kept and not kept.broken
    finally:
        kept.execute("SET statement_timeout = 0")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_a_dropped_connection_is_an_error_not_a_retry(caplog):
    database = connections[DEFAULT_DB_ALIAS]
    with pytest.raises(OperationalError), transaction.atomic():
        dropped = fetch_one_checking_connection("SELECT pg_backend_pid()", [])[0]
        _drop(database, dropped)
        database.health_check_done = False  # as if nothing had checked the connection yet
        fetch_one_checking_connection("SELECT 1", [])
    database.close()
    assert "reading again" not in caplog.text  # the transaction's work is gone: no silent retry


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_replaced_connection_still_binds_on_the_server():
    database = connections[DEFAULT_DB_ALIAS]
    database.ensure_connection()
    _drop(database, database.connection.info.backend_pid)
    _new_request(database)

    with server_bound_cursor() as cursor:
        assert type(cursor.cursor) is psycopg.Cursor
        cursor.execute("SELECT %s::integer", [7])
        assert cursor.fetchone() == (7,)
