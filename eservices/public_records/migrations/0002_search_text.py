"""The stored, folded search text of businesses and parcels, trigram-indexed on PostgreSQL.

The GIN indexes are created here rather than declared in ``Meta.indexes``: SQLite has no GIN,
and Django would emit them again every time it rebuilds a SQLite table. So they exist only on
PostgreSQL, outside the model state (``TRIGRAM_INDEXES`` lists them); on SQLite the LIKE over
the stored column is a plain scan, as the filter has always been there.
"""

import django.db.models.functions.text
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

import eservices.public_records.models.search_text

#: (index name, table) of the trigram indexes over ``search_text``.
TRIGRAM_INDEXES = (
    ("public_records_business_search_trgm", "public_records_businessentry"),
    ("public_records_parcel_search_trgm", "public_records_parcel"),
)


class KeepTrigramExtension(TrigramExtension):
    """``CREATE EXTENSION pg_trgm`` on PostgreSQL only; unapplying leaves the extension.

    Other code may come to use pg_trgm, so dropping it is not this migration's call; and
    Django's own backwards step queries ``pg_extension`` even on SQLite, where it fails.
    """

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        """Nothing: the extension stays (see the class)."""


def create_trigram_indexes(apps, schema_editor):
    """On PostgreSQL, a GIN index with ``gin_trgm_ops`` over each table's ``search_text``."""
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for name, table in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} "
            f"USING gin ({quote('search_text')} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    """Undo :func:`create_trigram_indexes`."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("public_records", "0001_initial"),
    ]

    operations = [
        # pg_trgm is a trusted extension: the owner of the database may create it, no superuser.
        KeepTrigramExtension(),
        migrations.AddField(
            model_name="businessentry",
            name="search_text",
            field=models.GeneratedField(
                db_persist=True,
                expression=eservices.public_records.models.search_text.Folded(
                    django.db.models.functions.text.Concat(
                        models.F("business_name"),
                        models.Value(" "),
                        models.F("owner_first_name"),
                        models.Value(" "),
                        models.F("owner_last_name"),
                        models.Value(" "),
                        models.F("town"),
                        models.Value(" "),
                        models.F("street"),
                        models.Value(" "),
                        models.F("nip"),
                        models.Value(" "),
                        models.F("regon"),
                        output_field=models.TextField(),
                    )
                ),
                output_field=models.TextField(),
                verbose_name="tekst do wyszukiwania",
            ),
        ),
        migrations.AddField(
            model_name="parcel",
            name="search_text",
            field=models.GeneratedField(
                db_persist=True,
                expression=eservices.public_records.models.search_text.Folded(
                    django.db.models.functions.text.Concat(
                        models.F("number"),
                        models.Value(" "),
                        models.F("precinct_name"),
                        models.Value(" "),
                        models.F("town"),
                        models.Value(" "),
                        models.F("street"),
                        models.Value(" "),
                        models.F("use"),
                        models.Value(" "),
                        models.F("land_register_number"),
                        output_field=models.TextField(),
                    )
                ),
                output_field=models.TextField(),
                verbose_name="tekst do wyszukiwania",
            ),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
