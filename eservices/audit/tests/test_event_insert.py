"""The audit row written by one INSERT is the row ``Model.save`` writes."""

from __future__ import annotations

import pytest
from django.utils import timezone

from eservices.audit.event_insert import insert_row
from eservices.audit.models import AuditEvent, AuditLogIsAppendOnly

pytestmark = pytest.mark.django_db

WHEN = timezone.now()


def _event(**overrides) -> AuditEvent:
    values = {
        "action": AuditEvent.Action.PERSONAL_DATA_VIEW,
        "actor_kind": AuditEvent.ActorKind.RESIDENT,
        "object_type": "person",
        "object_id": "17",
        "purpose": "pulpit",
        "reason": "",
        "ip_address": "192.0.2.10",
        "user_agent": "Przeglądarka/1.0 (zażółć)",
        "request_id": "req-1",
        "session_key_hash": "ab" * 32,
        "occurred_at": WHEN,
    }
    return AuditEvent(**{**values, **overrides})


def _stored(pk) -> dict:
    row = AuditEvent.objects.filter(pk=pk).values().get()
    row.pop("id")
    return row


def test_the_inserted_row_equals_the_saved_one():
    saved, inserted = _event(), _event()
    saved.save()

    result = insert_row(inserted)

    assert result is inserted and inserted.pk is not None and inserted.pk != saved.pk
    assert _stored(inserted.pk) == _stored(saved.pk)
    assert not inserted._state.adding and inserted._state.db == "default"


def test_empty_and_missing_values_are_stored_as_save_stores_them():
    saved, inserted = _event(ip_address=None, user_agent=""), _event(ip_address=None, user_agent="")
    saved.save()
    insert_row(inserted)
    assert _stored(inserted.pk) == _stored(saved.pk)


def test_a_written_event_stays_append_only():
    event = insert_row(_event())
    event.purpose = "zmiana"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()


def test_an_unsaved_related_person_is_an_error_not_a_null():
    from eservices.accounts.models import Person

    with pytest.raises(ValueError, match="unsaved"):
        insert_row(_event(subject=Person()))
    assert not AuditEvent.objects.exists()


def test_the_actor_and_subject_are_stored(django_user_model):
    from eservices.personal_area.tests.residents import make_person, valid_pesel

    person = make_person(pesel=valid_pesel("8109090099"), given_name="Ola", family_name="Bór")
    saved = _event(actor_user=person.user, subject=person)
    inserted = _event(actor_user=person.user, subject=person)
    saved.save()
    insert_row(inserted)
    stored = _stored(inserted.pk)
    assert stored == _stored(saved.pk)
    assert stored["actor_user_id"] == person.user.pk and stored["subject_id"] == person.pk
