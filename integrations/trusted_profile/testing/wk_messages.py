"""The messages of the login.gov.pl emulator: the assertion, SOAP wrapping, metadata, artifacts.

Names, prefixes, attribute order and quirks (the "Z" on DateOfBirth) follow the node's answer in
``tests/data/login_gov_pl/encryptedEC.xml``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from lxml import etree

from integrations.trusted_profile import xmlenc_ec
from integrations.trusted_profile.interface import LOA_SUBSTANTIAL

NS_SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
NS_SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
NS_MD = "urn:oasis:names:tc:SAML:2.0:metadata"
NS_DS = "http://www.w3.org/2000/09/xmldsig#"
NS_SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS_NATURALPERSON = "http://eidas.europa.eu/attributes/naturalperson"

BINDING_ARTIFACT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"
BINDING_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
BINDING_SOAP = "urn:oasis:names:tc:SAML:2.0:bindings:SOAP"
STATUS_SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"
NAMEID_UNSPECIFIED = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
CM_BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
ATTRNAME_URI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"

ARTIFACT_TYPE_CODE = b"\x00\x04"
ENDPOINT_INDEX = 0
#: The exclusive-C14N PrefixList in the node's signatures.
INCLUSIVE_PREFIXES = ("ds", "saml2", "saml2p", "xenc")
#: As in the node's answer (the authentication means behind login.gov.pl).
AUTHENTICATING_AUTHORITY = "pz.gov.pl"

#: Prefixes as the node writes them.
NSMAP = {
    "saml2p": NS_SAMLP,
    "saml2": NS_SAML,
    "ds": NS_DS,
    "xenc": xmlenc_ec.NS_XENC,
    "xenc11": xmlenc_ec.NS_XENC11,
    "dsig11": xmlenc_ec.NS_DSIG11,
    "naturalperson": NS_NATURALPERSON,
}


@dataclass(frozen=True)
class Resident:
    """The person the emulator "authenticates"; the default has a valid PESEL and diacritics."""

    pesel: str = "85031401244"
    given_name: str = "Małgorzata"
    family_name: str = "Żółkiewska-Gęślą"
    date_of_birth: dt.date = dt.date(1985, 3, 14)
    loa: str = LOA_SUBSTANTIAL
    #: The node's NameID is a login, not the PESEL.
    name_id: str = "mzolkiewska"


class Refused(ValueError):
    """The emulator refuses a request (bad signature, unknown SP, wrong binding...)."""


def q(namespace: str, name: str) -> str:
    """Clark notation ``{namespace}name``."""
    return f"{{{namespace}}}{name}"


def instant(moment: dt.datetime) -> str:
    """A SAML timestamp with milliseconds, as the node writes it."""
    utc = moment.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def message_id() -> str:
    """A fresh message ID in the node's style."""
    return f"ID-{secrets.token_hex(16)}"


def parse_xml(data: bytes) -> etree._Element:
    """Parse an incoming message safely (no DOCTYPE, entities or network)."""
    try:
        return xmlenc_ec.parse_plaintext(data)
    except xmlenc_ec.DecryptionError as error:
        raise Refused(f"malformed XML: {error}") from error


def artifact_source_id(entity_id: str) -> bytes:
    """SAML artifact SourceID: SHA-1 of the issuer's entity id (20 bytes)."""
    return hashlib.sha1(entity_id.encode()).digest()  # noqa: S324 - fixed by SAML bindings 3.6.4


def artifact(*, entity_id: str, message_handle: bytes) -> str:
    """A type 0x0004 artifact: TypeCode, EndpointIndex, SourceID, MessageHandle; base64."""
    raw = (
        ARTIFACT_TYPE_CODE
        + ENDPOINT_INDEX.to_bytes(2, "big")
        + artifact_source_id(entity_id)
        + message_handle
    )
    return base64.b64encode(raw).decode("ascii")


def message_handle(*, artifact_b64: str, entity_id: str) -> bytes | None:
    """The MessageHandle of one of our artifacts, or None when it is not one."""
    try:
        raw = base64.b64decode(artifact_b64, validate=True)
    except ValueError as error:
        raise Refused("the artifact is not base64") from error
    if (
        len(raw) == 44
        and raw[:2] == ARTIFACT_TYPE_CODE
        and raw[4:24] == artifact_source_id(entity_id)
    ):
        return raw[24:]
    return None


def build_assertion(
    *,
    resident: Resident,
    issuer: str,
    authn_request_id: str,
    sp_entity_id: str,
    acs_url: str,
    session_index: str,
    now: dt.datetime,
    lifetime: dt.timedelta,
) -> etree._Element:
    """The unsigned Assertion the node encrypts: NameID, bearer confirmation, audience, LoA and
    the four eIDAS attributes."""
    not_on_or_after = instant(now.replace(microsecond=0) + lifetime)
    sub = etree.SubElement
    assertion = etree.Element(
        q(NS_SAML, "Assertion"),
        nsmap={"saml2": NS_SAML, "naturalperson": NS_NATURALPERSON, "xsi": NS_XSI},
        ID=f"_{message_id()}",
        IssueInstant=instant(now),
        Version="2.0",
    )
    sub(assertion, q(NS_SAML, "Issuer")).text = issuer
    subject = sub(assertion, q(NS_SAML, "Subject"))
    sub(subject, q(NS_SAML, "NameID"), Format=NAMEID_UNSPECIFIED).text = resident.name_id
    confirmation = sub(subject, q(NS_SAML, "SubjectConfirmation"), Method=CM_BEARER)
    sub(
        confirmation,
        q(NS_SAML, "SubjectConfirmationData"),
        InResponseTo=authn_request_id,
        NotOnOrAfter=not_on_or_after,
        Recipient=acs_url,
    )
    conditions = sub(
        assertion,
        q(NS_SAML, "Conditions"),
        NotBefore=instant(now.replace(microsecond=0)),
        NotOnOrAfter=not_on_or_after,
    )
    sub(
        sub(conditions, q(NS_SAML, "AudienceRestriction")), q(NS_SAML, "Audience")
    ).text = sp_entity_id
    statement = sub(
        assertion,
        q(NS_SAML, "AuthnStatement"),
        AuthnInstant=instant(now),
        SessionIndex=session_index,
    )
    context = sub(statement, q(NS_SAML, "AuthnContext"))
    sub(context, q(NS_SAML, "AuthnContextClassRef")).text = resident.loa
    sub(context, q(NS_SAML, "AuthenticatingAuthority")).text = AUTHENTICATING_AUTHORITY
    attributes = sub(assertion, q(NS_SAML, "AttributeStatement"))
    for friendly, name, value in (
        ("FamilyName", "CurrentFamilyName", resident.family_name),
        ("DateOfBirth", "DateOfBirth", resident.date_of_birth.isoformat() + "Z"),
        ("FirstName", "CurrentGivenName", resident.given_name),
        ("PersonIdentifier", "PersonIdentifier", resident.pesel),
    ):
        attribute = sub(
            attributes,
            q(NS_SAML, "Attribute"),
            FriendlyName=friendly,
            Name=f"{NS_NATURALPERSON}/{name}",
            NameFormat=ATTRNAME_URI,
        )
        sub(
            attribute,
            q(NS_SAML, "AttributeValue"),
            {q(NS_XSI, "type"): f"naturalperson:{name}Type"},
        ).text = value
    return assertion


def idp_metadata(
    *,
    entity_id: str,
    signing_certificate: x509.Certificate,
    sso_url: str,
    artifact_resolution_url: str,
    slo_url: str,
) -> str:
    """IdP metadata: signing key, SSO by POST, artifact resolution and SLO by SOAP."""
    sub = etree.SubElement
    descriptor = etree.Element(
        q(NS_MD, "EntityDescriptor"), nsmap={"md": NS_MD, "ds": NS_DS}, entityID=entity_id
    )
    idp = sub(
        descriptor,
        q(NS_MD, "IDPSSODescriptor"),
        WantAuthnRequestsSigned="true",
        protocolSupportEnumeration=NS_SAMLP,
    )
    key_info = sub(sub(idp, q(NS_MD, "KeyDescriptor"), use="signing"), q(NS_DS, "KeyInfo"))
    sub(sub(key_info, q(NS_DS, "X509Data")), q(NS_DS, "X509Certificate")).text = base64.b64encode(
        signing_certificate.public_bytes(serialization.Encoding.DER)
    ).decode()
    sub(
        idp,
        q(NS_MD, "ArtifactResolutionService"),
        Binding=BINDING_SOAP,
        Location=artifact_resolution_url,
        index=str(ENDPOINT_INDEX),
        isDefault="true",
    )
    sub(idp, q(NS_MD, "SingleLogoutService"), Binding=BINDING_SOAP, Location=slo_url)
    sub(idp, q(NS_MD, "NameIDFormat")).text = NAMEID_UNSPECIFIED
    sub(idp, q(NS_MD, "SingleSignOnService"), Binding=BINDING_POST, Location=sso_url)
    return etree.tostring(descriptor, encoding="unicode")


def status_success(parent: etree._Element) -> None:
    """Append ``Status/StatusCode`` Success."""
    status = etree.SubElement(parent, q(NS_SAMLP, "Status"))
    etree.SubElement(status, q(NS_SAMLP, "StatusCode"), Value=STATUS_SUCCESS)


def soap_body_child(body: bytes, expected_tag: str) -> etree._Element:
    """The one message in a SOAP 1.1 Body, which must be ``expected_tag``."""
    envelope = parse_xml(body)
    if envelope.tag != q(NS_SOAP, "Envelope"):
        raise Refused("not a SOAP 1.1 envelope")
    soap_body = envelope.find(q(NS_SOAP, "Body"))
    children = [] if soap_body is None else [c for c in soap_body if isinstance(c.tag, str)]
    if len(children) != 1 or children[0].tag != expected_tag:
        raise Refused(f"the SOAP body must hold one {etree.QName(expected_tag).localname}")
    return children[0]


def soap_envelope(message: etree._Element) -> bytes:
    """``message`` in a SOAP 1.1 envelope, serialised."""
    envelope = etree.Element(q(NS_SOAP, "Envelope"), nsmap={"soap11": NS_SOAP})
    etree.SubElement(envelope, q(NS_SOAP, "Body")).append(message)
    return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")


def soap_fault(message: str) -> bytes:
    """A SOAP 1.1 Client fault with ``message``."""
    envelope = etree.Element(q(NS_SOAP, "Envelope"), nsmap={"soap11": NS_SOAP})
    fault = etree.SubElement(etree.SubElement(envelope, q(NS_SOAP, "Body")), q(NS_SOAP, "Fault"))
    etree.SubElement(fault, "faultcode").text = "soap11:Client"
    etree.SubElement(fault, "faultstring").text = message
    return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")
