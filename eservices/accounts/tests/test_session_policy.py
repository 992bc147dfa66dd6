"""A resident's session ends after 15 idle minutes or the absolute limit, and can be extended."""

import time

import pytest
import time_machine
from django.urls import reverse

from eservices.accounts import session_policy
from eservices.accounts.services import person_from_identity

from .test_services import identity

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident_client(client):
    person = person_from_identity(identity=identity())
    client.force_login(person.user, backend="eservices.accounts.backends.TrustedProfileBackend")
    session = client.session
    now = int(time.time())
    session[session_policy.LOGIN_AT] = now
    session[session_policy.LAST_ACTIVITY] = now
    session.save()
    return client


def _state(client, **headers):
    return client.get(reverse("session-state"), HTTP_ACCEPT="application/json", **headers)


def test_a_fresh_session_has_fifteen_minutes_and_is_never_cached(resident_client):
    response = _state(resident_client)
    assert response.status_code == 200
    assert 890 <= response.json()["seconds_left"] <= 900
    assert "no-store" in response["Cache-Control"]


def test_activity_within_the_idle_limit_keeps_the_session(resident_client):
    with time_machine.travel(time.time() + 14 * 60, tick=False):
        assert _state(resident_client).status_code == 200
    with time_machine.travel(time.time() + 28 * 60, tick=False):
        assert _state(resident_client).status_code == 200


def test_fifteen_idle_minutes_end_the_session_and_the_expiry_is_audited(resident_client):
    from eservices.audit.models import AuditEvent

    with time_machine.travel(time.time() + 15 * 60 + 1, tick=False):
        response = _state(resident_client)
    assert response.status_code == 401
    assert response.json()["expired"] is True
    assert "_auth_user_id" not in resident_client.session
    assert AuditEvent.objects.filter(action="session_expired", reason="idle").exists()


def test_a_page_request_after_expiry_goes_to_the_login_page_with_a_notice(resident_client):
    with time_machine.travel(time.time() + 16 * 60, tick=False):
        response = resident_client.get(reverse("session-state"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?sesja=wygasla")


def test_passive_polling_does_not_count_as_activity(resident_client):
    with time_machine.travel(time.time() + 10 * 60, tick=False):
        left = _state(resident_client, HTTP_X_SESSION_PASSIVE="1").json()["seconds_left"]
        assert 290 <= left <= 300
    with time_machine.travel(time.time() + 15 * 60 + 1, tick=False):
        assert _state(resident_client, HTTP_X_SESSION_PASSIVE="1").status_code == 401


def test_the_extend_button_restarts_the_idle_clock(resident_client):
    with time_machine.travel(time.time() + 14 * 60, tick=False):
        response = resident_client.post(reverse("session-state"), HTTP_ACCEPT="application/json")
        assert response.json()["seconds_left"] >= 890


def test_the_absolute_limit_ends_even_an_active_session(resident_client, settings):
    settings.RESIDENT_SESSION_ABSOLUTE_SECONDS = 30 * 60
    start = time.time()
    for minutes in (10, 20, 29):
        with time_machine.travel(start + minutes * 60, tick=False):
            assert _state(resident_client).status_code == 200
    with time_machine.travel(start + 30 * 60 + 1, tick=False):
        assert _state(resident_client).status_code == 401


def test_anonymous_visitors_have_no_session_to_extend(client):
    assert _state(client).status_code == 401
