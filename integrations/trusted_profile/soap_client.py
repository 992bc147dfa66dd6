"""SOAP 1.1 over the back channel: wrapping, unwrapping and posting SAML messages to the IdP."""

from __future__ import annotations

from urllib.parse import urlsplit

import requests
from lxml import etree

from .config import ProviderConfig, check_back_channel_url
from .interface import IdentityProviderUnavailable, RejectReason, ResponseRejected
from .namespaces import SOAP_ENV, q

SOAP_ACTION = "http://www.oasis-open.org/committees/security"
#: The largest SOAP answer read from the IdP; a real ArtifactResponse is a few kilobytes.
MAX_SOAP_RESPONSE_BYTES = 1024 * 1024


def soap_body_child(envelope: etree._Element) -> etree._Element:
    """The single element inside a SOAP 1.1 envelope's Body."""
    if envelope.tag != q(SOAP_ENV, "Envelope"):
        raise ResponseRejected(RejectReason.MALFORMED, f"not a SOAP 1.1 envelope: {envelope.tag}")
    bodies = envelope.findall(q(SOAP_ENV, "Body"))
    if len(bodies) != 1:
        raise ResponseRejected(RejectReason.MALFORMED, f"{len(bodies)} SOAP Body elements")
    children = [child for child in bodies[0] if isinstance(child.tag, str)]
    if len(children) != 1:
        raise ResponseRejected(RejectReason.MALFORMED, f"{len(children)} elements in SOAP Body")
    return children[0]


def soap_envelope(payload: etree._Element) -> bytes:
    """Wrap a (signed) message in a SOAP 1.1 envelope, without touching its signed bytes."""
    envelope = etree.Element(q(SOAP_ENV, "Envelope"), nsmap={"soap-env": SOAP_ENV})
    body = etree.SubElement(envelope, q(SOAP_ENV, "Body"))
    body.append(payload)
    return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")


def post_soap(*, url: str, envelope: bytes, config: ProviderConfig) -> bytes:
    """POST a SOAP 1.1 envelope to the IdP over verified TLS (or plain http on loopback only)."""
    if problem := check_back_channel_url(url):
        raise IdentityProviderUnavailable(
            f"refusing the back channel {urlsplit(url).netloc}: {problem}"
        )
    try:
        with requests.post(
            url,
            data=envelope,
            headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": SOAP_ACTION},
            timeout=config.timeouts,
            verify=config.tls_verify,
            allow_redirects=False,
            stream=True,
        ) as answer:
            if answer.status_code != 200:
                raise IdentityProviderUnavailable(f"the IdP answered HTTP {answer.status_code}")
            body = answer.raw.read(MAX_SOAP_RESPONSE_BYTES + 1, decode_content=True)
    except requests.RequestException as error:
        raise IdentityProviderUnavailable(f"back channel failed: {type(error).__name__}") from error
    if len(body) > MAX_SOAP_RESPONSE_BYTES:
        raise ResponseRejected(RejectReason.MALFORMED, "the SOAP answer is too large")
    return body
