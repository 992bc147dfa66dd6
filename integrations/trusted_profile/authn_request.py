"""The signed AuthnRequest, with the eIDAS extensions the national node (login.gov.pl) expects."""

from __future__ import annotations

import base64

from lxml import etree

from . import xmldsig
from .config import BINDING_ARTIFACT, BINDING_REDIRECT, ProviderConfig
from .interface import OutboundMessage
from .namespaces import (
    ATTRNAME_FORMAT_URI,
    BINDING_HTTP_ARTIFACT,
    BINDING_HTTP_POST,
    EIDAS,
    NAMEID_UNSPECIFIED,
    SAML,
    SAMLP,
    q,
)
from .protocol_fields import protocol_message
from .redirect_binding import redirect_url

#: The attributes asked for, in the node's order; all of them required.
REQUESTED_ATTRIBUTES = ("family_name", "given_name", "date_of_birth", "pesel")


def build_authn_request(config: ProviderConfig) -> etree._Element:
    """An unsigned AuthnRequest for ``config`` (the caller signs it for its binding)."""
    attributes = {
        "AssertionConsumerServiceURL": config.acs_url,
        "ProtocolBinding": BINDING_HTTP_ARTIFACT
        if config.binding == BINDING_ARTIFACT
        else BINDING_HTTP_POST,
    }
    if config.force_authn:
        attributes["ForceAuthn"] = "true"
    if config.provider_name:
        attributes["ProviderName"] = config.provider_name
    request = protocol_message(
        "AuthnRequest",
        issuer=config.sp_entity_id,
        destination=config.idp_sso_url,
        **attributes,
    )
    if config.is_login_gov_pl:
        _add_eidas_extensions(request, config)
    etree.SubElement(
        request, q(SAMLP, "NameIDPolicy"), AllowCreate="true", Format=NAMEID_UNSPECIFIED
    )
    context = etree.SubElement(request, q(SAMLP, "RequestedAuthnContext"), Comparison="minimum")
    etree.SubElement(context, q(SAML, "AuthnContextClassRef")).text = config.required_loa
    return request


def _add_eidas_extensions(request: etree._Element, config: ProviderConfig) -> None:
    extensions = etree.SubElement(request, q(SAMLP, "Extensions"), nsmap={"eidas": EIDAS})
    etree.SubElement(extensions, q(EIDAS, "SPType")).text = "public"
    requested = etree.SubElement(extensions, q(EIDAS, "RequestedAttributes"))
    for field_name in REQUESTED_ATTRIBUTES:
        etree.SubElement(
            requested,
            q(EIDAS, "RequestedAttribute"),
            Name=config.attribute_names[field_name],
            NameFormat=ATTRNAME_FORMAT_URI,
            isRequired="true",
        )


def login_message(*, config: ProviderConfig, relay_state: str) -> OutboundMessage:
    """The AuthnRequest as the browser carries it: signed form POST or signed redirect."""
    request = build_authn_request(config)
    request_id = request.get("ID")
    if config.authn_request_binding == BINDING_REDIRECT:
        url = redirect_url(
            endpoint=config.idp_sso_url,
            parameter="SAMLRequest",
            message=request,
            relay_state=relay_state,
            signing=config.signing,
        )
        return OutboundMessage(url=url, method="GET", message_id=request_id)
    xmldsig.sign(
        request,
        key_pem=config.signing.key_pem.encode("ascii"),
        cert_pem=config.signing.cert_pem.encode("ascii"),
    )
    fields = {"SAMLRequest": base64.b64encode(etree.tostring(request)).decode("ascii")}
    if relay_state:
        fields["RelayState"] = relay_state
    return OutboundMessage(
        url=config.idp_sso_url, method="POST", fields=fields, message_id=request_id
    )
