"""The service provider's SAML metadata: both keys, ACS for POST and Artifact, SLO."""

from __future__ import annotations

import re

from lxml import etree

from . import xmldsig
from .config import BINDING_POST, ProviderConfig
from .namespaces import (
    BINDING_HTTP_ARTIFACT,
    BINDING_HTTP_POST,
    BINDING_HTTP_REDIRECT,
    BINDING_SOAP,
    DS,
    MD,
    NAMEID_UNSPECIFIED,
    SAMLP,
    q,
)
from .protocol_fields import new_message_id


def _certificate_body(cert_pem: str) -> str:
    """The base64 of a PEM certificate, as ds:X509Certificate holds it."""
    return re.sub(r"-----[A-Z ]+-----|\s", "", cert_pem)


def _key_descriptor(parent: etree._Element, *, use: str, cert_pem: str) -> None:
    descriptor = etree.SubElement(parent, q(MD, "KeyDescriptor"), use=use)
    x509_data = etree.SubElement(etree.SubElement(descriptor, q(DS, "KeyInfo")), q(DS, "X509Data"))
    etree.SubElement(x509_data, q(DS, "X509Certificate")).text = _certificate_body(cert_pem)


def build_metadata(config: ProviderConfig) -> str:
    """The SP's EntityDescriptor, signed with its signing key."""
    entity = etree.Element(
        q(MD, "EntityDescriptor"),
        nsmap={"md": MD, "ds": DS},
        entityID=config.sp_entity_id,
        ID=new_message_id(),
    )
    sp = etree.SubElement(
        entity,
        q(MD, "SPSSODescriptor"),
        AuthnRequestsSigned="true",
        protocolSupportEnumeration=SAMLP,
    )
    _key_descriptor(sp, use="signing", cert_pem=config.signing.cert_pem)
    _key_descriptor(sp, use="encryption", cert_pem=config.encryption.cert_pem)
    # login.gov.pl ends sessions over SOAP only; a generic IdP through the browser, and over
    # SOAP too when a SOAP endpoint of its own is configured.
    slo_services = [] if config.logout_over_soap else [(BINDING_HTTP_REDIRECT, config.slo_url)]
    if config.logout_over_soap or config.slo_soap_url != config.slo_url:
        slo_services.append((BINDING_SOAP, config.slo_soap_url))
    for binding, location in slo_services:
        etree.SubElement(sp, q(MD, "SingleLogoutService"), Binding=binding, Location=location)
    etree.SubElement(sp, q(MD, "NameIDFormat")).text = NAMEID_UNSPECIFIED
    # The configured binding is the default; both are listed (index 0 POST, 1 Artifact).
    for index, binding in enumerate((BINDING_HTTP_POST, BINDING_HTTP_ARTIFACT)):
        is_default = (binding == BINDING_HTTP_POST) == (config.binding == BINDING_POST)
        etree.SubElement(
            sp,
            q(MD, "AssertionConsumerService"),
            Binding=binding,
            Location=config.acs_url,
            index=str(index),
            isDefault="true" if is_default else "false",
        )
    xmldsig.sign(
        entity,
        key_pem=config.signing.key_pem.encode("ascii"),
        cert_pem=config.signing.cert_pem.encode("ascii"),
    )
    return etree.tostring(entity, xml_declaration=True, encoding="UTF-8").decode("utf-8")
