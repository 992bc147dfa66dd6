"""Parsing untrusted XML: no DTD, no entities, no network, before anything else reads it."""

from __future__ import annotations

from lxml import etree
from onelogin.saml2.xmlparser import fromstring

from .interface import RejectReason, ResponseRejected


def parse_untrusted(data: bytes) -> etree._Element:
    """Parse a message from the IdP with python3-saml's hardened parser (DTDs refused).

    The same parser python3-saml applies to responses is used for SOAP envelopes and logout
    messages, so a DOCTYPE or an entity declaration is refused before any other code sees it.
    """
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True)
    except (etree.XMLSyntaxError, ValueError) as error:
        # DTDForbidden / EntitiesForbidden are ValueErrors; the class name is the useful detail.
        raise ResponseRejected(
            RejectReason.MALFORMED, f"unparseable XML ({type(error).__name__}: {error})"
        ) from error
