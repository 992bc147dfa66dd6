"""Lifting the audit log's append-only triggers, for emptying a whole test database only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.creation import TEST_DATABASE_PREFIX

from .models import AuditEvent


def is_test_database(connection: BaseDatabaseWrapper) -> bool:
    """True for a database the test runner created (and will destroy)."""
    settings_dict = connection.settings_dict
    name = str(settings_dict.get("NAME") or "")
    test_name = (settings_dict.get("TEST") or {}).get("NAME")
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return True
    return name.startswith(TEST_DATABASE_PREFIX) or (bool(test_name) and name == test_name)


@contextmanager
def append_only_triggers_lifted(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Within one transaction: triggers off, the body runs, triggers back on.

    Other connections never see the table unprotected: PostgreSQL's ALTER TABLE holds an
    exclusive lock until the commit, SQLite writes are serialised anyway. Needs the role that
    owns the table.
    """
    table = AuditEvent._meta.db_table
    with transaction.atomic(using=connection.alias):
        if table not in connection.introspection.table_names():
            yield
            return
        quoted = connection.ops.quote_name(table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {quoted} DISABLE TRIGGER USER")
                yield
                cursor.execute(f"ALTER TABLE {quoted} ENABLE TRIGGER USER")
            elif connection.vendor == "sqlite":
                # SQLite cannot disable a trigger: keep its definition, drop it, create it again.
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                    [table],
                )
                saved = cursor.fetchall()
                for name, _sql in saved:
                    cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
                yield
                for _name, sql in saved:
                    cursor.execute(sql)
            else:
                raise NotImplementedError(f"No append-only triggers for {connection.vendor}.")
