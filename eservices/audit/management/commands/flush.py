"""Django's flush, able to empty a test database that holds audit events.

The append-only triggers refuse to delete audit events, so the flush between transactional
tests (and any other) would fail once an event exists. For a test database only, the triggers
are lifted for the flush and restored in the same transaction; anywhere else flush keeps
refusing to erase the audit log.
"""

from __future__ import annotations

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from eservices.audit.triggers import append_only_triggers_lifted, is_test_database


class Command(FlushCommand):
    """Flush; in a test database the audit log is emptied with everything else."""

    def handle(self, **options) -> None:
        connection = connections[options["database"]]
        if not is_test_database(connection):
            super().handle(**options)
            return
        with append_only_triggers_lifted(connection):
            super().handle(**options)
