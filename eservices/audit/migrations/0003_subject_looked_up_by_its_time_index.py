from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

# SQLite rebuilds the table to alter the field and loses its append-only triggers
# (see 0002): they are installed again after the change, in either direction.
append_only = import_module("eservices.audit.migrations.0002_append_only_triggers")


def reinstall_triggers_on_sqlite(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in append_only.SQLITE_REMOVE + append_only.SQLITE_INSTALL:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("audit", "0002_append_only_triggers"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall_triggers_on_sqlite),
        migrations.AlterField(
            model_name="auditevent",
            name="subject",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="accounts.person",
                verbose_name="czyje dane",
            ),
        ),
        migrations.RunPython(reinstall_triggers_on_sqlite, migrations.RunPython.noop),
    ]
