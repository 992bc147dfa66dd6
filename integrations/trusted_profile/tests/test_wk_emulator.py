"""The login.gov.pl emulator speaks the node's profile over real HTTPS, as the 2018 sample shows."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest
import requests
import time_machine
from lxml import etree
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from integrations.trusted_profile import xmldsig, xmlenc_ec
from integrations.trusted_profile.interface import LOA_HIGH
from integrations.trusted_profile.testing import Resident, WKEmulator
from integrations.trusted_profile.testing.keys import KeyPair, make_key_pair

DATA = Path(__file__).parent / "data" / "login_gov_pl"
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
DS = "http://www.w3.org/2000/09/xmldsig#"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
XENC = "http://www.w3.org/2001/04/xmlenc#"
NATURALPERSON = "http://eidas.europa.eu/attributes/naturalperson/"
ARTIFACT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"

SP_ENTITY_ID = "https://urzad.example/saml/metadata"
ACS_URL = "https://urzad.example/saml/acs"


class ServiceProvider:
    """What a test plays on the service provider's side: keys and message builders."""

    def __init__(self, entity_id: str = SP_ENTITY_ID, acs_url: str = ACS_URL) -> None:
        self.entity_id = entity_id
        self.acs_url = acs_url
        self.signing: KeyPair = make_key_pair(common_name="sp signing")
        self.encryption: KeyPair = make_key_pair(common_name="sp encryption")

    def register(self, emulator: WKEmulator) -> None:
        emulator.register_sp(
            self.entity_id, self.acs_url, self.signing.cert_pem, self.encryption.cert_pem
        )

    def message(self, tag: str, **attributes: str) -> etree._Element:
        element = etree.Element(
            f"{{{SAMLP}}}{tag}",
            nsmap={"saml2p": SAMLP, "saml2": SAML},
            ID=f"ID-{tag}-{id(attributes)}",
            Version="2.0",
            IssueInstant=OneLogin_Saml2_Utils.parse_time_to_SAML(OneLogin_Saml2_Utils.now()),
            **attributes,
        )
        etree.SubElement(element, f"{{{SAML}}}Issuer").text = self.entity_id
        return element

    def sign(self, element: etree._Element, key: KeyPair | None = None) -> etree._Element:
        key = key or self.signing
        xmldsig.sign(element, key_pem=key.key_pem, cert_pem=key.cert_pem)
        return element

    def authn_request(self, emulator: WKEmulator, **overrides: str) -> etree._Element:
        attributes = {
            "Destination": emulator.sso_url,
            "AssertionConsumerServiceURL": self.acs_url,
            "ProtocolBinding": ARTIFACT_BINDING,
            "ForceAuthn": "true",
        }
        attributes.update(overrides)
        return self.message("AuthnRequest", **attributes)

    def artifact_resolve(self, emulator: WKEmulator, artifact: str) -> etree._Element:
        resolve = self.message("ArtifactResolve", Destination=emulator.artifact_resolution_url)
        etree.SubElement(resolve, f"{{{SAMLP}}}Artifact").text = artifact
        return resolve


def soap(message: etree._Element) -> bytes:
    envelope = etree.Element(f"{{{SOAP}}}Envelope")
    etree.SubElement(envelope, f"{{{SOAP}}}Body").append(message)
    return etree.tostring(envelope)


def post_soap(emulator: WKEmulator, url: str, message: etree._Element) -> requests.Response:
    return requests.post(
        url,
        data=soap(message),
        headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": ""},
        verify=emulator.ca_bundle_path,
        timeout=10,
    )


def soap_body(answer: requests.Response) -> etree._Element:
    envelope = etree.fromstring(answer.content)
    return envelope.find(f"{{{SOAP}}}Body")[0]


def post_sso(
    emulator: WKEmulator, request: etree._Element, relay_state: str = ""
) -> requests.Response:
    return requests.post(
        emulator.sso_url,
        data={
            "SAMLRequest": base64.b64encode(etree.tostring(request)).decode(),
            "RelayState": relay_state,
        },
        verify=emulator.ca_bundle_path,
        timeout=10,
    )


def form_fields(page: str) -> tuple[str, dict[str, str]]:
    action = re.search(r'<form method="post" action="([^"]+)"', page).group(1)
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', page))
    return action, fields


def resolve(emulator: WKEmulator, sp: ServiceProvider, artifact: str) -> etree._Element:
    answer = post_soap(
        emulator, emulator.artifact_resolution_url, sp.sign(sp.artifact_resolve(emulator, artifact))
    )
    assert answer.status_code == 200, answer.text
    return soap_body(answer)


def decrypted_assertion(artifact_response: etree._Element, sp: ServiceProvider) -> etree._Element:
    encrypted = artifact_response.find(f"{{{SAMLP}}}Response/{{{SAML}}}EncryptedAssertion")
    return xmlenc_ec.decrypt_assertion(encrypted, private_key=sp.encryption.key)


def attribute_values(assertion: etree._Element) -> dict[str, str]:
    return {
        attribute.get("Name").removeprefix(NATURALPERSON): attribute.findtext(
            f"{{{SAML}}}AttributeValue"
        )
        for attribute in assertion.iter(f"{{{SAML}}}Attribute")
    }


def signature_valid(xml: bytes, cert_pem: str, xpath: str) -> bool:
    return bool(OneLogin_Saml2_Utils.validate_sign(xml, cert_pem, xpath=xpath))


@pytest.fixture
def sp() -> ServiceProvider:
    return ServiceProvider()


@pytest.fixture
def emulator(sp):
    with WKEmulator() as running:
        sp.register(running)
        yield running


def test_a_login_ends_in_an_auto_submitting_artifact_form_to_the_acs(emulator, sp):
    request = sp.sign(sp.authn_request(emulator))

    page = post_sso(emulator, request, relay_state="sprawa/42")

    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert "document.forms[0].submit()" in page.text
    action, fields = form_fields(page.text)
    assert action == ACS_URL
    assert fields["RelayState"] == "sprawa/42"
    artifact = base64.b64decode(fields["SAMLart"])
    assert len(artifact) == 44
    assert artifact[:2] == b"\x00\x04"  # TypeCode
    assert artifact[2:4] == b"\x00\x00"  # EndpointIndex
    assert artifact[4:24] == hashlib.sha1(emulator.entity_id.encode()).digest()  # noqa: S324


def test_the_resolved_artifact_carries_the_resident_in_a_signed_encrypted_answer(emulator, sp):
    emulator.resident = Resident(
        pesel="02270803624",
        given_name="Łucja",
        family_name="Świątek-Żuraw",
        date_of_birth=dt.date(2002, 7, 8),
        loa=LOA_HIGH,
        name_id="lswiatek",
    )
    request = sp.sign(sp.authn_request(emulator))
    _action, fields = form_fields(post_sso(emulator, request).text)

    artifact_response = resolve(emulator, sp, fields["SAMLart"])

    xml = etree.tostring(artifact_response)
    idp_cert = emulator.signing_cert_pem
    assert signature_valid(xml, idp_cert, "/samlp:ArtifactResponse/ds:Signature")
    assert signature_valid(xml, idp_cert, "/samlp:ArtifactResponse/samlp:Response/ds:Signature")
    assert artifact_response.findtext(f"{{{SAML}}}Issuer") == emulator.entity_id
    response = artifact_response.find(f"{{{SAMLP}}}Response")
    assert response.get("InResponseTo") == request.get("ID")
    assert response.get("Destination") == ACS_URL
    assert response.findtext(f"{{{SAML}}}Issuer") == emulator.entity_id
    assert response.find(f"{{{SAMLP}}}Status/{{{SAMLP}}}StatusCode").get("Value") == SUCCESS
    assert response.find(f"{{{SAML}}}Assertion") is None  # only encrypted

    assertion = decrypted_assertion(artifact_response, sp)
    assert attribute_values(assertion) == {
        "CurrentFamilyName": "Świątek-Żuraw",
        "DateOfBirth": "2002-07-08Z",
        "CurrentGivenName": "Łucja",
        "PersonIdentifier": "02270803624",
    }
    assert assertion.findtext(f".//{{{SAML}}}NameID") == "lswiatek"
    confirmation = assertion.find(f".//{{{SAML}}}SubjectConfirmationData")
    assert confirmation.get("InResponseTo") == request.get("ID")
    assert confirmation.get("Recipient") == ACS_URL
    assert assertion.findtext(f".//{{{SAML}}}Audience") == SP_ENTITY_ID
    assert assertion.findtext(f".//{{{SAML}}}AuthnContextClassRef") == LOA_HIGH
    session_index = assertion.find(f".//{{{SAML}}}AuthnStatement").get("SessionIndex")
    assert emulator.active_sessions[session_index].name_id == "lswiatek"


def test_the_default_resident_has_a_valid_pesel_and_a_polish_name():
    resident = Resident()
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    digits = [int(digit) for digit in resident.pesel[:10]]
    weighted = sum(digit * weight for digit, weight in zip(digits, weights, strict=True))
    checksum = (10 - weighted % 10) % 10
    assert len(resident.pesel) == 11
    assert int(resident.pesel[10]) == checksum
    assert resident.pesel[:6] == resident.date_of_birth.strftime("%y%m%d")
    assert not (resident.given_name + resident.family_name).isascii()


def test_an_artifact_resolves_only_once(emulator, sp):
    artifact = emulator.issue_artifact("ID-request-1")
    assert resolve(emulator, sp, artifact).find(f"{{{SAMLP}}}Response") is not None

    again = resolve(emulator, sp, artifact)

    # SAML core 3.5.2: an unknown artifact gets Success and no message.
    assert again.find(f"{{{SAMLP}}}Response") is None
    assert again.find(f"{{{SAMLP}}}Status/{{{SAMLP}}}StatusCode").get("Value") == SUCCESS
    assert signature_valid(
        etree.tostring(again), emulator.signing_cert_pem, "/samlp:ArtifactResponse/ds:Signature"
    )


def test_an_artifact_issued_to_one_sp_is_not_handed_to_another(emulator, sp):
    other = ServiceProvider("https://inny.example/sp", "https://inny.example/acs")
    other.register(emulator)
    artifact = emulator.issue_artifact("ID-request-2", sp_entity_id=sp.entity_id)

    assert resolve(emulator, other, artifact).find(f"{{{SAMLP}}}Response") is None
    assert resolve(emulator, sp, artifact).find(f"{{{SAMLP}}}Response") is None


def _unsigned(sp, emulator):
    return sp.authn_request(emulator)


def _signed_by_another_key(sp, emulator):
    return sp.sign(sp.authn_request(emulator), make_key_pair())


def _foreign_acs(sp, emulator):
    return sp.sign(sp.authn_request(emulator, AssertionConsumerServiceURL="https://evil.example/"))


def _post_binding(sp, emulator):
    binding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
    return sp.sign(sp.authn_request(emulator, ProtocolBinding=binding))


def _other_destination(sp, emulator):
    return sp.sign(sp.authn_request(emulator, Destination="https://login.example/sso"))


def _unknown_issuer(sp, emulator):
    request = sp.authn_request(emulator)
    request.find(f"{{{SAML}}}Issuer").text = "https://nieznany.example"
    return sp.sign(request)


def _tampered_after_signing(sp, emulator):
    request = sp.sign(sp.authn_request(emulator))
    request.set("ForceAuthn", "false")
    return request


@pytest.mark.parametrize(
    "build",
    [
        _unsigned,
        _signed_by_another_key,
        _foreign_acs,
        _post_binding,
        _other_destination,
        _unknown_issuer,
        _tampered_after_signing,
    ],
)
def test_a_bad_authn_request_is_refused_without_an_artifact(emulator, sp, build):
    answer = post_sso(emulator, build(sp, emulator))

    assert answer.status_code == 400
    assert "SAMLart" not in answer.text
    assert emulator.active_sessions == {}


def test_an_unsigned_artifact_resolve_gets_a_soap_fault(emulator, sp):
    artifact = emulator.issue_artifact("ID-request-3")

    answer = post_soap(
        emulator, emulator.artifact_resolution_url, sp.artifact_resolve(emulator, artifact)
    )

    assert answer.status_code == 500
    assert soap_body(answer).tag == f"{{{SOAP}}}Fault"
    # The refused request did not spend the artifact.
    assert resolve(emulator, sp, artifact).find(f"{{{SAMLP}}}Response") is not None


def strip_blank_text(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element), etree.XMLParser(remove_blank_text=True))


def element_paths(root: etree._Element) -> list[tuple[str, str | None]]:
    """Every element as its path of qualified names, with its Algorithm attribute."""
    paths = []
    for element in root.iter(etree.Element):
        names = [element, *element.iterancestors()]
        path = "/".join(etree.QName(node).text for node in reversed(names))
        paths.append((path, element.get("Algorithm")))
    return paths


def attribute_names(root: etree._Element) -> list[tuple[str, tuple[str, ...]]]:
    """Every element's local path with the names of its attributes."""
    return [
        (
            "/".join(
                etree.QName(node).localname for node in [*reversed(list(e.iterancestors())), e]
            ),
            tuple(sorted(etree.QName(name).localname for name in e.attrib)),
        )
        for e in root.iter(etree.Element)
    ]


def test_the_artifact_response_has_the_structure_and_algorithms_of_the_node_sample(emulator, sp):
    sample = etree.parse(
        str(DATA / "encryptedEC.xml"), etree.XMLParser(remove_blank_text=True)
    ).getroot()

    ours = resolve(emulator, sp, emulator.issue_artifact("ID-request-4"))

    assert element_paths(strip_blank_text(ours)) == element_paths(sample)


def test_the_decrypted_assertion_has_the_shape_of_the_node_sample(emulator, sp):
    sample = etree.parse(
        str(DATA / "encryptedEC.decrypted.xml"), etree.XMLParser(remove_blank_text=True)
    ).getroot()

    ours = decrypted_assertion(resolve(emulator, sp, emulator.issue_artifact("ID-5")), sp)

    assert attribute_names(ours) == attribute_names(sample)
    assert list(attribute_values(ours)) == list(attribute_values(sample))


def test_a_128_bit_content_key_can_be_sent_under_aes256_gcm_like_production(emulator, sp):
    emulator.content_key_size = 16

    answer = resolve(emulator, sp, emulator.issue_artifact("ID-request-6"))

    wrapped = answer.findtext(
        f".//{{{XENC}}}EncryptedKey/{{{XENC}}}CipherData/{{{XENC}}}CipherValue"
    )
    assert len(base64.b64decode(wrapped)) == 16 + 8
    method = answer.find(f".//{{{XENC}}}EncryptedData/{{{XENC}}}EncryptionMethod")
    assert method.get("Algorithm") == xmlenc_ec.AES256_GCM
    assert attribute_values(decrypted_assertion(answer, sp))["PersonIdentifier"] == "85031401244"


def test_the_clock_offset_shifts_every_timestamp(emulator, sp):
    emulator.clock_offset = dt.timedelta(hours=-2)

    answer = resolve(emulator, sp, emulator.issue_artifact("ID-request-7"))

    expected = OneLogin_Saml2_Utils.now() - 2 * 3600
    issued = OneLogin_Saml2_Utils.parse_SAML_to_time(answer.get("IssueInstant"))
    assert abs(issued - expected) <= 5
    conditions = decrypted_assertion(answer, sp).find(f"{{{SAML}}}Conditions")
    not_on_or_after = OneLogin_Saml2_Utils.parse_SAML_to_time(conditions.get("NotOnOrAfter"))
    assert abs(not_on_or_after - (expected + 300)) <= 5


def test_mutating_the_assertion_happens_before_encryption_and_signing(emulator, sp):
    def foreign_audience(assertion: etree._Element) -> None:
        assertion.find(f".//{{{SAML}}}Audience").text = "https://inny-urzad.example"

    emulator.mutate_assertion = foreign_audience

    answer = resolve(emulator, sp, emulator.issue_artifact("ID-request-8"))

    xpath = "/samlp:ArtifactResponse/samlp:Response/ds:Signature"
    assert signature_valid(etree.tostring(answer), emulator.signing_cert_pem, xpath)
    audience = decrypted_assertion(answer, sp).findtext(f".//{{{SAML}}}Audience")
    assert audience == "https://inny-urzad.example"


def test_mutating_the_inner_response_happens_before_it_is_signed(emulator, sp):
    emulator.mutate_inner_response = lambda response: response.set(
        "Destination", "https://evil.example/acs"
    )

    answer = resolve(emulator, sp, emulator.issue_artifact("ID-request-9"))

    assert answer.find(f"{{{SAMLP}}}Response").get("Destination") == "https://evil.example/acs"
    xpath = "/samlp:ArtifactResponse/samlp:Response/ds:Signature"
    assert signature_valid(etree.tostring(answer), emulator.signing_cert_pem, xpath)


def test_mutating_after_signing_breaks_the_signature(emulator, sp):
    def tamper(artifact_response: etree._Element) -> None:
        artifact_response.find(f"{{{SAMLP}}}Response").set("InResponseTo", "ID-other")

    emulator.mutate_after_signing = tamper

    answer = resolve(emulator, sp, emulator.issue_artifact("ID-request-10"))

    assert answer.find(f"{{{SAMLP}}}Response").get("InResponseTo") == "ID-other"
    xml = etree.tostring(answer)
    assert not signature_valid(
        xml, emulator.signing_cert_pem, "/samlp:ArtifactResponse/ds:Signature"
    )
    xpath = "/samlp:ArtifactResponse/samlp:Response/ds:Signature"
    assert not signature_valid(xml, emulator.signing_cert_pem, xpath)


def logout_request(emulator: WKEmulator, sp: ServiceProvider, name_id: str, session_index: str):
    request = sp.message("LogoutRequest", Destination=emulator.slo_url)
    etree.SubElement(
        request, f"{{{SAML}}}NameID", Format=OneLogin_Saml2_Constants.NAMEID_UNSPECIFIED
    ).text = name_id
    etree.SubElement(request, f"{{{SAMLP}}}SessionIndex").text = session_index
    return request


def test_a_signed_soap_logout_ends_the_session(emulator, sp):
    assertion = decrypted_assertion(resolve(emulator, sp, emulator.issue_artifact("ID-11")), sp)
    session_index = assertion.find(f".//{{{SAML}}}AuthnStatement").get("SessionIndex")
    name_id = assertion.findtext(f".//{{{SAML}}}NameID")
    request = sp.sign(logout_request(emulator, sp, name_id, session_index))

    answer = post_soap(emulator, emulator.slo_url, request)

    assert answer.status_code == 200
    response = soap_body(answer)
    assert response.tag == f"{{{SAMLP}}}LogoutResponse"
    assert response.get("InResponseTo") == request.get("ID")
    assert response.find(f"{{{SAMLP}}}Status/{{{SAMLP}}}StatusCode").get("Value") == SUCCESS
    xml = etree.tostring(response)
    assert signature_valid(xml, emulator.signing_cert_pem, "/samlp:LogoutResponse/ds:Signature")
    assert session_index not in emulator.active_sessions
    assert [ended.session_index for ended in emulator.ended_sessions] == [session_index]


def test_an_unsigned_logout_is_refused_and_the_session_stays(emulator, sp):
    emulator.issue_artifact("ID-request-12")
    (session,) = emulator.active_sessions.values()

    answer = post_soap(
        emulator,
        emulator.slo_url,
        logout_request(emulator, sp, session.name_id, session.session_index),
    )

    assert answer.status_code == 500
    assert soap_body(answer).tag == f"{{{SOAP}}}Fault"
    assert session.session_index in emulator.active_sessions
    assert emulator.ended_sessions == []


def test_the_metadata_is_served_over_https_and_read_by_python3_saml(emulator):
    answer = requests.get(emulator.metadata_url, verify=emulator.ca_bundle_path, timeout=10)

    assert answer.text == emulator.metadata_xml()
    settings = OneLogin_Saml2_IdPMetadataParser.parse(
        answer.text, required_sso_binding=OneLogin_Saml2_Constants.BINDING_HTTP_POST
    )
    idp = settings["idp"]
    assert idp["entityId"] == emulator.entity_id
    assert idp["singleSignOnService"]["url"] == emulator.sso_url
    assert OneLogin_Saml2_Utils.format_cert(idp["x509cert"]) == OneLogin_Saml2_Utils.format_cert(
        emulator.signing_cert_pem
    )


def test_tls_is_verified_against_the_emulator_ca_only(emulator):
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(emulator.metadata_url, timeout=10)


# urllib3 warns that the (travelled) clock is off; that is the point of the test.
@pytest.mark.filterwarnings("ignore::urllib3.exceptions.SystemTimeWarning")
def test_the_emulator_works_while_tests_travel_in_time(sp):
    # OpenSSL checks the TLS certificate against the real clock, the emulator stamps its
    # messages with the travelled one: both must hold at once.
    with time_machine.travel("2018-09-13T13:20:00Z", tick=False), WKEmulator() as emulator:
        sp.register(emulator)
        request = sp.sign(sp.authn_request(emulator))
        _action, fields = form_fields(post_sso(emulator, request).text)

        answer = resolve(emulator, sp, fields["SAMLart"])

    assert answer.get("IssueInstant") == "2018-09-13T13:20:00.000Z"
    conditions = decrypted_assertion(answer, sp).find(f"{{{SAML}}}Conditions")
    assert conditions.get("NotOnOrAfter") == "2018-09-13T13:25:00.000Z"


def test_stopping_closes_the_port_and_ends_the_thread(sp):
    emulator = WKEmulator().start()
    url = emulator.metadata_url
    thread = emulator._thread

    emulator.stop()

    assert not thread.is_alive()
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(url, verify=False, timeout=2)  # noqa: S501 - only the port matters here
