"""The SAML service provider the portal uses (:class:`TrustedProfileProvider` implemented)."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import urlsplit

from onelogin.saml2.settings import OneLogin_Saml2_Settings

from .artifact import claim_artifact, parse_artifact, resolve_artifact
from .authn_request import login_message
from .config import BINDING_ARTIFACT, BINDING_POST, ProviderConfig
from .interface import (
    Identity,
    LogoutOutcome,
    OutboundMessage,
    PendingRequest,
    RejectReason,
    ReplayGuard,
    RequestInfo,
    ResponseRejected,
)
from .logout import accept_front_channel, accept_soap, back_channel_logout, front_channel_logout
from .metadata import build_metadata
from .response import validate_response
from .saml_settings import build_saml_settings

#: A base64 POST response larger than this is refused before decoding (real ones are ~10 kB).
MAX_SAML_RESPONSE_CHARS = 512 * 1024


class SamlServiceProvider:
    """Metadata, login, the ACS, and logout for one configured IdP (login.gov.pl or generic)."""

    def __init__(self, *, config: ProviderConfig, replay_guard: ReplayGuard) -> None:
        self.config = config
        self.replay_guard = replay_guard
        self._saml_settings: OneLogin_Saml2_Settings = build_saml_settings(config)

    def metadata(self) -> str:
        """The SP's signed SAML metadata XML."""
        return build_metadata(self.config)

    def login(self, *, relay_state: str) -> OutboundMessage:
        """A signed AuthnRequest; keep its ``message_id`` server-side as the pending login."""
        return login_message(config=self.config, relay_state=relay_state)

    def accept(self, *, request: RequestInfo, pending: PendingRequest) -> Identity:
        """Validate a POSTed SAMLResponse, or claim, resolve and validate a SAMLart."""
        acs_path = _path_of(self.config.acs_url)
        if request.path != acs_path:
            raise ResponseRejected(
                RejectReason.DESTINATION, f"received at {request.path!r}, not at the ACS"
            )
        params = request.params
        if "SAMLart" in params and "SAMLResponse" in params:
            raise ResponseRejected(RejectReason.MALFORMED, "both SAMLart and SAMLResponse")
        if "SAMLart" in params:
            if self.config.binding != BINDING_ARTIFACT:
                raise ResponseRejected(RejectReason.ARTIFACT, "the artifact binding is disabled")
            response_xml = self._resolve(params["SAMLart"])
        elif "SAMLResponse" in params:
            if self.config.binding != BINDING_POST or request.method != "POST":
                raise ResponseRejected(
                    RejectReason.MALFORMED, "a SAMLResponse is accepted only by POST binding"
                )
            response_xml = _b64decode(params["SAMLResponse"])
        else:
            raise ResponseRejected(RejectReason.MALFORMED, "neither SAMLResponse nor SAMLart")
        return validate_response(
            config=self.config,
            saml_settings=self._saml_settings,
            response_xml=response_xml,
            pending=pending,
            replay_guard=self.replay_guard,
        )

    def _resolve(self, value: str) -> bytes:
        artifact = parse_artifact(value, idp_entity_id=self.config.idp_entity_id)
        claim_artifact(artifact, config=self.config, replay_guard=self.replay_guard)
        return resolve_artifact(artifact, config=self.config)

    def logout(
        self, *, name_id: str, name_id_format: str, session_index: str | None, relay_state: str
    ) -> OutboundMessage | None:
        """A signed front-channel LogoutRequest, or None for the SOAP-logout profile."""
        return front_channel_logout(
            config=self.config,
            name_id=name_id,
            name_id_format=name_id_format,
            session_index=session_index,
            relay_state=relay_state,
        )

    def logout_back_channel(
        self, *, name_id: str, name_id_format: str, session_index: str | None
    ) -> bool:
        """A signed SOAP LogoutRequest; True when the IdP's signed answer says Success."""
        return back_channel_logout(
            config=self.config,
            name_id=name_id,
            name_id_format=name_id_format,
            session_index=session_index,
        )

    def accept_logout(self, *, request: RequestInfo) -> LogoutOutcome:
        """A front-channel (HTTP-Redirect) LogoutRequest or LogoutResponse from the IdP."""
        return accept_front_channel(config=self.config, request=request)

    def accept_logout_soap(self, *, body: bytes) -> tuple[LogoutOutcome, bytes]:
        """A back-channel SOAP LogoutRequest from the IdP; the outcome and the SOAP answer."""
        return accept_soap(config=self.config, body=body)


def _path_of(url: str) -> str:
    return urlsplit(url).path or "/"


def _b64decode(value: str) -> bytes:
    if len(value) > MAX_SAML_RESPONSE_CHARS:
        raise ResponseRejected(RejectReason.MALFORMED, "SAMLResponse too large")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ResponseRejected(RejectReason.MALFORMED, "SAMLResponse is not base64") from error
