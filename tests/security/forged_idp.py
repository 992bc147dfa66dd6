"""An identity provider the attack tests play themselves: the portal trusts its key, the test
builds, signs and then tampers with every Response it POSTs to the ACS.

The portal runs the generic profile with the HTTP-POST binding and plain (unencrypted)
assertions, so what the test changes is exactly what the portal reads.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from lxml import etree

from integrations.trusted_profile import xmldsig
from integrations.trusted_profile.testing import Resident
from integrations.trusted_profile.testing import wk_messages as msg
from integrations.trusted_profile.testing.keys import KeyPair, make_key_pair

from .portal_sp import Portal, write_key_pair

SAMLP = msg.NS_SAMLP
SAML = msg.NS_SAML
DS = msg.NS_DS
IDP_ENTITY_ID = "https://idp.forged.test/saml"


def q(namespace: str, name: str) -> str:
    """Clark notation."""
    return f"{{{namespace}}}{name}"


@dataclass(frozen=True)
class IdentityProviderKeys:
    """The keys of one test run: the portal's (RSA, generic profile) and the forged IdP's."""

    sp_signing: KeyPair = field(default_factory=lambda: make_key_pair(kind="rsa"))
    sp_encryption: KeyPair = field(default_factory=lambda: make_key_pair(kind="rsa"))
    idp: KeyPair = field(default_factory=lambda: make_key_pair(kind="rsa"))
    #: A key the portal does not trust, for re-signed messages.
    stranger: KeyPair = field(default_factory=lambda: make_key_pair(kind="rsa"))


def generic_post_profile(
    *, portal_base: str, keys: IdentityProviderKeys, directory: Path
) -> dict[str, Any]:
    """``TRUSTED_PROFILE``: generic SAML, responses by HTTP-POST, the forged IdP trusted."""
    signing_key, signing_cert = write_key_pair(directory, "sp-signing", keys.sp_signing)
    encryption_key, encryption_cert = write_key_pair(directory, "sp-encryption", keys.sp_encryption)
    _, idp_cert = write_key_pair(directory, "idp", keys.idp)
    return {
        "profile": "generic",
        "sp_entity_id": f"{portal_base}/saml/metadata/",
        "acs_url": f"{portal_base}/saml/acs/",
        "slo_url": f"{portal_base}/saml/slo/",
        "sp_signing_key": signing_key,
        "sp_signing_cert": signing_cert,
        "sp_encryption_key": encryption_key,
        "sp_encryption_cert": encryption_cert,
        "idp_entity_id": IDP_ENTITY_ID,
        "idp_sso_url": "https://idp.forged.test/sso",
        "idp_certificates": [idp_cert],
        "binding": "post",
        "authn_request_binding": "post",
        # Plain assertions, so the attacks reach the assertion itself; encryption is tested
        # with the login.gov.pl profile.
        "require_encrypted_assertions": False,
        "provider_name": "e-Urząd (testy ataków)",
    }


@dataclass
class ForgedIdP:
    """Builds Responses to the portal's pending login as a real IdP would, then signs them."""

    portal: Portal
    keys: IdentityProviderKeys

    def response(
        self,
        *,
        request_id: str,
        resident: Resident | None = None,
        now: dt.datetime | None = None,
        lifetime: dt.timedelta = dt.timedelta(minutes=5),
    ) -> etree._Element:
        """A valid, unsigned Response with one unsigned Assertion for ``resident``."""
        now = now or dt.datetime.now(dt.UTC)
        response = etree.Element(
            q(SAMLP, "Response"),
            nsmap=msg.NSMAP,
            ID=msg.message_id(),
            InResponseTo=request_id,
            Version="2.0",
            IssueInstant=msg.instant(now),
            Destination=self.portal.acs_url,
        )
        etree.SubElement(response, q(SAML, "Issuer")).text = IDP_ENTITY_ID
        msg.status_success(response)
        response.append(
            msg.build_assertion(
                resident=resident or Resident(),
                issuer=IDP_ENTITY_ID,
                authn_request_id=request_id,
                sp_entity_id=self.portal.entity_id,
                acs_url=self.portal.acs_url,
                session_index=f"_session-{msg.message_id()}",
                now=now,
                lifetime=lifetime,
            )
        )
        return response

    def sign(
        self,
        element: etree._Element,
        *,
        key: KeyPair | None = None,
        algorithm: str | None = None,
        digest_algorithm: str = xmldsig.DIGEST_SHA256,
    ) -> etree._Element:
        """Sign ``element`` (a Response or an Assertion) in place, by default with the IdP key."""
        key = key or self.keys.idp
        xmldsig.sign(
            element,
            key_pem=key.key_pem,
            cert_pem=key.cert_pem,
            algorithm=algorithm,
            digest_algorithm=digest_algorithm,
        )
        return element


def assertion_of(response: etree._Element) -> etree._Element:
    """The (first) Assertion directly in ``response``."""
    return response.find(q(SAML, "Assertion"))


def signature_of(element: etree._Element) -> etree._Element:
    """The enveloped ds:Signature directly in ``element`` (XPath: find() can miss it)."""
    return element.xpath("ds:Signature", namespaces={"ds": DS})[0]


def attribute_value(assertion: etree._Element, name: str) -> etree._Element:
    """The AttributeValue of the eIDAS attribute ``name`` (e.g. "PersonIdentifier")."""
    return assertion.xpath(
        "saml:AttributeStatement/saml:Attribute[@Name=$name]/saml:AttributeValue",
        namespaces={"saml": SAML},
        name=f"{msg.NS_NATURALPERSON}/{name}",
    )[0]


def impersonate(assertion: etree._Element, victim: Resident) -> None:
    """What every wrapping attack is after: the assertion now names ``victim``."""
    attribute_value(assertion, "PersonIdentifier").text = victim.pesel
    attribute_value(assertion, "CurrentGivenName").text = victim.given_name
    attribute_value(assertion, "CurrentFamilyName").text = victim.family_name
    assertion.find(f"{q(SAML, 'Subject')}/{q(SAML, 'NameID')}").text = victim.name_id


def serialise(response: etree._Element) -> bytes:
    """The Response as the browser would carry it."""
    return etree.tostring(response, xml_declaration=True, encoding="UTF-8")


def post_response(portal: Portal, session: requests.Session, document: bytes) -> requests.Response:
    """POST ``document`` as the SAMLResponse to the ACS, as the IdP's auto-submitting form does."""
    return session.post(
        portal.acs_url,
        data={"SAMLResponse": base64.b64encode(document).decode("ascii"), "RelayState": ""},
        timeout=30,
    )
