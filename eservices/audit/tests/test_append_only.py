"""Audit events cannot be changed or deleted: not by the model, not by the ORM, not by raw SQL."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, models, transaction

from eservices.audit.models import AuditEvent, AuditLogIsAppendOnly
from eservices.audit.services import audit_record
from eservices.audit.triggers import append_only_triggers_lifted, is_test_database

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table


@pytest.fixture
def event(person):
    return audit_record(action="login", subject=person, purpose="logowanie")


def _unchanged(event: AuditEvent) -> None:
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.purpose, stored.subject_id) == (
        event.action,
        event.purpose,
        event.subject_id,
    )


def test_saving_an_event_again_is_refused_by_the_model(event):
    event.purpose = "inny cel"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    event.purpose = "logowanie"
    _unchanged(event)


def test_deleting_an_event_is_refused_by_the_model(event):
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    _unchanged(event)


def test_bulk_update_and_delete_are_refused_by_the_queryset(event):
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(purpose="inny cel")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.update(purpose="inny cel")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    _unchanged(event)


def test_a_new_event_with_the_pk_of_an_old_one_does_not_overwrite_it(event):
    impostor = AuditEvent(pk=event.pk, action="logout", actor_kind="system")
    with pytest.raises(IntegrityError), transaction.atomic():
        impostor.save()
    _unchanged(event)


def test_the_database_refuses_an_update_through_a_plain_queryset(event):
    # A plain QuerySet skips the model's guard: only the trigger stands in the way.
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        models.QuerySet(AuditEvent).filter(pk=event.pk).update(purpose="inny cel")
    _unchanged(event)


def test_the_database_refuses_a_delete_through_a_plain_queryset(event):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        models.QuerySet(AuditEvent).filter(pk=event.pk).delete()
    _unchanged(event)


def test_the_database_refuses_an_instance_saved_again_past_the_model_guard(event):
    event.purpose = "inny cel"
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        models.Model.save(event, force_update=True)
    event.purpose = "logowanie"
    _unchanged(event)


def _refused(sql: str, params: list | None = None) -> None:
    """``sql`` sent through the app's own connection fails with the trigger's message."""
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


def test_the_database_refuses_update_and_delete_through_the_app_connection(event):
    _refused(f"UPDATE {TABLE} SET purpose = %s WHERE id = %s", ["x", event.pk])  # noqa: S608
    _refused(f"DELETE FROM {TABLE} WHERE id = %s", [event.pk])  # noqa: S608
    _refused(f"DELETE FROM {TABLE}")  # noqa: S608
    _unchanged(event)


def test_new_events_are_still_written_next_to_old_ones(event, person):
    audit_record(action="logout", subject=person)
    assert AuditEvent.objects.filter(subject=person).count() == 2


@pytest.mark.postgres
def test_postgresql_refuses_update_delete_and_truncate_of_a_non_empty_log(event):
    for statement in (
        f"UPDATE {TABLE} SET reason = 'x'",  # noqa: S608
        f"DELETE FROM {TABLE}",  # noqa: S608
        f"TRUNCATE {TABLE}",
        f"TRUNCATE {TABLE} CASCADE",
    ):
        _refused(statement)
    _unchanged(event)


@pytest.mark.postgres
def test_postgresql_triggers_are_installed_and_enabled():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname, tgenabled FROM pg_trigger"
            " WHERE tgrelid = %s::regclass AND NOT tgisinternal ORDER BY tgname",
            [TABLE],
        )
        triggers = cursor.fetchall()
    assert triggers == [
        (f"{TABLE}_no_truncate", "O"),
        (f"{TABLE}_no_update_delete", "O"),
    ]


def test_lifting_the_triggers_lasts_only_for_the_block(event):
    with append_only_triggers_lifted(connection):
        models.QuerySet(AuditEvent).filter(pk=event.pk).update(purpose="porządki")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        models.QuerySet(AuditEvent).filter(pk=event.pk).update(purpose="znowu")
    assert AuditEvent.objects.get(pk=event.pk).purpose == "porządki"


def test_an_error_inside_the_lifted_block_leaves_the_triggers_in_place(event):
    with pytest.raises(RuntimeError), append_only_triggers_lifted(connection):
        raise RuntimeError("the flush failed")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        models.QuerySet(AuditEvent).filter(pk=event.pk).delete()


class _FakeConnection:
    vendor = "postgresql"

    def __init__(self, name: str) -> None:
        self.settings_dict = {"NAME": name, "TEST": {"NAME": None}}


def test_only_a_test_database_counts_as_one():
    assert is_test_database(connection)
    assert is_test_database(_FakeConnection("test_eurzad"))
    assert not is_test_database(_FakeConnection("eurzad"))


@pytest.mark.django_db(transaction=True)
def test_flushing_the_test_database_empties_the_log_and_keeps_it_protected(person):
    audit_record(action="login", subject=person)
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    event = audit_record(action="login")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        models.QuerySet(AuditEvent).filter(pk=event.pk).delete()
