"""One audit row written with one plain INSERT: the path every access to personal data takes.

Each view of a resident's data writes a row before it answers, so the write is on the
hottest path of the personal area. ``Model.save`` spent more time building its INSERT (state
checks, signals, the query compiler) than the database spent on it. Here the statement is
built once per table and connection vendor; each field's value is still prepared by the field
itself (``pre_save``, ``get_db_prep_save``) exactly as ``save`` prepares it. No signals are
sent: nothing may react to an append-only log (and nothing listens to it).
"""

from __future__ import annotations

from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

from eservices.bound_cursor import execute, server_bound_cursor


@lru_cache(maxsize=8)
def _statement(model: type[Model], vendor: str) -> tuple[str, tuple, bool]:
    """The INSERT of ``model``'s fields on the default database (whose vendor is the key)."""
    database = connections[DEFAULT_DB_ALIAS]
    quote = database.ops.quote_name
    meta = model._meta
    fields = tuple(field for field in meta.concrete_fields if not field.primary_key)
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    returning = database.features.can_return_columns_from_insert
    # Only the model's own table and column names go into the text; values are parameters.
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    if returning:
        sql += f" RETURNING {quote(meta.pk.column)}"
    return sql, fields, returning


def insert_row(instance: Model) -> Model:
    """Insert a new ``instance`` (its primary key set by the database) and return it."""
    if not instance._state.adding:
        raise ValueError("insert_row() writes new rows only.")
    # As save() does: a related object not saved yet is an error, not a NULL.
    instance._prepare_related_fields_for_save(operation_name="insert_row")
    database = connections[DEFAULT_DB_ALIAS]
    sql, fields, returning = _statement(type(instance), database.vendor)
    values = [field.get_db_prep_save(field.pre_save(instance, True), database) for field in fields]
    with server_bound_cursor() as cursor:
        execute(cursor, sql, values)
        pk = (
            cursor.fetchone()[0]
            if returning
            else database.ops.last_insert_id(
                cursor, instance._meta.db_table, instance._meta.pk.column
            )
        )
    setattr(instance, instance._meta.pk.attname, pk)
    instance._state.adding = False
    instance._state.db = database.alias
    return instance
