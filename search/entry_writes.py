"""Writing many rows of the fallback table (SearchEntry) at once: a re-index, a rebuild.

A re-index rewrites every row of a record type (100 000 and more). Through the ORM, the
delete gathered every row and sent a signal for each (the search app listens to deletes of
every model), and ``bulk_create`` built one parameter per cell: together more than the engine's
own indexing of the same documents. Here the delete is one statement and, on PostgreSQL, the
rows go in with COPY. Both run inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from .backends.database import entry_values
from .documents import SearchDocument
from .models import SearchEntry

#: The columns written, in COPY order (the table numbers the rows itself).
_COLUMNS = (
    "key",
    "type",
    "title",
    "url",
    "body",
    "folded_title",
    "folded_body",
    "identifiers",
    "year",
    "town",
    "status",
    "budget_section",
    "pkd_sections",
    "updated_at",
)
#: The columns between the key and the time: entry_values' keys.
_ENTRY_COLUMNS = _COLUMNS[1:-1]


def delete_entries(*, type_: str | None = None) -> int:
    """Delete the rows of one document type (every row when ``type_`` is None); how many.

    One DELETE: no rows are read first and no signals are sent (nothing listens to this
    table's deletes but the generic search handler, which has no source for it).
    """
    database = connections[DEFAULT_DB_ALIAS]
    table = database.ops.quote_name(SearchEntry._meta.db_table)
    with database.cursor() as cursor:
        if type_ is None:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - the model's own table name
        else:
            cursor.execute(f"DELETE FROM {table} WHERE type = %s", [type_])  # noqa: S608
        return cursor.rowcount


def insert_entries(*, documents: Sequence[SearchDocument]) -> None:
    """Insert the rows of ``documents``, whose keys are not in the table yet.

    COPY on PostgreSQL; ``bulk_create`` elsewhere (SQLite, the embedded default).
    """
    if not documents:
        return
    now = timezone.now()
    database = connections[DEFAULT_DB_ALIAS]
    if database.vendor != "postgresql":
        SearchEntry.objects.bulk_create(
            [SearchEntry(key=d.key, updated_at=now, **entry_values(d)) for d in documents]
        )
        return
    quote = database.ops.quote_name
    meta = SearchEntry._meta
    columns = ", ".join(quote(meta.get_field(name).column) for name in _COLUMNS)
    statement = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    # COPY goes to the driver's cursor; its errors still reach callers as Django's.
    with (
        database.wrap_database_errors,
        database.cursor() as cursor,
        cursor.cursor.copy(statement) as copy,
    ):
        _copy_rows(copy.write_row, documents, now)


def _copy_rows(write_row, documents: Sequence[SearchDocument], now) -> None:
    """One COPY row per document, columns in _COLUMNS order."""
    for document in documents:
        values = entry_values(document)
        write_row((document.key, *(values[name] for name in _ENTRY_COLUMNS), now))
