"""owned_or_404: a resident reads their own objects; anyone else's is a 404, and both are logged."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory

from eservices.accounts.models import Person
from eservices.audit.models import AuditEvent
from eservices.audit.services import audit_record
from eservices.personal_area.access import owned_or_404

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/moj-e-urzad/")
    request.user = user
    return request


@pytest.fixture
def events(anna, bartosz):
    """One event about each resident: objects owned through the ``subject`` field."""
    return (
        audit_record(action="login", subject=anna),
        audit_record(action="login", subject=bartosz),
    )


def test_the_owner_gets_the_object_and_the_read_is_audited(anna, events):
    own, _ = events

    found = owned_or_404(
        request=_request(anna.user),
        queryset=AuditEvent.objects.all(),
        pk=own.pk,
        owner_field="subject",
        purpose="podgląd zdarzenia",
        object_type="audit_event",
    )

    assert found == own
    view = AuditEvent.objects.filter(action="personal_data_view").get()
    assert (view.subject_id, view.actor_user_id) == (anna.pk, anna.user.pk)
    assert (view.object_type, view.object_id, view.purpose) == (
        "audit_event",
        str(own.pk),
        "podgląd zdarzenia",
    )


def test_another_residents_object_is_not_found_and_the_attempt_names_no_owner(anna, events):
    _, theirs = events
    with pytest.raises(Http404):
        owned_or_404(
            request=_request(anna.user),
            queryset=AuditEvent.objects.all(),
            pk=theirs.pk,
            owner_field="subject",
            purpose="podgląd zdarzenia",
            object_type="audit_event",
        )
    denied = AuditEvent.objects.get(action="access_denied")
    assert denied.subject_id is None
    assert denied.actor_user_id == anna.user.pk
    assert not AuditEvent.objects.filter(action="personal_data_view").exists()


def test_another_person_is_as_missing_as_a_person_who_does_not_exist(anna, bartosz):
    def read(pk):
        return owned_or_404(
            request=_request(anna.user),
            queryset=Person.objects.all(),
            pk=pk,
            owner_field="pk",
            purpose="dane osobowe",
            object_type="person",
        )

    assert read(anna.pk) == anna
    for pk in (bartosz.pk, 999_999, "not-a-number", None):
        with pytest.raises(Http404):
            read(pk)


def test_an_anonymous_visitor_or_an_office_account_gets_nothing(anna, django_user_model):
    clerk = django_user_model.objects.create_user(username="urzednik", is_staff=True)
    for user in (AnonymousUser(), clerk):
        with pytest.raises(Http404):
            owned_or_404(
                request=_request(user),
                queryset=Person.objects.all(),
                pk=anna.pk,
                owner_field="pk",
                purpose="dane osobowe",
                object_type="person",
            )


def test_a_read_without_a_purpose_is_a_programming_error(anna):
    with pytest.raises(ValueError, match="purpose"):
        owned_or_404(
            request=_request(anna.user),
            queryset=Person.objects.all(),
            pk=anna.pk,
            owner_field="pk",
            purpose="",
            object_type="person",
        )
