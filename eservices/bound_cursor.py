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

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import (
    DEFAULT_DB_ALIAS,
    InterfaceError,
    NotSupportedError,
    OperationalError,
    connections,
)
from django.db.backends.utils import CursorWrapper

logger = logging.getLogger(__name__)

#: PostgreSQL's "cached plan must not change result type": a statement prepared on a
#: connection before a migration changed the type of a column it returns.
STALE_PREPARED_STATEMENT = "0A000"


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


def execute(cursor: CursorWrapper, sql: str, params: Sequence[Any]) -> None:
    """``cursor.execute(sql, params)``, run again if PostgreSQL refuses a stale prepared plan.

    After a migration changed a column's type, a statement this connection prepared before
    fails once with "cached plan must not change result type". Outside a transaction the
    connection's prepared statements are dropped and the statement runs again (nothing of it
    was done); inside one the transaction is lost anyway, so the error stands and the
    connection is closed at the end of the request, its statements with it.
    """
    try:
        cursor.execute(sql, params)
    except NotSupportedError as error:
        if getattr(error.__cause__, "sqlstate", None) != STALE_PREPARED_STATEMENT:
            raise
        database = cursor.db
        if database.in_atomic_block:
            database.close_at = time.monotonic()
            raise
        logger.warning("Prepared statements dropped after a schema change; running again.")
        cursor.execute("DEALLOCATE ALL")
        cursor.execute(sql, params)


def fetch_one_checking_connection(sql: str, params: Sequence[Any]) -> tuple | None:
    """The first row of a read that may run twice; the read is also the connection's health check.

    With ``CONN_HEALTH_CHECKS`` Django runs ``SELECT 1`` on a kept connection before the first
    statement of each request: one more round trip on every personal-area request, whose first
    statement is this read of the resident's user row. Here the read itself is the check: if
    the kept connection turns out to be lost, it is closed (as a failed check closes it) and the
    read runs once more on a new one. Any other error stands. A read inside a transaction, or on
    a connection already checked or just opened, runs once, as usual.
    """
    database = connections[DEFAULT_DB_ALIAS]
    stands_in = (
        database.connection is not None
        and database.health_check_enabled
        and not database.health_check_done
        and not database.in_atomic_block
    )
    if not stands_in:
        return _fetch_one(sql, params)
    database.health_check_done = True
    try:
        return _fetch_one(sql, params)
    except (InterfaceError, OperationalError):
        if not _connection_lost(database):
            raise
        logger.warning("A kept database connection was lost; reading again on a new one.")
        database.close()
    return _fetch_one(sql, params)


def _connection_lost(database) -> bool:
    driver = database.connection
    return driver is None or driver.closed or getattr(driver, "broken", False)


def _fetch_one(sql: str, params: Sequence[Any]) -> tuple | None:
    with server_bound_cursor() as cursor:
        execute(cursor, sql, params)
        return cursor.fetchone()
