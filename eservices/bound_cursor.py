"""A database cursor whose parameters travel apart from the SQL (server-side binding).

Django's PostgreSQL backend binds parameters on the client by default: psycopg writes every
value into the SQL text as a quoted literal, which for the queries on every personal-area
request (the resident's user row, the audit row: a dozen values) cost more of the worker's time
than the rest of each query's handling. With server-side binding the values are sent as
parameters, unquoted. It is used for a few hand-written statements only: for everything else
the backend's default stays (some ORM queries rely on client-side binding).

The cursor is Django's own (the same checks, error wrapping and query log); only the driver's
cursor inside it is of the binding kind. Elsewhere than on PostgreSQL it is the usual cursor.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections
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
