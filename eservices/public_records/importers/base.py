"""What every importer does: map Polish headers, check a row, find and write records in batches."""

from __future__ import annotations

import datetime
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ImportRun
from .fields import parse_date
from .new_instances import new_instances
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
            new_instances(
                self.model,
                common={"source": run},
                rows=[{**self.creation_defaults(row), **row.values} for row in new],
            )
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
        insert_pairs(
            through=through,
            columns=(source_field, target_field),
            pairs=[
                (instance.pk, target)
                for instance, row in (*created, *changed)
                for target in sorted(row.related.get(name, ()))
            ],
        )


def one_of(name: str, values: Collection[str]) -> Q:
    """The condition "text field ``name`` is one of ``values``", for a batch's natural keys.

    On PostgreSQL the values travel as one array parameter: a thousand placeholders made the
    driver's parsing of each batch's query cost more than the query itself.
    """
    if connection.vendor == "postgresql":
        return Q(**{f"{name}__in": RawSQL("SELECT unnest(%s::text[])", (list(values),))})
    return Q(**{f"{name}__in": values})


def insert_new(instances: list[models.Model]) -> list[models.Model]:
    """Insert new instances of one model; their primary keys are set afterwards.

    ``bulk_create`` everywhere but PostgreSQL. There, primary keys are drawn from the table's
    sequence and the rows sent with COPY: for an import of 100 000 rows, building one INSERT
    with a parameter per cell costs more than the database's own work. The field values are
    prepared by the fields themselves (``pre_save``, ``get_db_prep_save``), as for an INSERT,
    except where that preparation is known to return the value unchanged (see ``_cell_readers``).
    """
    if not instances:
        return instances
    model = type(instances[0])
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(instances)
    # The real connection, not the ``connection`` proxy: the proxy's look-up per cell cost as
    # much as the cell's own preparation.
    database = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not getattr(field, "generated", False)]
    readers = _cell_readers(fields, database)
    quote = database.ops.quote_name
    with database.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(instances)],
        )
        for instance, (pk,) in zip(instances, cursor.fetchall(), strict=True):
            setattr(instance, meta.pk.attname, pk)
        columns = ", ".join(quote(field.column) for field in fields)
        statement = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        # COPY goes to the driver's cursor; its errors still reach callers as Django's.
        with database.wrap_database_errors, cursor.cursor.copy(statement) as copy:
            write_row = copy.write_row
            for instance in instances:
                write_row([read(instance) for read in readers])
    for instance in instances:
        instance._state.adding = False
        instance._state.db = database.alias
    return instances


def insert_pairs(*, through: type[models.Model], columns: tuple[str, str], pairs: list) -> None:
    """Insert rows of a many-to-many table given as (source pk, target pk) pairs.

    The same as ``insert_new`` of ``through`` instances, without building an instance per
    pair: on PostgreSQL the pairs go straight to COPY and the table's own default numbers them.
    """
    if not pairs:
        return
    if connection.vendor != "postgresql":
        first, second = columns
        through.objects.bulk_create(
            [through(**{f"{first}_id": a, f"{second}_id": b}) for a, b in pairs]
        )
        return
    database = connections[DEFAULT_DB_ALIAS]
    meta = through._meta
    quote = database.ops.quote_name
    names = [meta.get_field(name).column for name in columns]
    statement = (
        f"COPY {quote(meta.db_table)} ({', '.join(quote(name) for name in names)}) FROM STDIN"
    )
    with (
        database.wrap_database_errors,
        database.cursor() as cursor,
        cursor.cursor.copy(statement) as copy,
    ):
        write_row = copy.write_row
        for pair in pairs:
            write_row(pair)


#: Field classes whose ``get_db_prep_save`` returns a value of these exact types unchanged on
#: PostgreSQL (their ``to_python`` keeps it, the backend's adapter passes it on). The field's
#: class and the value's type are compared exactly (a datetime is not passed on as a date, nor a
#: bool as an int), so subclasses, with their own preparation, take the general path.
_PASSTHROUGH: dict[type[models.Field], tuple[type, ...]] = {
    models.DateField: (datetime.date,),
    models.ForeignKey: (int,),
    models.AutoField: (int,),
    models.BigAutoField: (int,),
}
#: Text fields pass on any ``str`` (choices' enum members included): ``to_python`` keeps every
#: instance of str as it is; lazy translations are not str instances and take the general path.
_TEXT_FIELDS = (models.CharField, models.TextField)


def _cell_readers(
    fields: Sequence[models.Field], database: Any
) -> list[Callable[[models.Model], Any]]:
    """Per field, a function giving the value COPY should send for an instance."""
    readers: list[Callable[[models.Model], Any]] = []
    for model_field in fields:
        if type(model_field) is models.DateTimeField and (
            model_field.auto_now or model_field.auto_now_add
        ):
            readers.append(_stamp(model_field, database))
            continue
        kinds = _PASSTHROUGH.get(type(model_field), ())
        if isinstance(model_field, models.DateField) and (
            model_field.auto_now or model_field.auto_now_add
        ):
            kinds = ()
        if isinstance(model_field, models.ForeignKey) and not isinstance(
            model_field.target_field, models.AutoField | models.BigAutoField
        ):
            kinds = ()
        readers.append(_reader(model_field, database, kinds))
    return readers


def _stamp(field: models.DateTimeField, database: Any) -> Callable[[models.Model], Any]:
    """``auto_now``/``auto_now_add``: one time for the whole write, set on each instance as
    ``pre_save`` sets it (preparing the same time once per row was a tenth of the write)."""
    now = timezone.now()
    value = field.get_db_prep_save(now, database)
    attname = field.attname

    def stamp(instance: models.Model) -> Any:
        instance.__dict__[attname] = now
        return value

    return stamp


def _reader(field: models.Field, database: Any, kinds: tuple[type, ...]):
    attname = field.attname

    def prepared(instance: models.Model) -> Any:
        return field.get_db_prep_save(field.pre_save(instance, True), database)

    if type(field) is models.DecimalField:

        def decimal(instance: models.Model) -> Any:
            value = instance.__dict__.get(attname, prepared)
            if value is None or (type(value) is Decimal and value.is_finite()):
                return value
            return prepared(instance)

        return decimal
    if type(field) in _TEXT_FIELDS:

        def text(instance: models.Model) -> Any:
            value = instance.__dict__.get(attname, prepared)
            if value is None or isinstance(value, str):
                return value
            return prepared(instance)

        return text
    if not kinds:
        return prepared

    def plain(instance: models.Model) -> Any:
        value = instance.__dict__.get(attname, prepared)
        if value is None or type(value) in kinds:
            return value
        return prepared(instance)

    return plain
