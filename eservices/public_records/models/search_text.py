"""The folded search text of a record: what the ``q`` filter of the lists looks words up in.

A record's searchable columns joined by spaces, lower-cased, Polish diacritics folded
("Żółć" → "zolc"). It is a column the database computes itself (``GeneratedField``, stored), so
``save()``, ``bulk_create()`` and ``bulk_update()`` all keep it right without any code in the
importers. On PostgreSQL a ``pg_trgm`` GIN index over it (migration 0002) serves
``search_text LIKE '%word%'``: the filter reads the index instead of folding every row of the
table on every query.
"""

from __future__ import annotations

from django.db import models
from django.db.backends.signals import connection_created
from django.db.models import F, Func, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

#: Polish letters with diacritics and their base letters, for accent-insensitive text filters.
POLISH_ACCENTED = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"
POLISH_PLAIN = "acelnoszzACELNOSZZ"
_FOLD = str.maketrans(POLISH_ACCENTED, POLISH_PLAIN)
SQLITE_FOLD_FUNCTION = "public_records_fold"
#: Name of the stored search column on every model that has one.
SEARCH_TEXT_FIELD = "search_text"


def fold_text(text: str) -> str:
    """``text`` lower-cased without Polish diacritics: "Żółć" → "zolc"."""
    return text.translate(_FOLD).lower()


def _fold_or_none(text: str | None) -> str | None:
    return None if text is None else fold_text(text)


def register_sqlite_fold(dbapi_connection) -> None:
    """Make :func:`fold_text` callable as ``public_records_fold(x)`` on a SQLite connection.

    Deterministic, so SQLite accepts it in a generated column; every connection needs it,
    because SQLite computes the column on each insert and update.
    """
    dbapi_connection.create_function(SQLITE_FOLD_FUNCTION, 1, _fold_or_none, deterministic=True)


def _register_on_sqlite(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        register_sqlite_fold(connection.connection)


# Connected when the models load, i.e. before any query can touch the search columns.
connection_created.connect(_register_on_sqlite, dispatch_uid="public_records_sqlite_fold")


class Folded(Func):
    """SQL twin of :func:`fold_text`: Polish diacritics replaced by base letters, lower case.

    PostgreSQL does it with the built-in ``translate`` (immutable, so allowed in a generated
    column; no ``unaccent`` extension needed); SQLite (tests, development) calls
    :func:`fold_text`, registered on every connection.
    """

    output_field = models.TextField()

    def as_sql(self, compiler, connection, **extra_context):
        """PostgreSQL (and the default): ``lower(translate(x, 'ą…', 'a…'))``."""
        inner, params = compiler.compile(self.source_expressions[0])
        return (
            f"LOWER(TRANSLATE({inner}, %s, %s))",
            [*params, POLISH_ACCENTED, POLISH_PLAIN],
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        """SQLite has no ``translate`` (and nested ``replace`` overflow its parser): fold_text."""
        # The signal registers it on new connections; this covers a connection opened before
        # this module was imported.
        connection.ensure_connection()
        register_sqlite_fold(connection.connection)
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{SQLITE_FOLD_FUNCTION}({sql})", params


def search_text_field(*field_names: str) -> models.GeneratedField:
    """A stored column holding ``field_names`` joined by spaces and folded (see the module)."""
    parts: list = []
    for name in field_names:
        parts += [F(name), Value(" ")]
    return models.GeneratedField(
        expression=Folded(Concat(*parts[:-1], output_field=models.TextField())),
        output_field=models.TextField(),
        db_persist=True,
        verbose_name=_("tekst do wyszukiwania"),
    )
