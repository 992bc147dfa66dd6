"""Fields every SAML protocol message has: ID, IssueInstant, Issuer, Status."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from lxml import etree

from .namespaces import SAML, SAMLP, q


def new_message_id() -> str:
    """A fresh, unguessable message ID (an NCName: it must not start with a digit)."""
    return "_" + secrets.token_hex(20)


def issue_instant(moment: datetime | None = None) -> str:
    """SAML's xs:dateTime in UTC, to the second."""
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def protocol_message(
    local_name: str, *, issuer: str, destination: str | None, **attributes: str
) -> etree._Element:
    """A ``samlp:<local_name>`` with ID, Version, IssueInstant, Destination and our Issuer."""
    element = etree.Element(
        q(SAMLP, local_name),
        nsmap={"saml2p": SAMLP, "saml2": SAML},
        ID=new_message_id(),
        Version="2.0",
        IssueInstant=issue_instant(),
    )
    if destination:
        element.set("Destination", destination)
    for name, value in attributes.items():
        element.set(name, value)
    etree.SubElement(element, q(SAML, "Issuer")).text = issuer
    return element


def add_status(element: etree._Element, code: str) -> None:
    """Append ``samlp:Status`` with the given top-level StatusCode."""
    status = etree.SubElement(element, q(SAMLP, "Status"))
    etree.SubElement(status, q(SAMLP, "StatusCode"), Value=code)


def status_code(element: etree._Element) -> str | None:
    """The top-level StatusCode of a protocol response, or None when missing."""
    code = element.find(f"{q(SAMLP, 'Status')}/{q(SAMLP, 'StatusCode')}")
    return None if code is None else code.get("Value")


def issuer_of(element: etree._Element) -> str | None:
    """The text of the message's own Issuer (not of anything nested in it)."""
    issuers = element.findall(q(SAML, "Issuer"))
    if len(issuers) != 1:
        return None
    return (issuers[0].text or "").strip()
