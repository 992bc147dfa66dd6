"""The IdP side for the service provider's tests: keys, configs, assertions, responses, an ARS.

python3-saml builds nothing IdP-side, so the tests build what an IdP sends here: assertions with
every field a parameter, Responses signed with xmldsig and encrypted with RSA-OAEP (xmlsec) or
ECDH-ES (xmlenc_ec), and a loopback-HTTP artifact resolution service in a thread.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import secrets
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import xmlsec
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree

from integrations.trusted_profile import xmldsig, xmlenc_ec
from integrations.trusted_profile.config import DEFAULT_ATTRIBUTE_NAMES
from integrations.trusted_profile.interface import LOA_SUBSTANTIAL, RequestInfo
from integrations.trusted_profile.namespaces import (
    ATTRNAME_FORMAT_URI,
    CM_BEARER,
    NAMEID_UNSPECIFIED,
    SAML,
    SAMLP,
    SOAP_ENV,
    STATUS_SUCCESS,
    q,
)
from integrations.trusted_profile.testing.keys import KeyPair, make_key_pair

SP_ENTITY_ID = "https://eurzad.example/saml/metadata/"
SP_BASE_URL = "https://eurzad.example"
ACS_PATH = "/konto/saml/acs/"
ACS_URL = SP_BASE_URL + ACS_PATH
SLO_URL = SP_BASE_URL + "/konto/saml/slo/"
IDP_ENTITY_ID = "https://idp.example/saml2/idp"
IDP_SSO_URL = "https://idp.example/saml2/sso"
IDP_SLO_URL = "https://idp.example/saml2/slo"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NATURALPERSON = "http://eidas.europa.eu/attributes/naturalperson"

#: A valid PESEL (checksum and date) of a test resident, and one with a broken checksum.
PESEL = "85031401244"
BAD_PESEL = "85031401245"


@functools.cache
def key_pairs() -> dict[str, KeyPair]:
    """Every key the tests use, made once per session (RSA 2048 and EC P-256)."""
    return {
        "sp_rsa_signing": make_key_pair(kind="rsa", common_name="sp signing"),
        "sp_rsa_encryption": make_key_pair(kind="rsa", common_name="sp encryption"),
        "sp_ec_signing": make_key_pair(kind="ec", common_name="sp signing ec"),
        "sp_ec_encryption": make_key_pair(kind="ec", common_name="sp encryption ec"),
        "idp_rsa": make_key_pair(kind="rsa", common_name="idp"),
        "idp_ec": make_key_pair(kind="ec", common_name="idp ec"),
        "idp_rsa_next": make_key_pair(kind="rsa", common_name="idp next"),
        "stranger_rsa": make_key_pair(kind="rsa", common_name="attacker"),
        "stranger_ec": make_key_pair(kind="ec", common_name="attacker ec"),
    }


def write_key_files(directory: Path) -> dict[str, str]:
    """PEM files of every key pair: ``<name>.key`` / ``<name>.crt``; paths by ``<name>_key``."""
    paths = {}
    for name, pair in key_pairs().items():
        key_path, cert_path = directory / f"{name}.key", directory / f"{name}.crt"
        key_path.write_bytes(pair.key_pem)
        cert_path.write_bytes(pair.cert_pem)
        paths[f"{name}_key"] = str(key_path)
        paths[f"{name}_cert"] = str(cert_path)
    return paths


def generic_settings(files: Mapping[str, str], **overrides: Any) -> dict[str, Any]:
    """A ``TRUSTED_PROFILE`` dict of the generic profile: RSA keys, POST binding."""
    settings = {
        "profile": "generic",
        "sp_entity_id": SP_ENTITY_ID,
        "sp_base_url": SP_BASE_URL,
        "acs_url": ACS_PATH,
        "slo_url": "/konto/saml/slo/",
        "sp_signing_key": files["sp_rsa_signing_key"],
        "sp_signing_cert": files["sp_rsa_signing_cert"],
        "sp_encryption_key": files["sp_rsa_encryption_key"],
        "sp_encryption_cert": files["sp_rsa_encryption_cert"],
        "idp_entity_id": IDP_ENTITY_ID,
        "idp_sso_url": IDP_SSO_URL,
        "idp_slo_url": IDP_SLO_URL,
        "idp_certificates": [files["idp_rsa_cert"]],
        "binding": "post",
        "authn_request_binding": "post",
        "provider_name": "e-Urząd Gminy Zator",
    }
    settings.update(overrides)
    return settings


def wk_settings(files: Mapping[str, str], **overrides: Any) -> dict[str, Any]:
    """A ``TRUSTED_PROFILE`` dict of the login.gov.pl profile: EC keys, artifact binding."""
    settings = generic_settings(
        files,
        profile="login.gov.pl",
        sp_signing_key=files["sp_ec_signing_key"],
        sp_signing_cert=files["sp_ec_signing_cert"],
        sp_encryption_key=files["sp_ec_encryption_key"],
        sp_encryption_cert=files["sp_ec_encryption_cert"],
        idp_certificates=[files["idp_ec_cert"]],
        idp_artifact_resolution_url="https://idp.example/login-services/idpArtifactResolutionService",
        idp_slo_url="https://idp.example/login-services/singleLogoutService",
        binding="artifact",
    )
    settings["slo_soap_url"] = settings["slo_url"].rstrip("/") + "/soap/"
    settings.update(overrides)
    return settings


def instant(moment: dt.datetime) -> str:
    """xs:dateTime in UTC."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_attributes() -> dict[str, list[str]]:
    """The four eIDAS attributes of the test resident, by attribute name."""
    names = DEFAULT_ATTRIBUTE_NAMES
    return {
        names["family_name"]: ["Żółkiewska"],
        names["given_name"]: ["Małgorzata"],
        names["date_of_birth"]: ["1985-03-14Z"],
        names["pesel"]: [PESEL],
    }


def make_assertion(
    *,
    in_response_to: str,
    issuer: str = IDP_ENTITY_ID,
    audience: str | None = SP_ENTITY_ID,
    recipient: str = ACS_URL,
    confirmation_in_response_to: str | None = None,
    not_before: dt.datetime | None = None,
    not_on_or_after: dt.datetime | None = None,
    loa: str = LOA_SUBSTANTIAL,
    attributes: Mapping[str, list[str]] | None = None,
    eidas_types: bool = False,
    name_id: str = "mzolkiewska",
    session_index: str = "_session-1",
    assertion_id: str | None = None,
) -> etree._Element:
    """An Assertion as an IdP issues it; every field a test may want to spoil is a parameter."""
    now = dt.datetime.now(dt.UTC)
    not_before = not_before or now - dt.timedelta(seconds=5)
    not_on_or_after = not_on_or_after or now + dt.timedelta(minutes=5)
    sub = etree.SubElement
    assertion = etree.Element(
        q(SAML, "Assertion"),
        nsmap={"saml2": SAML, "xsi": XSI, "naturalperson": NATURALPERSON},
        ID=assertion_id or "_a" + secrets.token_hex(16),
        IssueInstant=instant(now),
        Version="2.0",
    )
    sub(assertion, q(SAML, "Issuer")).text = issuer
    subject = sub(assertion, q(SAML, "Subject"))
    sub(subject, q(SAML, "NameID"), Format=NAMEID_UNSPECIFIED).text = name_id
    confirmation = sub(subject, q(SAML, "SubjectConfirmation"), Method=CM_BEARER)
    sub(
        confirmation,
        q(SAML, "SubjectConfirmationData"),
        InResponseTo=confirmation_in_response_to or in_response_to,
        NotOnOrAfter=instant(not_on_or_after),
        Recipient=recipient,
    )
    conditions = sub(
        assertion,
        q(SAML, "Conditions"),
        NotBefore=instant(not_before),
        NotOnOrAfter=instant(not_on_or_after),
    )
    if audience is not None:
        restriction = sub(conditions, q(SAML, "AudienceRestriction"))
        sub(restriction, q(SAML, "Audience")).text = audience
    statement = sub(
        assertion, q(SAML, "AuthnStatement"), AuthnInstant=instant(now), SessionIndex=session_index
    )
    context = sub(statement, q(SAML, "AuthnContext"))
    sub(context, q(SAML, "AuthnContextClassRef")).text = loa
    statement = sub(assertion, q(SAML, "AttributeStatement"))
    for name, values in (attributes if attributes is not None else default_attributes()).items():
        attribute = sub(statement, q(SAML, "Attribute"), Name=name, NameFormat=ATTRNAME_FORMAT_URI)
        for value in values:
            value_element = sub(attribute, q(SAML, "AttributeValue"))
            if eidas_types:
                # As the national node types them; the SAML schema cannot resolve these.
                local = name.rsplit("/", 1)[-1]
                value_element.set(f"{{{XSI}}}type", f"naturalperson:{local}Type")
            value_element.text = value
    return assertion


def encrypt_rsa(assertion: etree._Element, *, recipient: KeyPair) -> etree._Element:
    """An EncryptedAssertion with AES-128-CBC content and an RSA-OAEP key (what IdPs send)."""
    encrypted_assertion = etree.Element(q(SAML, "EncryptedAssertion"), nsmap={"saml2": SAML})
    encrypted_assertion.append(assertion)
    template = xmlsec.template.encrypted_data_create(
        encrypted_assertion, xmlsec.Transform.AES128, type=xmlsec.EncryptionType.ELEMENT, ns="xenc"
    )
    xmlsec.template.encrypted_data_ensure_cipher_value(template)
    key_info = xmlsec.template.encrypted_data_ensure_key_info(template, ns="ds")
    encrypted_key = xmlsec.template.add_encrypted_key(key_info, xmlsec.Transform.RSA_OAEP)
    xmlsec.template.encrypted_data_ensure_cipher_value(encrypted_key)
    manager = xmlsec.KeysManager()
    manager.add_key(xmlsec.Key.from_memory(recipient.cert_pem, xmlsec.KeyFormat.CERT_PEM, None))
    context = xmlsec.EncryptionContext(manager)
    context.key = xmlsec.Key.generate(xmlsec.KeyData.AES, 128, xmlsec.KeyDataType.SESSION)
    context.encrypt_xml(template, assertion)
    return encrypted_assertion


def encrypt_rsa_plaintext(plaintext: bytes, *, recipient: KeyPair) -> etree._Element:
    """An EncryptedAssertion holding arbitrary bytes (an attacker may encrypt to our key too)."""
    encrypted_assertion = etree.Element(q(SAML, "EncryptedAssertion"), nsmap={"saml2": SAML})
    template = xmlsec.template.encrypted_data_create(
        encrypted_assertion, xmlsec.Transform.AES128, type=xmlsec.EncryptionType.ELEMENT, ns="xenc"
    )
    encrypted_assertion.append(template)
    xmlsec.template.encrypted_data_ensure_cipher_value(template)
    key_info = xmlsec.template.encrypted_data_ensure_key_info(template, ns="ds")
    encrypted_key = xmlsec.template.add_encrypted_key(key_info, xmlsec.Transform.RSA_OAEP)
    xmlsec.template.encrypted_data_ensure_cipher_value(encrypted_key)
    manager = xmlsec.KeysManager()
    manager.add_key(xmlsec.Key.from_memory(recipient.cert_pem, xmlsec.KeyFormat.CERT_PEM, None))
    context = xmlsec.EncryptionContext(manager)
    context.key = xmlsec.Key.generate(xmlsec.KeyData.AES, 128, xmlsec.KeyDataType.SESSION)
    context.encrypt_binary(template, plaintext)
    return encrypted_assertion


def make_response(
    assertion: etree._Element | None,
    *,
    in_response_to: str | None,
    destination: str | None = ACS_URL,
    issuer: str = IDP_ENTITY_ID,
    status: str = STATUS_SUCCESS,
    encrypt_for: KeyPair | None = None,
    sign_with: KeyPair | None = None,
    sign_assertion_with: KeyPair | None = None,
    signature_algorithm: str | None = None,
) -> etree._Element:
    """A samlp:Response around ``assertion``: optionally signed (assertion and/or response) and
    encrypted to ``encrypt_for`` (ECDH-ES for an EC certificate, RSA-OAEP for RSA)."""
    response = etree.Element(
        q(SAMLP, "Response"),
        nsmap={"saml2p": SAMLP, "saml2": SAML},
        ID="_r" + secrets.token_hex(16),
        Version="2.0",
        IssueInstant=instant(dt.datetime.now(dt.UTC)),
    )
    if in_response_to is not None:
        response.set("InResponseTo", in_response_to)
    if destination is not None:
        response.set("Destination", destination)
    etree.SubElement(response, q(SAML, "Issuer")).text = issuer
    etree.SubElement(etree.SubElement(response, q(SAMLP, "Status")), q(SAMLP, "StatusCode")).set(
        "Value", status
    )
    if assertion is not None:
        if sign_assertion_with is not None:
            xmldsig.sign(
                assertion,
                key_pem=sign_assertion_with.key_pem,
                cert_pem=sign_assertion_with.cert_pem,
                algorithm=signature_algorithm,
            )
        if encrypt_for is None:
            response.append(assertion)
        elif isinstance(encrypt_for.key, ec.EllipticCurvePrivateKey):
            response.append(
                xmlenc_ec.encrypt_assertion(
                    assertion,
                    recipient_certificate=encrypt_for.certificate,
                    party_u_info=IDP_ENTITY_ID,
                    party_v_info=SP_ENTITY_ID,
                )
            )
        else:
            response.append(encrypt_rsa(assertion, recipient=encrypt_for))
    if sign_with is not None:
        xmldsig.sign(
            response,
            key_pem=sign_with.key_pem,
            cert_pem=sign_with.cert_pem,
            algorithm=signature_algorithm,
        )
    return response


def make_artifact(entity_id: str = IDP_ENTITY_ID, *, type_code: bytes = b"\x00\x04") -> str:
    """A SAML artifact naming ``entity_id`` as its source, with a random message handle."""
    source_id = hashlib.sha1(entity_id.encode(), usedforsecurity=False).digest()
    raw = type_code + b"\x00\x00" + source_id + secrets.token_bytes(20)
    return base64.b64encode(raw).decode("ascii")


def artifact_response(
    *,
    in_response_to: str,
    inner: etree._Element | None,
    sign_with: KeyPair | None,
    issuer: str = IDP_ENTITY_ID,
    status: str = STATUS_SUCCESS,
    signature_algorithm: str | None = None,
) -> etree._Element:
    """An ArtifactResponse carrying ``inner``, signed with ``sign_with``."""
    outer = etree.Element(
        q(SAMLP, "ArtifactResponse"),
        nsmap={"saml2p": SAMLP, "saml2": SAML},
        ID="_ar" + secrets.token_hex(16),
        InResponseTo=in_response_to,
        Version="2.0",
        IssueInstant=instant(dt.datetime.now(dt.UTC)),
    )
    etree.SubElement(outer, q(SAML, "Issuer")).text = issuer
    etree.SubElement(etree.SubElement(outer, q(SAMLP, "Status")), q(SAMLP, "StatusCode")).set(
        "Value", status
    )
    if inner is not None:
        outer.append(inner)
    if sign_with is not None:
        xmldsig.sign(
            outer,
            key_pem=sign_with.key_pem,
            cert_pem=sign_with.cert_pem,
            algorithm=signature_algorithm,
        )
    return outer


def soap(element: etree._Element) -> bytes:
    """``element`` in a SOAP 1.1 envelope."""
    envelope = etree.Element(q(SOAP_ENV, "Envelope"), nsmap={"soapenv": SOAP_ENV})
    etree.SubElement(envelope, q(SOAP_ENV, "Body")).append(element)
    return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")


class ArtifactResolutionService:
    """A loopback-HTTP SOAP endpoint; ``answer(resolve_element) -> (status, body)`` decides.

    Every ArtifactResolve it receives is kept in ``received`` (as parsed elements) so tests can
    check what the SP sent, including its signature.
    """

    def __init__(self, answer: Callable[[etree._Element], tuple[int, bytes]]) -> None:
        self.answer = answer
        self.received: list[etree._Element] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                envelope = etree.fromstring(body)
                message = envelope.find(q(SOAP_ENV, "Body"))[0]
                service.received.append(message)
                status, payload = service.answer(message)
                self.send_response(status)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                """Quiet: the test output is not the place for access logs."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The plain-http loopback URL of the service."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/ars"

    def __enter__(self) -> ArtifactResolutionService:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


class MemoryReplayGuard:
    """The ReplayGuard contract in memory: True the first time an identifier is claimed."""

    def __init__(self) -> None:
        self.claims: dict[tuple[str, str], dt.datetime] = {}

    def claim(self, *, kind: str, identifier: str, expires_at: dt.datetime) -> bool:
        """Record ``identifier`` of ``kind``; False when it was claimed before."""
        if (kind, identifier) in self.claims:
            return False
        self.claims[(kind, identifier)] = expires_at
        return True


def posted(response: etree._Element | bytes, *, path: str = ACS_PATH) -> RequestInfo:
    """The RequestInfo of a browser POSTing ``response`` to the ACS (HTTP-POST binding)."""
    xml = response if isinstance(response, bytes) else etree.tostring(response)
    return RequestInfo(
        https=True,
        host="eurzad.example",
        path=path,
        method="POST",
        params={"SAMLResponse": base64.b64encode(xml).decode("ascii"), "RelayState": "/konto/"},
    )


def artifact_request(artifact: str, *, method: str = "POST") -> RequestInfo:
    """The RequestInfo of a browser bringing ``SAMLart`` to the ACS by POST or GET."""
    return RequestInfo(
        https=True,
        host="eurzad.example",
        path=ACS_PATH,
        method=method,
        params={"SAMLart": artifact},
    )
