"""End to end at the real dev IdP (SimpleSAMLphp), driven by requests: both bindings, the
attributes, logout on both sides, session expiry, a replayed artifact, an unsolicited response."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from eservices.accounts.models import Person
from eservices.audit.models import AuditEvent

from .saml_browser import follow_saml_forms, form_with, submit

pytestmark = [pytest.mark.idp, pytest.mark.django_db(transaction=True)]


def start_login(base: str, session: requests.Session) -> requests.Response:
    """From the portal's login button to the IdP's password form."""
    page = session.get(f"{base}/logowanie/", timeout=30)
    response = submit(session, form_with(page, "next"))
    return follow_saml_forms(session, response)


def login(base: str, resident, session: requests.Session | None = None):
    """Log ``resident`` in; return the session and the page the portal lands on."""
    session = session or requests.Session()
    password_form = form_with(start_login(base, session), "password")
    response = submit(
        session, password_form, username=resident.username, password=resident.password
    )
    return session, follow_saml_forms(session, response)


def dashboard_url(base: str) -> str:
    return f"{base}/moj-e-urzad/"


def test_artifact_login_maps_the_attributes_and_opens_the_dashboard(
    live_server, portal_at_idp, zofia, caplog
):
    caplog.set_level("DEBUG")
    _, landed = login(live_server.url, zofia)
    assert zofia.pesel not in caplog.text  # nothing logs the PESEL, at any level
    assert landed.status_code == 200
    assert landed.url == dashboard_url(live_server.url)
    assert "Zofia Wójcik-Żółkiewska" in landed.text
    assert "•••••••4627" in landed.text
    assert zofia.pesel not in landed.text
    assert "no-store" in landed.headers["Cache-Control"]

    person = Person.objects.get()
    assert (person.pesel, person.given_name, person.family_name) == (
        zofia.pesel,
        "Zofia",
        "Wójcik-Żółkiewska",
    )
    assert person.date_of_birth.isoformat() == zofia.date_of_birth
    assert person.last_level_of_assurance == "http://eidas.europa.eu/LoA/substantial"
    assert AuditEvent.objects.filter(action="login", subject=person).count() == 1


def test_post_binding_login_works_the_same(live_server, portal_at_idp, lukasz):
    portal_at_idp(binding="post")
    _, landed = login(live_server.url, lukasz)
    assert landed.url == dashboard_url(live_server.url)
    assert "Łukasz Gąsienica" in landed.text


def test_login_replaces_a_planted_session_key(live_server, portal_at_idp, zofia):
    from importlib import import_module

    from django.conf import settings

    planted = import_module(settings.SESSION_ENGINE).SessionStore()
    planted["planted"] = True
    planted.create()  # a valid anonymous session an attacker could have fixed in the browser
    session = requests.Session()
    session.cookies.set("sessionid", planted.session_key, domain="localhost.local")  # requests'
    session, landed = login(live_server.url, zofia, session)
    assert landed.url == dashboard_url(live_server.url)
    assert session.cookies.get("sessionid", domain="localhost.local") not in (
        None,
        planted.session_key,
    )
    assert not planted.exists(planted.session_key)


def test_logout_ends_the_portal_session_and_the_idp_session(live_server, portal_at_idp, zofia):
    portal_at_idp(force_authn=False)  # without ForceAuthn a live IdP session would skip the form
    session, landed = login(live_server.url, zofia)
    logout_form = form_with(landed, "csrfmiddlewaretoken")
    assert logout_form.action.endswith("/wyloguj/")
    after = follow_saml_forms(session, submit(session, logout_form))
    assert after.url == f"{live_server.url}/wylogowano/"
    assert AuditEvent.objects.filter(action="logout").exists()

    again = session.get(dashboard_url(live_server.url), timeout=30)
    assert urlsplit(again.url).path == "/logowanie/"
    # The IdP asks for the password again: its session ended too.
    assert "password" in form_with(start_login(live_server.url, session), "password").fields


def test_an_idle_session_expires_with_a_notice_and_an_audit_entry(
    live_server, portal_at_idp, zofia, settings
):
    settings.RESIDENT_SESSION_IDLE_SECONDS = 2
    session, _ = login(live_server.url, zofia)
    time.sleep(3)
    expired = session.get(dashboard_url(live_server.url), timeout=30)
    assert urlsplit(expired.url).path == "/logowanie/"
    assert parse_qs(urlsplit(expired.url).query)["sesja"] == ["wygasla"]
    assert "sesja wygasła" in expired.text
    assert AuditEvent.objects.filter(action="session_expired").count() == 1


def test_a_replayed_artifact_is_refused(live_server, portal_at_idp, zofia):
    session = requests.Session()
    password_form = form_with(start_login(live_server.url, session), "password")
    # Stop where the IdP hands the artifact to the browser.
    response = session.post(
        password_form.action,
        data={**password_form.fields, "username": zofia.username, "password": zofia.password},
        allow_redirects=False,
        timeout=30,
    )
    artifact_url = response.headers["Location"]
    assert "SAMLart=" in artifact_url
    first = session.get(artifact_url, timeout=30)
    assert first.url == dashboard_url(live_server.url)

    replay = requests.get(artifact_url, timeout=30)
    assert replay.status_code == 403
    assert "Nie udało się potwierdzić Twojej tożsamości" in replay.text
    assert AuditEvent.objects.filter(action="login_failed").count() == 1


def test_an_unsolicited_response_is_refused(live_server, portal_at_idp, zofia):
    from eurzad.devservices.simplesamlphp import idp_endpoints

    session = requests.Session()
    # IdP-initiated login: a response the portal never asked for.
    response = session.get(
        idp_endpoints().sso_url,
        params={"spentityid": f"{live_server.url}/saml/metadata/"},
        timeout=30,
    )
    response = submit(
        session,
        form_with(response, "password"),
        username=zofia.username,
        password=zofia.password,
    )
    refused = follow_saml_forms(session, response)
    assert refused.status_code == 403
    assert not Person.objects.exists()
    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.reason.startswith("unsolicited")
