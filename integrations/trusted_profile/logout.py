"""Single logout: front channel (HTTP-Redirect, generic) and back channel (SOAP, login.gov.pl)."""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from . import xmldsig
from .config import ProviderConfig
from .interface import (
    LogoutOutcome,
    OutboundMessage,
    RejectReason,
    RequestInfo,
    ResponseRejected,
)
from .namespaces import SAML, SAMLP, STATUS_SUCCESS, q
from .protocol_fields import add_status, issuer_of, protocol_message, status_code
from .redirect_binding import inflate, redirect_url, verify_redirect_signature
from .signature_check import verify_enveloped
from .soap_client import post_soap, soap_body_child, soap_envelope
from .xml_parsing import parse_untrusted


def build_logout_request(
    *,
    config: ProviderConfig,
    name_id: str,
    name_id_format: str,
    session_index: str | None,
    destination: str,
) -> etree._Element:
    """An unsigned LogoutRequest ending the IdP session of ``name_id``."""
    request = protocol_message("LogoutRequest", issuer=config.sp_entity_id, destination=destination)
    name = etree.SubElement(request, q(SAML, "NameID"))
    if name_id_format:
        name.set("Format", name_id_format)
    name.text = name_id
    if session_index:
        etree.SubElement(request, q(SAMLP, "SessionIndex")).text = session_index
    return request


def _sign(element: etree._Element, config: ProviderConfig) -> None:
    xmldsig.sign(
        element,
        key_pem=config.signing.key_pem.encode("ascii"),
        cert_pem=config.signing.cert_pem.encode("ascii"),
    )


def front_channel_logout(
    *,
    config: ProviderConfig,
    name_id: str,
    name_id_format: str,
    session_index: str | None,
    relay_state: str,
) -> OutboundMessage | None:
    """A signed redirect to the IdP's SLO, or None when the profile logs out over SOAP."""
    if config.logout_over_soap or not config.idp_slo_url:
        return None
    request = build_logout_request(
        config=config,
        name_id=name_id,
        name_id_format=name_id_format,
        session_index=session_index,
        destination=config.idp_slo_url,
    )
    url = redirect_url(
        endpoint=config.idp_slo_url,
        parameter="SAMLRequest",
        message=request,
        relay_state=relay_state,
        signing=config.signing,
    )
    return OutboundMessage(url=url, method="GET", message_id=request.get("ID"))


def back_channel_logout(
    *, config: ProviderConfig, name_id: str, name_id_format: str, session_index: str | None
) -> bool:
    """A signed SOAP LogoutRequest to the IdP; True when its signed answer says Success."""
    if not config.idp_slo_url:
        return False
    request = build_logout_request(
        config=config,
        name_id=name_id,
        name_id_format=name_id_format,
        session_index=session_index,
        destination=config.idp_slo_url,
    )
    _sign(request, config)
    body = post_soap(url=config.idp_slo_url, envelope=soap_envelope(request), config=config)
    answer = soap_body_child(parse_untrusted(body))
    if answer.tag != q(SAMLP, "LogoutResponse"):
        raise ResponseRejected(RejectReason.MALFORMED, f"expected a LogoutResponse: {answer.tag}")
    verify_enveloped(answer, certificates=config.idp_certificates)
    _check_issuer(answer, config)
    if answer.get("InResponseTo") != request.get("ID"):
        raise ResponseRejected(
            RejectReason.UNSOLICITED, "the LogoutResponse does not answer our LogoutRequest"
        )
    return status_code(answer) == STATUS_SUCCESS


def accept_front_channel(*, config: ProviderConfig, request: RequestInfo) -> LogoutOutcome:
    """A redirect-bound LogoutRequest or LogoutResponse from the IdP, signature checked."""
    params = request.params
    if request.method != "GET":
        raise ResponseRejected(RejectReason.MALFORMED, "front-channel logout only by HTTP-Redirect")
    if "SAMLRequest" in params:
        parameter, expected = "SAMLRequest", "LogoutRequest"
    elif "SAMLResponse" in params:
        parameter, expected = "SAMLResponse", "LogoutResponse"
    else:
        raise ResponseRejected(RejectReason.MALFORMED, "no SAMLRequest or SAMLResponse")
    message = parse_untrusted(inflate(params[parameter]))
    if message.tag != q(SAMLP, expected):
        raise ResponseRejected(RejectReason.MALFORMED, f"{parameter} is not a {expected}")
    verify_redirect_signature(
        parameter=parameter, params=params, certificates=config.idp_certificates
    )
    _check_issuer(message, config)
    # A signed redirect message must name its destination (SAML bindings, 3.4.5.2).
    if message.get("Destination") != config.slo_url:
        raise ResponseRejected(
            RejectReason.DESTINATION, f"Destination {message.get('Destination')!r} is not our SLO"
        )
    if expected == "LogoutResponse":
        in_response_to = message.get("InResponseTo")
        if not in_response_to:
            raise ResponseRejected(RejectReason.UNSOLICITED, "LogoutResponse without InResponseTo")
        return LogoutOutcome(
            success=status_code(message) == STATUS_SUCCESS, in_response_to=in_response_to
        )

    name_id, session_indexes = _logout_request_subject(message)
    response = _logout_response(message, config=config, destination=config.idp_slo_url)
    redirect = None
    if config.idp_slo_url:
        url = redirect_url(
            endpoint=config.idp_slo_url,
            parameter="SAMLResponse",
            message=response,
            relay_state=params.get("RelayState", ""),
            signing=config.signing,
        )
        redirect = OutboundMessage(url=url, method="GET", message_id=response.get("ID"))
    return LogoutOutcome(
        success=True,
        ended_name_id=name_id,
        ended_session_indexes=session_indexes,
        redirect=redirect,
    )


def accept_soap(*, config: ProviderConfig, body: bytes) -> tuple[LogoutOutcome, bytes]:
    """A back-channel SOAP LogoutRequest from the IdP; the outcome and our signed SOAP answer."""
    message = soap_body_child(parse_untrusted(body))
    if message.tag != q(SAMLP, "LogoutRequest"):
        raise ResponseRejected(RejectReason.MALFORMED, f"expected a LogoutRequest: {message.tag}")
    verify_enveloped(message, certificates=config.idp_certificates)
    _check_issuer(message, config)
    destination = message.get("Destination")
    if destination is not None and destination != config.slo_soap_url:
        raise ResponseRejected(RejectReason.DESTINATION, f"Destination {destination!r} is not ours")
    name_id, session_indexes = _logout_request_subject(message)
    response = _logout_response(message, config=config, destination=None)
    _sign(response, config)
    outcome = LogoutOutcome(
        success=True, ended_name_id=name_id, ended_session_indexes=session_indexes
    )
    return outcome, soap_envelope(response)


def _check_issuer(message: etree._Element, config: ProviderConfig) -> None:
    issuer = issuer_of(message)
    if issuer != config.idp_entity_id:
        raise ResponseRejected(RejectReason.ISSUER, f"issuer {issuer!r} is not our IdP")


def _logout_request_subject(message: etree._Element) -> tuple[str, tuple[str, ...]]:
    """The NameID and SessionIndexes a LogoutRequest ends; refuses an expired request."""
    not_on_or_after = message.get("NotOnOrAfter")
    if not_on_or_after:
        try:
            expires = OneLogin_Saml2_Utils.parse_SAML_to_time(not_on_or_after)
        except ValueError as error:
            raise ResponseRejected(RejectReason.MALFORMED, "bad NotOnOrAfter") from error
        if expires <= datetime.now(UTC).timestamp():
            raise ResponseRejected(RejectReason.EXPIRED, "the LogoutRequest has expired")
    names = message.findall(q(SAML, "NameID"))
    if len(names) != 1 or not (names[0].text or "").strip():
        raise ResponseRejected(RejectReason.MALFORMED, "the LogoutRequest needs one NameID")
    indexes = tuple((node.text or "").strip() for node in message.findall(q(SAMLP, "SessionIndex")))
    return names[0].text.strip(), indexes


def _logout_response(
    request: etree._Element, *, config: ProviderConfig, destination: str | None
) -> etree._Element:
    response = protocol_message(
        "LogoutResponse",
        issuer=config.sp_entity_id,
        destination=destination,
        InResponseTo=request.get("ID") or "",
    )
    add_status(response, STATUS_SUCCESS)
    return response
