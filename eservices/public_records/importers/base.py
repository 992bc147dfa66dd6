"""What every importer does: map Polish headers, check a row, find and write records in batches."""

from __future__ import annotations

import datetime
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils.translation import gettext as _

from ..models import ImportRun
from .fields import parse_date
from .readers import SourceRow

#: Metryka columns every file may carry; when absent, the run's defaults apply to new records.
METRYKA_COLUMNS = (
    ("information_producer", "Wytworzył", ("informację wytworzył", "podmiot wytwarzający")),
    ("information_produced_at", "Data wytworzenia", ("data wytworzenia informacji",)),
)


@dataclass(frozen=True)
class Column:
    """A column of the source file: its Polish header (and accepted variants) and target field."""

    field: str
    header: str
    required: bool = True
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowError:
    """A problem of one row (``line``) or of the whole file (``line`` 0), in Polish."""

    line: int
    message: str
    column: str = ""

    def as_dict(self) -> dict[str, Any]:
        """For the JSON report of the import run."""
        return {"line": self.line, "column": self.column, "message": self.message}


class RowInvalid(Exception):
    """A row failed its checks; ``errors`` says why."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass
class ParsedRow:
    """A row that passed its checks: natural key, field values and many-to-many primary keys."""

    line: int
    key: tuple
    values: dict[str, Any]
    related: dict[str, frozenset[int]] = field(default_factory=dict)


@dataclass
class BatchCounts:
    """What writing one batch did (or, in a dry run, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def normalise_header(name: str) -> str:
    """Headers compare without case, surrounding spaces, doubled spaces or a trailing colon."""
    return re.sub(r"\s+", " ", name).strip().rstrip(":").strip().casefold()


class RowChecker:
    """Collects the errors of one row while its cells are parsed."""

    def __init__(self, *, line: int, cells: Mapping[str, str | None], headers: Mapping[str, str]):
        self.line = line
        self.cells = cells
        self.headers = headers
        self.errors: list[RowError] = []

    def value(
        self, name: str, parse: Callable[[str], Any] | None = None, *, required: bool = True
    ) -> Any:
        """The parsed cell ``name``; None (and an error when required) if it is empty or bad."""
        text = self.cells.get(name)
        if text is None or text == "":
            if required:
                self.fail(
                    _("Brak wartości w kolumnie „%(column)s”.") % {"column": self.headers[name]},
                    name,
                )
            return None
        if parse is None:
            return text
        try:
            return parse(text)
        except ValidationError as error:
            self.fail(error.messages[0], name)
            return None

    def fail(self, message: str, name: str = "") -> None:
        """Record an error of this row (``name``: the field concerned, if any)."""
        self.errors.append(RowError(self.line, message, self.headers.get(name, "")))

    def provided(self, name: str) -> bool:
        """Whether the file has this column at all."""
        return name in self.cells


class RecordImporter(ABC):
    """Checks rows of one record type and writes them with idempotent upserts on natural keys."""

    kind: ClassVar[str]
    model: ClassVar[type[models.Model]]
    columns: ClassVar[tuple[Column, ...]]
    m2m_fields: ClassVar[tuple[str, ...]] = ()
    #: Human name of the natural key for duplicate messages, e.g. "NIP i data rozpoczęcia".
    key_name: ClassVar[str]

    def __init__(self, *, producer: str = "", produced_at: datetime.date | None = None) -> None:
        self.producer = producer
        self.produced_at = produced_at
        self.all_columns = (
            *self.columns,
            *(Column(f, h, required=False, aliases=a) for f, h, a in METRYKA_COLUMNS),
        )
        self.headers = {column.field: column.header for column in self.all_columns}
        self._header_map: dict[str, str] | None = None
        self.prepare()

    def prepare(self) -> None:  # noqa: B027 (an optional hook, empty by default)
        """Load the reference data the checks need (called once per import)."""

    # -- headers -------------------------------------------------------------------------------

    def map_header(self, names: Iterable[str]) -> list[RowError]:
        """Match the file's headers to the columns; errors for missing required ones."""
        wanted: dict[str, str] = {}
        for column in self.all_columns:
            for variant in (column.header, *column.aliases):
                wanted[normalise_header(variant)] = column.field
        self._header_map = {}
        for name in names:
            target = wanted.get(normalise_header(name))
            if target is not None and target not in self._header_map.values():
                self._header_map[name] = target
        present = set(self._header_map.values())
        return [
            RowError(1, _("Brak wymaganej kolumny „%(column)s”.") % {"column": column.header})
            for column in self.columns
            if column.required and column.field not in present
        ]

    # -- rows ----------------------------------------------------------------------------------

    def parse(self, row: SourceRow) -> ParsedRow:
        """Check one row; RowInvalid with every problem found."""
        if self._header_map is None:
            raise RuntimeError("map_header() must run before parse().")
        cells = {target: row.values.get(name) for name, target in self._header_map.items()}
        checker = RowChecker(line=row.line, cells=cells, headers=self.headers)
        values, key, related = self.clean(checker)
        for name, _header, _aliases in METRYKA_COLUMNS:
            if checker.provided(name):
                parse = parse_date if name == "information_produced_at" else None
                values[name] = checker.value(name, parse, required=False) or (
                    "" if name == "information_producer" else None
                )
        if checker.errors:
            raise RowInvalid(checker.errors)
        return ParsedRow(line=row.line, key=key, values=values, related=related)

    @abstractmethod
    def clean(self, checker: RowChecker) -> tuple[dict[str, Any], tuple, dict[str, frozenset[int]]]:
        """Field values, the natural key and many-to-many keys of a row (errors to ``checker``)."""

    def describe_key(self, key: tuple) -> str:
        """The natural key as a clerk reads it."""
        return " / ".join(str(part) for part in key)

    # -- writing -------------------------------------------------------------------------------

    @abstractmethod
    def existing(self, keys: Sequence[tuple]) -> dict[tuple, models.Model]:
        """Records already stored under these natural keys (with many-to-many prefetched)."""

    def resolve(self, rows: Sequence[ParsedRow], *, dry_run: bool) -> None:  # noqa: B027
        """Turn values that point at other records into instances (before ``existing``)."""

    def creation_defaults(self, row: ParsedRow) -> dict[str, Any]:
        """Metryka for new records when the file does not give it."""
        return {
            "information_producer": self.producer,
            "information_produced_at": self.produced_at,
        }

    def write_batch(
        self,
        rows: Sequence[ParsedRow],
        *,
        run: ImportRun | None,
        dry_run: bool,
        now: datetime.datetime,
    ) -> BatchCounts:
        """Create the new, update the changed, leave the unchanged; in a dry run only count."""
        counts = BatchCounts()
        self.resolve(rows, dry_run=dry_run)
        found = self.existing([row.key for row in rows])
        new: list[ParsedRow] = []
        changed: list[tuple[models.Model, ParsedRow]] = []
        for row in rows:
            instance = found.get(row.key)
            if instance is None:
                new.append(row)
            elif self._differs(instance, row):
                changed.append((instance, row))
            else:
                counts.unchanged += 1
        counts.created, counts.updated = len(new), len(changed)
        if dry_run:
            return counts
        created = insert_new(
            [self.model(**{**self.creation_defaults(row), **row.values}, source=run) for row in new]
        )
        updated_fields: set[str] = set()
        for instance, row in changed:
            for name, value in row.values.items():
                setattr(instance, name, value)
            updated_fields.update(row.values)
            instance.source = run
            instance.updated_at = now
        if changed:
            self.model.objects.bulk_update(
                [instance for instance, _row in changed],
                [*sorted(updated_fields), "source", "updated_at"],
            )
        for name in self.m2m_fields:
            self._write_related(
                name,
                [(instance, row) for instance, row in zip(created, new, strict=True)],
                [(instance, row) for instance, row in changed],
            )
        return counts

    def _differs(self, instance: models.Model, row: ParsedRow) -> bool:
        if any(getattr(instance, name) != value for name, value in row.values.items()):
            return True
        for name in self.m2m_fields:
            current = frozenset(item.pk for item in getattr(instance, name).all())
            if current != row.related.get(name, frozenset()):
                return True
        return False

    def _write_related(
        self,
        name: str,
        created: list[tuple[models.Model, ParsedRow]],
        changed: list[tuple[models.Model, ParsedRow]],
    ) -> None:
        descriptor = getattr(self.model, name)
        through = descriptor.through
        source_field = descriptor.field.m2m_field_name()
        target_field = descriptor.field.m2m_reverse_field_name()
        if changed:
            through.objects.filter(
                **{f"{source_field}__in": [instance.pk for instance, _row in changed]}
            ).delete()
        insert_new(
            [
                through(**{f"{source_field}_id": instance.pk, f"{target_field}_id": target})
                for instance, row in (*created, *changed)
                for target in sorted(row.related.get(name, ()))
            ]
        )


def insert_new(instances: list[models.Model]) -> list[models.Model]:
    """Insert new instances of one model; their primary keys are set afterwards.

    ``bulk_create`` everywhere but PostgreSQL. There, primary keys are drawn from the table's
    sequence and the rows sent with COPY: for an import of 100 000 rows, building one INSERT
    with a parameter per cell costs more than the database's own work. The field values are
    prepared by the fields themselves (``pre_save``, ``get_db_prep_save``), as for an INSERT.
    """
    if not instances:
        return instances
    model = type(instances[0])
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(instances)
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not getattr(field, "generated", False)]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(instances)],
        )
        for instance, (pk,) in zip(instances, cursor.fetchall(), strict=True):
            setattr(instance, meta.pk.attname, pk)
        columns = ", ".join(quote(field.column) for field in fields)
        statement = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for instance in instances:
                copy.write_row(
                    [
                        field.get_db_prep_save(field.pre_save(instance, True), connection)
                        for field in fields
                    ]
                )
    for instance in instances:
        instance._state.adding = False
        instance._state.db = connection.alias
    return instances
