"""Tampered, forged and replayed SAML messages sent through the portal's ACS.

Every attack must end the same way for the person at the browser: HTTP 403 with the one generic
sentence and nothing personal on the page, no resident and no session created, and exactly one
``login_failed`` audit event whose reason names the specific RejectReason.

Two ways in. HTTP-POST attacks run the generic profile against an IdP the test plays itself
(:mod:`tests.security.forged_idp`): the portal trusts its key, so the test can build a valid
Response and then break exactly one thing. Artifact attacks run the login.gov.pl profile
against the national-node emulator and its hooks (clock, resident, mutations before encryption,
before the inner signature and after signing).
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import secrets
from collections.abc import Callable

import pytest
from lxml import etree

from eservices.accounts.models import Person, ResidentSession
from eservices.audit.models import AuditEvent
from integrations.trusted_profile import xmldsig
from integrations.trusted_profile.interface import LOA_LOW
from integrations.trusted_profile.testing import Resident
from integrations.trusted_profile.testing import wk_messages as msg

from .forged_idp import (
    SAML,
    SAMLP,
    ForgedIdP,
    IdentityProviderKeys,
    assertion_of,
    attribute_value,
    generic_post_profile,
    impersonate,
    post_response,
    q,
    serialise,
    signature_of,
)
from .portal_sp import (
    Footprint,
    Portal,
    PortalAtNode,
    assert_refused,
    authn_request_id,
    resident_traces,
    start_portal_at_node,
)
from .wrapping import VARIANTS

pytestmark = pytest.mark.django_db(transaction=True)

GENUINE = Resident()
#: The person the attacker wants to be taken for.
VICTIM = Resident(
    pesel="02270803624",
    given_name="Łucja",
    family_name="Świątek-Żuraw",
    date_of_birth=dt.date(2002, 7, 8),
    name_id="lswiatek",
)
PERSONAL = resident_traces(GENUINE) + resident_traces(VICTIM)
ELSEWHERE = "https://inny-urzad.example/saml/"


@pytest.fixture(scope="module")
def keys() -> IdentityProviderKeys:
    """RSA keys for the whole module: generating them per test would dominate the run time."""
    return IdentityProviderKeys()


@pytest.fixture
def forged(live_server, settings, tmp_path, keys) -> ForgedIdP:
    """The portal at an IdP the test plays, answering by HTTP-POST."""
    profile = generic_post_profile(portal_base=live_server.url, keys=keys, directory=tmp_path)
    settings.TRUSTED_PROFILE = profile
    portal = Portal(
        base_url=live_server.url,
        signing=keys.sp_signing,
        encryption=keys.sp_encryption,
        profile=profile,
    )
    return ForgedIdP(portal=portal, keys=keys)


@pytest.fixture
def node(live_server, settings, tmp_path):
    """The portal at the login.gov.pl emulator (artifact binding, EC keys, TLS)."""
    running = start_portal_at_node(live_server=live_server, settings=settings, directory=tmp_path)
    yield running
    running.emulator.stop()


# -- HTTP-POST: responses the test builds, signs and then breaks -----------------------------------

PostAttack = Callable[[ForgedIdP, str], bytes]


def _wrapped(variant: str) -> PostAttack:
    wrap, signs_response = VARIANTS[variant]

    def build(idp: ForgedIdP, request_id: str) -> bytes:
        response = idp.response(request_id=request_id)
        idp.sign(response if signs_response else assertion_of(response))
        wrap(response, lambda assertion: impersonate(assertion, VICTIM))
        return serialise(response)

    return build


def _signature_removed(idp: ForgedIdP, request_id: str) -> bytes:
    response = idp.sign(idp.response(request_id=request_id))
    response.remove(signature_of(response))
    return serialise(response)


def _attribute_changed_after_signing(idp: ForgedIdP, request_id: str) -> bytes:
    response = idp.response(request_id=request_id)
    idp.sign(assertion_of(response))
    attribute_value(assertion_of(response), "PersonIdentifier").text = VICTIM.pesel
    return serialise(response)


def _resigned_with_untrusted_key(idp: ForgedIdP, request_id: str) -> bytes:
    response = idp.response(request_id=request_id, resident=VICTIM)
    return serialise(idp.sign(response, key=idp.keys.stranger))


def _sha1_signature(idp: ForgedIdP, request_id: str) -> bytes:
    response = idp.response(request_id=request_id)
    idp.sign(response, algorithm=xmldsig.RSA_SHA1, digest_algorithm=xmldsig.DIGEST_SHA1)
    return serialise(response)


def _unknown_in_response_to(idp: ForgedIdP, request_id: str) -> bytes:
    # Validly signed, but for a login the portal never started (not the pending one).
    response = idp.response(request_id=f"_{secrets.token_hex(20)}")
    return serialise(idp.sign(response))


def _missing_in_response_to(idp: ForgedIdP, request_id: str) -> bytes:
    response = idp.response(request_id=request_id)
    del response.attrib["InResponseTo"]
    for data in response.iter(q(SAML, "SubjectConfirmationData")):
        del data.attrib["InResponseTo"]
    return serialise(idp.sign(response))


def _wrong_issuer(idp: ForgedIdP, request_id: str) -> bytes:
    response = idp.response(request_id=request_id)
    for issuer in response.iter(q(SAML, "Issuer")):
        issuer.text = "https://idp.evil.test/saml"
    return serialise(idp.sign(response))


def _wrong_audience(idp: ForgedIdP, request_id: str) -> bytes:
    response = idp.response(request_id=request_id)
    response.find(f".//{q(SAML, 'Audience')}").text = ELSEWHERE + "metadata/"
    return serialise(idp.sign(response))


def _two_assertions(idp: ForgedIdP, request_id: str) -> bytes:
    response = idp.response(request_id=request_id)
    second = idp.response(request_id=request_id, resident=VICTIM)
    assertion_of(response).addnext(assertion_of(second))
    for assertion in response.findall(q(SAML, "Assertion")):
        idp.sign(assertion)
    return serialise(response)


def _duplicated_attribute(idp: ForgedIdP, request_id: str) -> bytes:
    response = idp.response(request_id=request_id)
    original = attribute_value(assertion_of(response), "PersonIdentifier").getparent()
    duplicate = copy.deepcopy(original)
    duplicate.find(q(SAML, "AttributeValue")).text = VICTIM.pesel
    original.addnext(duplicate)
    return serialise(idp.sign(response))


def _with_doctype(idp: ForgedIdP, request_id: str, doctype: str, entity: str) -> bytes:
    response = idp.response(request_id=request_id)
    idp.sign(response)
    marker = "ENTITY-HERE"
    attribute_value(assertion_of(response), "CurrentGivenName").text = marker
    body = etree.tostring(response, encoding="unicode").replace(marker, entity)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n{body}'.encode()


def _billion_laughs(idp: ForgedIdP, request_id: str) -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)
    ]
    doctype = f"<!DOCTYPE saml2p:Response [{''.join(entities)}]>"
    return _with_doctype(idp, request_id, doctype, "&lol9;")


def _external_entity(idp: ForgedIdP, request_id: str) -> bytes:
    doctype = '<!DOCTYPE saml2p:Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return _with_doctype(idp, request_id, doctype, "&xxe;")


# Every wrapping variant leaves a second Assertion somewhere in the document (the signed
# original or its altered copy). python3-saml counts the assertions anywhere in the Response
# before it looks at a signature, so all eight stop at that structural check, as MALFORMED.
WRAPPED = "must contain 1 assertion"

POST_ATTACKS = [
    *(
        pytest.param(_wrapped(variant), "malformed", WRAPPED, id=f"{variant}-signature-wrapping")
        for variant in VARIANTS
    ),
    pytest.param(_signature_removed, "signature", "No Signature found", id="signature-removed"),
    pytest.param(
        _attribute_changed_after_signing,
        "signature",
        "Signature validation failed",
        id="attribute-changed-after-signing",
    ),
    pytest.param(
        _resigned_with_untrusted_key,
        "signature",
        "Signature validation failed",
        id="re-signed-with-an-untrusted-key",
    ),
    pytest.param(
        _sha1_signature, "signature", "Deprecated signature algorithm", id="rsa-sha1-signature"
    ),
    pytest.param(
        _unknown_in_response_to,
        "unsolicited",
        "is not a pending login",
        id="unknown-in-response-to",
    ),
    pytest.param(
        _missing_in_response_to, "unsolicited", "has no InResponseTo", id="missing-in-response-to"
    ),
    pytest.param(_wrong_issuer, "issuer", "Invalid issuer", id="wrong-issuer"),
    pytest.param(_wrong_audience, "audience", "not a valid audience", id="wrong-audience-post"),
    pytest.param(_two_assertions, "malformed", WRAPPED, id="two-signed-assertions"),
    pytest.param(
        _duplicated_attribute, "attributes", "duplicated Name", id="duplicated-pesel-attribute"
    ),
    # libxml2's amplification limit stops the expansion while parsing, before the DTD check.
    pytest.param(_billion_laughs, "malformed", "unparseable XML", id="dtd-billion-laughs"),
    pytest.param(_external_entity, "malformed", "DTDForbidden", id="dtd-external-entity"),
]


@pytest.mark.parametrize("signed", ["response", "assertion"])
def test_the_untampered_post_response_logs_in(forged, signed):
    """The control: what the attacks start from is accepted, so each refusal is the tampering's."""
    portal = forged.portal
    session = portal.browser()
    response = forged.response(request_id=authn_request_id(portal.start_login(session)))
    forged.sign(response if signed == "response" else assertion_of(response))

    landed = post_response(portal, session, serialise(response))

    assert landed.url.endswith("/moj-e-urzad/")
    assert Person.objects.get().pesel == GENUINE.pesel
    assert portal.dashboard_opens(session)


@pytest.mark.parametrize(("attack", "reason", "detail"), POST_ATTACKS)
def test_a_tampered_post_response_is_refused_for_its_reason(forged, attack, reason, detail):
    portal = forged.portal
    session = portal.browser()
    request_id = authn_request_id(portal.start_login(session))

    page = post_response(portal, session, attack(forged, request_id))

    assert_refused(
        page, portal=portal, session=session, reason=reason, detail=detail, personal=PERSONAL
    )


# -- HTTP-Artifact at the national-node emulator ---------------------------------------------------

ArtifactAttack = Callable[[PortalAtNode, str], str]


def _set_text(path: str, value: str) -> Callable[[etree._Element], None]:
    def mutate(element: etree._Element) -> None:
        element.find(path).text = value

    return mutate


def _set_attribute(path: str, name: str, value: str) -> Callable[[etree._Element], None]:
    def mutate(element: etree._Element) -> None:
        element.find(path).set(name, value)

    return mutate


def _issued(node: PortalAtNode, request_id: str) -> str:
    return node.emulator.issue_artifact(request_id)


def _hooked(**hooks) -> ArtifactAttack:
    """Set emulator attributes (hooks, clock, resident), then let it issue the artifact."""

    def attack(node: PortalAtNode, request_id: str) -> str:
        for name, value in hooks.items():
            setattr(node.emulator, name, value)
        return _issued(node, request_id)

    return attack


def _foreign_source_id(node: PortalAtNode, request_id: str) -> str:
    raw = bytearray(base64.b64decode(_issued(node, request_id)))
    raw[4:24] = msg.artifact_source_id("https://inny-wezel.example/wk")
    return base64.b64encode(bytes(raw)).decode("ascii")


def _unknown_request(node: PortalAtNode, request_id: str) -> str:
    return _issued(node, f"_{secrets.token_hex(20)}")


def _duplicate_attribute(assertion: etree._Element) -> None:
    original = attribute_value(assertion, "PersonIdentifier").getparent()
    duplicate = copy.deepcopy(original)
    duplicate.find(q(SAML, "AttributeValue")).text = VICTIM.pesel
    original.addnext(duplicate)


def _second_encrypted_assertion(response: etree._Element) -> None:
    encrypted = response.find(q(SAML, "EncryptedAssertion"))
    encrypted.addnext(copy.deepcopy(encrypted))


def _inner_response_changed(artifact_response: etree._Element) -> None:
    artifact_response.find(q(SAMLP, "Response")).set("Destination", ELSEWHERE + "acs/")


def _outer_signature_removed(artifact_response: etree._Element) -> None:
    artifact_response.remove(signature_of(artifact_response))


ASSERTION = q(SAML, "Assertion")
SUBJECT_DATA = f"{q(SAML, 'Subject')}/{q(SAML, 'SubjectConfirmation')}/" + q(
    SAML, "SubjectConfirmationData"
)
AUDIENCE = f"{q(SAML, 'Conditions')}/{q(SAML, 'AudienceRestriction')}/{q(SAML, 'Audience')}"


def _artifact_response_wrapped(artifact_response: etree._Element) -> None:
    """XSW1 on the ArtifactResponse: a new root, the signed original inside its Signature."""
    original = copy.deepcopy(artifact_response)
    original.remove(signature_of(original))
    artifact_response.set("ID", "_evil-artifact-response")
    signature_of(artifact_response).append(original)


def _artifact_response_id_duplicated(artifact_response: etree._Element) -> None:
    """A copy carrying the signed ID, so a lookup by ID could find either element."""
    twin = copy.deepcopy(artifact_response)
    twin.remove(signature_of(twin))
    artifact_response.find(q(SAMLP, "Status")).addnext(twin)


ARTIFACT_ATTACKS = [
    pytest.param(
        _foreign_source_id, "artifact", "SourceID", id="artifact-with-a-foreign-source-id"
    ),
    pytest.param(
        _unknown_request,
        "unsolicited",
        "is not a pending login",
        id="artifact-for-a-login-never-started",
    ),
    pytest.param(
        _hooked(mutate_assertion=_set_text(AUDIENCE, ELSEWHERE + "metadata/")),
        "audience",
        "not a valid audience",
        id="wrong-audience",
    ),
    pytest.param(
        _hooked(mutate_assertion=_set_attribute(SUBJECT_DATA, "Recipient", ELSEWHERE + "acs/")),
        "destination",
        "SubjectConfirmation",
        id="wrong-recipient",
    ),
    pytest.param(
        _hooked(mutate_inner_response=lambda r: r.set("Destination", ELSEWHERE + "acs/")),
        "destination",
        "received at",
        id="wrong-destination",
    ),
    pytest.param(
        _hooked(mutate_assertion=_set_text(q(SAML, "Issuer"), "https://inny-wezel.example/wk")),
        "issuer",
        "Invalid issuer",
        id="wrong-issuer-in-the-assertion",
    ),
    pytest.param(
        _hooked(clock_offset=dt.timedelta(minutes=-10)), "expired", "expired", id="expired"
    ),
    pytest.param(
        _hooked(clock_offset=dt.timedelta(minutes=10)),
        "not_yet_valid",
        "not yet valid",
        id="not-yet-valid",
    ),
    pytest.param(
        _hooked(resident=Resident(loa=LOA_LOW)),
        "level_of_assurance",
        "below the required",
        id="loa-below-required",
    ),
    pytest.param(
        _hooked(resident=Resident(pesel="85031401245")),
        "pesel",
        "not valid",
        id="pesel-with-a-bad-checksum",
    ),
    pytest.param(
        _hooked(mutate_assertion=_duplicate_attribute),
        "attributes",
        "duplicated Name",
        id="duplicated-attributes",
    ),
    pytest.param(
        _hooked(mutate_inner_response=_second_encrypted_assertion),
        "malformed",
        WRAPPED,
        id="two-encrypted-assertions",
    ),
    pytest.param(
        _hooked(mutate_after_signing=_inner_response_changed),
        "signature",
        "does not verify",
        id="response-changed-after-signing",
    ),
    pytest.param(
        _hooked(mutate_after_signing=_outer_signature_removed),
        "signature",
        "0 signatures",
        id="artifact-response-signature-removed",
    ),
    pytest.param(
        _hooked(mutate_after_signing=_artifact_response_wrapped),
        "signature",
        "does not reference the signed element",
        id="artifact-response-signature-wrapping",
    ),
    pytest.param(
        _hooked(mutate_after_signing=_artifact_response_id_duplicated),
        "signature",
        "occurs 2 times",
        id="artifact-response-signed-id-duplicated",
    ),
]


@pytest.mark.parametrize(("attack", "reason", "detail"), ARTIFACT_ATTACKS)
def test_a_tampered_artifact_answer_is_refused_for_its_reason(node, attack, reason, detail):
    session = node.browser()
    request_id = authn_request_id(node.start_login(session))

    page = node.post_artifact(session, attack(node, request_id))

    assert_refused(
        page, portal=node, session=session, reason=reason, detail=detail, personal=PERSONAL
    )


# -- Replays -------------------------------------------------------------------------------------


def test_a_replayed_artifact_is_refused(node):
    session = node.browser()
    artifact = _issued(node, authn_request_id(node.start_login(session)))
    assert node.post_artifact(session, artifact).url.endswith("/moj-e-urzad/")
    before = Footprint.now()

    attacker = node.browser()
    node.start_login(attacker)  # a login of the attacker's own is pending
    page = node.post_artifact(attacker, artifact)

    assert_refused(
        page,
        portal=node,
        session=attacker,
        reason="replay",
        detail="artifact presented before",
        personal=PERSONAL,
        before=before,
    )


def test_a_replayed_response_is_refused_as_answering_no_pending_login(forged):
    portal = forged.portal
    session = portal.browser()
    response = serialise(
        forged.sign(forged.response(request_id=authn_request_id(portal.start_login(session))))
    )
    assert post_response(portal, session, response).url.endswith("/moj-e-urzad/")
    before = Footprint.now()

    attacker = portal.browser()
    portal.start_login(attacker)
    page = post_response(portal, attacker, response)

    # The login it answered is finished, so the portal refuses it before the assertion id.
    assert_refused(
        page,
        portal=portal,
        session=attacker,
        reason="unsolicited",
        detail="is not a pending login",
        personal=PERSONAL,
        before=before,
    )


def test_an_assertion_presented_again_in_a_new_response_is_refused_as_a_replay(forged):
    portal = forged.portal
    first_session = portal.browser()
    first = forged.response(request_id=authn_request_id(portal.start_login(first_session)))
    assertion_id = assertion_of(first).get("ID")
    assert post_response(portal, first_session, serialise(forged.sign(first))).status_code == 200
    before = Footprint.now()

    session = portal.browser()
    second = forged.response(request_id=authn_request_id(portal.start_login(session)))
    assertion_of(second).set("ID", assertion_id)  # signed by the IdP: only the id is old
    page = post_response(portal, session, serialise(forged.sign(second)))

    assert_refused(
        page,
        portal=portal,
        session=session,
        reason="replay",
        detail="seen before",
        personal=PERSONAL,
        before=before,
    )


# -- Comment injection ---------------------------------------------------------------------------


def test_a_comment_in_the_name_id_does_not_truncate_it_into_another_identity(forged):
    portal = forged.portal
    session = portal.browser()
    response = forged.response(request_id=authn_request_id(portal.start_login(session)))
    name_id = response.find(f".//{q(SAML, 'NameID')}")
    name_id.text = "user@evil"
    comment = etree.Comment("")
    comment.tail = ".example"
    name_id.append(comment)
    document = serialise(forged.sign(response))
    assert b"user@evil<!---->.example" in document

    landed = post_response(portal, session, document)

    # The signature covers the text without the comment, so the IdP vouched for the whole name:
    # the login goes through, bound to the full NameID and never to "user@evil".
    assert landed.url.endswith("/moj-e-urzad/")
    assert ResidentSession.objects.get().name_id == "user@evil.example"
    assert Person.objects.get().pesel == GENUINE.pesel
    assert not AuditEvent.objects.filter(action="login_failed").exists()
