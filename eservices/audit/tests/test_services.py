"""audit_record: who, what, when, from where and why, and never a PESEL or a name."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from eservices.audit.models import AuditEvent
from eservices.audit.services import audit_record

from .conftest import PESEL

pytestmark = pytest.mark.django_db


def _request(user=None, **meta):
    request = RequestFactory().get("/moj-e-urzad/", **meta)
    if user is not None:
        request.user = user
    return request


def test_a_resident_view_records_the_resident_the_subject_and_the_request(person):
    request = _request(
        person.user,
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Mozilla/5.0 " + "x" * 1000,
        HTTP_X_REQUEST_ID="req-42",
    )
    event = audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_VIEW,
        request=request,
        subject=person,
        object_type="person",
        object_id=person.pk,
        purpose="pulpit",
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_kind == AuditEvent.ActorKind.RESIDENT
    assert stored.actor_user_id == person.user.pk
    assert stored.subject_id == person.pk
    assert (stored.object_type, stored.object_id, stored.purpose) == (
        "person",
        str(person.pk),
        "pulpit",
    )
    assert stored.ip_address == "203.0.113.7"
    assert stored.user_agent.startswith("Mozilla/5.0 ")
    assert len(stored.user_agent) == AuditEvent._meta.get_field("user_agent").max_length
    assert stored.request_id == "req-42"
    assert stored.occurred_at is not None


def test_actor_kinds_follow_who_is_logged_in(person):
    staff = get_user_model().objects.create_user(username="urzednik", is_staff=True)
    anonymous = _request()
    anonymous.user = AnonymousUser()
    assert audit_record(action="login_failed", request=anonymous).actor_kind == "anonymous"
    assert audit_record(action="personal_data_view", request=_request(staff)).actor_kind == "staff"
    assert audit_record(action="login", request=_request(person.user)).actor_kind == "resident"
    assert audit_record(action="session_expired", subject=person).actor_kind == "system"


def test_a_failed_login_keeps_its_reason_with_anything_like_a_pesel_masked():
    event = audit_record(action="login_failed", reason=f"pesel: bad checksum in {PESEL}")
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.reason == "pesel: bad checksum in [PESEL]"
    assert PESEL not in stored.reason


def test_no_field_of_an_event_holds_the_persons_pesel_or_name(person, client):
    request = _request(person.user, HTTP_USER_AGENT=f"agent {PESEL}")
    request.session = client.session
    request.session.save()
    event = audit_record(
        action="personal_data_view",
        request=request,
        subject=person,
        object_type="person",
        object_id=PESEL,
        purpose=f"sprawdzenie {PESEL}",
    )
    values = AuditEvent.objects.filter(pk=event.pk).values().get()
    stored = " ".join(str(value) for value in values.values())
    for secret in (PESEL, person.given_name, person.family_name):
        assert secret not in stored
    assert values["session_key_hash"]
    assert request.session.session_key not in stored


def test_an_address_that_is_not_an_ip_is_left_out(person):
    event = audit_record(action="login", request=_request(person.user, REMOTE_ADDR="unix-socket"))
    assert AuditEvent.objects.get(pk=event.pk).ip_address is None


def test_a_malformed_request_id_is_not_recorded(person):
    request = _request(person.user, HTTP_X_REQUEST_ID="<script>" + "x" * 100)
    assert audit_record(action="login", request=request).request_id == ""


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError):
        audit_record(action="coffee_break")
    assert not AuditEvent.objects.exists()


def test_deleting_a_person_neither_is_blocked_by_nor_deletes_their_events(person):
    event = audit_record(action="login", subject=person)
    person_pk = person.pk
    person.delete()
    assert AuditEvent.objects.get(pk=event.pk).subject_id == person_pk
