"""A database cursor whose parameters travel apart from the SQL (server-side binding).

Django's PostgreSQL backend binds parameters on the client by default: psycopg writes every
value into the SQL text as a quoted literal, which for the queries on every personal-area
request (the resident's user row, the audit row: a dozen values) cost more of the worker's time
than the rest of each query's handling. With server-side binding the values are sent as
parameters, unquoted, and a statement run often is prepared on its connection (see
``DATABASE_PREPARED_STATEMENTS`` in the settings), so PostgreSQL stops planning it anew. It is
used for a few hand-written statements only: for everything else the backend's default stays
(some ORM queries rely on client-side binding).

The cursor is Django's own (the same checks, error wrapping and query log); only the driver's
cursor inside it is of the binding kind. Elsewhere than on PostgreSQL it is the usual cursor.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.db.backends.utils import CursorWrapper


@contextmanager
def server_bound_cursor() -> Iterator[CursorWrapper]:
    """Django's cursor of the default database, binding parameters on the server."""
    database = connections[DEFAULT_DB_ALIAS]
    if database.vendor != "postgresql":
        with database.cursor() as cursor:
            yield cursor
        return
    import psycopg

    # The health check first: a connection it finds broken is replaced here, so the driver
    # connection taken below is the one the cursor will run on.
    database.close_if_health_check_failed()
    database.ensure_connection()
    driver = database.connection
    factory = driver.cursor_factory
    # Only for the creation of this one cursor (the connection belongs to this thread).
    driver.cursor_factory = psycopg.Cursor
    try:
        cursor = database.cursor()
    finally:
        driver.cursor_factory = factory
    with cursor:
        yield cursor


def fetch_one_checking_connection(sql: str, params: Sequence[Any]) -> tuple | None:
    """The first row of a read that may run twice; the read is also the connection's health check.

    With ``CONN_HEALTH_CHECKS`` Django runs ``SELECT 1`` on a kept connection before the first
    statement of each request: one more round trip on every personal-area request, whose first
    statement is this read of the resident's user row. Here the read itself is the check: if it
    fails on a kept connection, that connection is closed (as a failed check closes it) and the
    read runs once more on a new one. A read inside a transaction, or on a connection already
    checked or just opened, runs once, as usual.
    """
    database = connections[DEFAULT_DB_ALIAS]
    stands_in = (
        database.connection is not None
        and database.health_check_enabled
        and not database.health_check_done
        and not database.in_atomic_block
    )
    if stands_in:
        database.health_check_done = True
        try:
            return _fetch_one(sql, params)
        except (InterfaceError, OperationalError):
            database.close()
    return _fetch_one(sql, params)


def _fetch_one(sql: str, params: Sequence[Any]) -> tuple | None:
    with server_bound_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()
