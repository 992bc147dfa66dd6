"""End to end through the portal at the login.gov.pl (Węzeł Krajowy) emulator, driven by requests.

The national node's profile in full: the portal's login button, a signed AuthnRequest POSTed to
the node, the SAMLart POSTed back to the ACS, artifact resolution over TLS, ECDH-ES decryption,
the dashboard; logout over SOAP in both directions; the SP metadata the node registers.
"""

from __future__ import annotations

import base64
import re

import pytest
import requests
from lxml import etree

from eservices.accounts.models import Person, ResidentSession
from eservices.audit.models import AuditEvent
from integrations.trusted_profile import xmldsig
from integrations.trusted_profile.interface import LOA_LOW, LOA_SUBSTANTIAL
from integrations.trusted_profile.testing import Resident
from integrations.trusted_profile.testing import wk_messages as msg
from integrations.trusted_profile.testing.keys import KeyPair, make_key_pair
from tests.security.portal_sp import (
    DASHBOARD_PATH,
    PortalAtNode,
    assert_refused,
    resident_traces,
    start_portal_at_node,
)

from .saml_browser import follow_saml_forms, form_with, submit

pytestmark = pytest.mark.django_db(transaction=True)

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
ARTIFACT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"
SOAP_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:SOAP"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"


@pytest.fixture
def portal(live_server, settings, tmp_path):
    """The live server registered at a running login.gov.pl emulator, settings pointed at it."""
    running = start_portal_at_node(live_server=live_server, settings=settings, directory=tmp_path)
    yield running
    running.emulator.stop()


def log_in(portal: PortalAtNode) -> tuple[requests.Session, requests.Response]:
    """The resident's whole journey from the login button; the session and the landing page."""
    session = portal.browser()
    to_node = portal.start_login(session)
    assert to_node.action == portal.emulator.sso_url
    at_node = submit(session, to_node)
    return session, follow_saml_forms(session, at_node)


def certificate_body(pem: bytes) -> str:
    """The base64 body of a PEM certificate, as metadata carries it."""
    return re.sub(r"-----[A-Z ]+-----|\s", "", pem.decode("ascii"))


def test_login_through_the_node_opens_the_dashboard_and_stores_the_eidas_attributes(portal):
    session = portal.browser()
    to_node = portal.start_login(session)
    request = etree.fromstring(base64.b64decode(to_node.fields["SAMLRequest"]))
    # The node refuses unsigned requests; this one carries the portal's ECDSA signature.
    xmldsig.verify(request, cert_pem=portal.signing.cert_pem)
    assert request.get("ProtocolBinding") == ARTIFACT_BINDING

    landed = follow_saml_forms(session, submit(session, to_node))

    resident = portal.emulator.resident
    assert landed.status_code == 200
    assert landed.url == portal.base_url + DASHBOARD_PATH
    assert f"{resident.given_name} {resident.family_name}" in landed.text
    assert "•••••••1244" in landed.text
    assert resident.pesel not in landed.text
    person = Person.objects.get()
    assert (person.pesel, person.given_name, person.family_name, person.date_of_birth) == (
        resident.pesel,
        resident.given_name,
        resident.family_name,
        resident.date_of_birth,
    )
    assert person.last_level_of_assurance == LOA_SUBSTANTIAL
    login_event = AuditEvent.objects.get(action="login")
    assert login_event.subject_id == person.pk
    assert not AuditEvent.objects.filter(action="login_failed").exists()
    idp_session = ResidentSession.objects.get()
    assert idp_session.name_id == resident.name_id
    assert idp_session.session_index in portal.emulator.active_sessions


def test_the_production_quirk_of_a_128_bit_key_under_aes256_gcm_still_logs_in(portal):
    portal.emulator.content_key_size = 16

    _, landed = log_in(portal)

    assert landed.url == portal.base_url + DASHBOARD_PATH
    assert Person.objects.get().pesel == portal.emulator.resident.pesel


def test_artifact_resolution_trusts_only_the_configured_ca(portal, settings):
    # Without the node's CA the back channel must not fall back to an unverified connection.
    settings.TRUSTED_PROFILE = {**portal.profile, "ca_bundle": ""}

    session, page = log_in(portal)

    assert page.status_code == 503
    assert "chwilowo niedostępna" in page.text
    assert not Person.objects.exists()
    assert not portal.dashboard_opens(session)
    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.reason.startswith("idp_unavailable: back channel failed: SSLError")


def test_a_level_of_assurance_below_the_required_one_is_refused(portal):
    portal.emulator.resident = Resident(loa=LOA_LOW)

    session, refused = log_in(portal)

    assert_refused(
        refused,
        portal=portal,
        session=session,
        reason="level_of_assurance",
        personal=resident_traces(portal.emulator.resident),
    )


def test_logout_through_the_portal_ends_the_session_at_the_node_over_soap(portal):
    session, landed = log_in(portal)
    session_index = ResidentSession.objects.get().session_index
    assert session_index in portal.emulator.active_sessions

    logout_form = form_with(landed, "csrfmiddlewaretoken")
    assert logout_form.action.endswith("/wyloguj/")
    after = submit(session, logout_form)

    assert after.url.endswith("/wylogowano/")
    assert [ended.session_index for ended in portal.emulator.ended_sessions] == [session_index]
    assert portal.emulator.ended_sessions[0].name_id == portal.emulator.resident.name_id
    assert not portal.emulator.active_sessions
    assert not ResidentSession.objects.exists()
    assert not portal.dashboard_opens(session)


def node_logout_request(
    portal: PortalAtNode, *, name_id: str, session_index: str, key: KeyPair | None = None
) -> etree._Element:
    """A LogoutRequest as the node sends it over SOAP, signed with its key (or ``key``)."""
    emulator = portal.emulator
    request = etree.Element(
        msg.q(msg.NS_SAMLP, "LogoutRequest"),
        nsmap={"saml2p": msg.NS_SAMLP, "saml2": msg.NS_SAML},
        ID=msg.message_id(),
        Version="2.0",
        IssueInstant=msg.instant(emulator.now()),
        Destination=portal.slo_soap_url,
    )
    etree.SubElement(request, msg.q(msg.NS_SAML, "Issuer")).text = emulator.entity_id
    etree.SubElement(
        request, msg.q(msg.NS_SAML, "NameID"), Format=msg.NAMEID_UNSPECIFIED
    ).text = name_id
    etree.SubElement(request, msg.q(msg.NS_SAMLP, "SessionIndex")).text = session_index
    # The emulator sends no LogoutRequest of its own, so the test signs as the node does, with
    # the node's key (held privately by the emulator; see the report on exposing it).
    signing = key or emulator._signing
    xmldsig.sign(
        request,
        key_pem=signing.key_pem,
        cert_pem=signing.cert_pem,
        inclusive_namespaces=msg.INCLUSIVE_PREFIXES,
    )
    return request


def post_soap_logout(portal: PortalAtNode, request: etree._Element) -> requests.Response:
    """POST ``request`` in a SOAP envelope to the portal's back-channel SLO, as the node does."""
    return requests.post(
        portal.slo_soap_url,
        data=msg.soap_envelope(request),
        headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": ""},
        timeout=30,
    )


def test_a_soap_logout_request_from_the_node_ends_the_portal_session(portal):
    session, _ = log_in(portal)
    idp_session = ResidentSession.objects.get()
    request = node_logout_request(
        portal, name_id=idp_session.name_id, session_index=idp_session.session_index
    )

    answer = post_soap_logout(portal, request)

    assert answer.status_code == 200, answer.text
    response = etree.fromstring(answer.content).find(f"{{{SOAP}}}Body")[0]
    assert response.tag == msg.q(msg.NS_SAMLP, "LogoutResponse")
    assert response.get("InResponseTo") == request.get("ID")
    status = response.find(f"{msg.q(msg.NS_SAMLP, 'Status')}/{msg.q(msg.NS_SAMLP, 'StatusCode')}")
    assert status.get("Value") == SUCCESS
    xmldsig.verify(response, cert_pem=portal.signing.cert_pem)
    assert not ResidentSession.objects.exists()
    assert not portal.dashboard_opens(session)
    assert AuditEvent.objects.filter(action="logout", reason="ended by the IdP").count() == 1


def test_a_soap_logout_request_signed_by_another_key_leaves_the_session_alone(portal):
    session, _ = log_in(portal)
    idp_session = ResidentSession.objects.get()
    request = node_logout_request(
        portal,
        name_id=idp_session.name_id,
        session_index=idp_session.session_index,
        key=make_key_pair(kind="ec", common_name="not the node"),
    )

    answer = post_soap_logout(portal, request)

    assert answer.status_code == 400
    assert ResidentSession.objects.count() == 1
    assert portal.dashboard_opens(session)


def test_the_metadata_lists_the_ec_keys_the_artifact_acs_and_soap_logout(portal):
    answer = requests.get(f"{portal.base_url}/saml/metadata/", timeout=30)

    assert answer.status_code == 200
    entity = etree.fromstring(answer.content)
    assert entity.get("entityID") == portal.entity_id
    xmldsig.verify(entity, cert_pem=portal.signing.cert_pem)
    sp = entity.find(f"{{{MD}}}SPSSODescriptor")
    keys = {
        descriptor.get("use"): descriptor.findtext(f".//{{{xmldsig.NS_DS}}}X509Certificate")
        for descriptor in sp.findall(f"{{{MD}}}KeyDescriptor")
    }
    assert keys == {
        "signing": certificate_body(portal.signing.cert_pem),
        "encryption": certificate_body(portal.encryption.cert_pem),
    }
    services = {
        (service.get("Binding"), service.get("Location"))
        for service in sp.findall(f"{{{MD}}}AssertionConsumerService")
    }
    assert (ARTIFACT_BINDING, portal.acs_url) in services
    default = [
        service.get("Binding")
        for service in sp.findall(f"{{{MD}}}AssertionConsumerService")
        if service.get("isDefault") == "true"
    ]
    assert default == [ARTIFACT_BINDING]
    logout = [
        (service.get("Binding"), service.get("Location"))
        for service in sp.findall(f"{{{MD}}}SingleLogoutService")
    ]
    assert logout == [(SOAP_BINDING, portal.slo_soap_url)]
