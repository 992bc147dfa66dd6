"""What the rest of the portal sees of the trusted-profile login: one protocol, data, errors.

The portal's accounts app talks to :class:`TrustedProfileProvider` only, built by
``integrations.trusted_profile.factory.build_provider``. Nothing here imports the portal.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

LOA_LOW = "http://eidas.europa.eu/LoA/low"
LOA_SUBSTANTIAL = "http://eidas.europa.eu/LoA/substantial"
LOA_HIGH = "http://eidas.europa.eu/LoA/high"
#: eIDAS levels of assurance ("poziom bezpieczeństwa środka identyfikacji"), weakest first.
LOA_ORDER = (LOA_LOW, LOA_SUBSTANTIAL, LOA_HIGH)


@dataclass(frozen=True)
class RequestInfo:
    """The parts of the HTTP request a SAML check needs (destination/recipient, binding)."""

    https: bool
    host: str  # as the browser sent it, with the port when not the default
    path: str
    method: str  # "GET" or "POST"
    params: Mapping[str, str]  # the query (GET) or form (POST) fields


@dataclass(frozen=True)
class OutboundMessage:
    """A SAML message the browser must carry to the other side.

    ``method`` "GET": redirect to ``url`` (HTTP-Redirect binding, already signed in the query);
    "POST": render an auto-submitting form to ``url`` with ``fields`` (HTTP-POST binding).
    """

    url: str
    method: str
    fields: Mapping[str, str] = field(default_factory=dict)
    message_id: str = ""


@dataclass(frozen=True)
class Identity:
    """A person the identity provider vouched for, from a strictly validated assertion."""

    pesel: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    level_of_assurance: str
    issuer: str
    name_id: str
    name_id_format: str
    session_index: str | None
    in_response_to: str
    assertion_id: str
    #: Until when the assertion may be presented: keep its id (and the artifact) until then.
    not_on_or_after: datetime


@dataclass(frozen=True)
class LogoutOutcome:
    """What a front-channel logout message asked for and where to send the browser next.

    ``ended_name_id``/``ended_session_indexes``: the IdP asks to end these sessions (a
    LogoutRequest); both empty when the message was the answer to our own LogoutRequest.
    ``redirect``: the LogoutResponse to carry back to the IdP, or None.
    """

    success: bool
    in_response_to: str | None = None
    ended_name_id: str | None = None
    ended_session_indexes: tuple[str, ...] = ()
    redirect: OutboundMessage | None = None


class RejectReason(enum.StrEnum):
    """Why a SAML message was refused; the audit log records it, the user sees a generic text."""

    MALFORMED = "malformed"
    SIGNATURE = "signature"  # missing, invalid, untrusted key, wrapped, weak algorithm
    DECRYPTION = "decryption"
    REPLAY = "replay"  # assertion id or artifact seen before
    UNSOLICITED = "unsolicited"  # unknown or missing InResponseTo
    ISSUER = "issuer"
    AUDIENCE = "audience"
    DESTINATION = "destination"  # Destination / Recipient is not this endpoint
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    STATUS = "status"  # the IdP answered with an error status (e.g. the user cancelled)
    LEVEL_OF_ASSURANCE = "level_of_assurance"
    ATTRIBUTES = "attributes"  # missing/duplicated attributes
    PESEL = "pesel"  # PESEL missing or with a bad checksum
    ARTIFACT = "artifact"  # malformed artifact, foreign SourceID, resolution refused


class TrustedProfileError(Exception):
    """Base of the errors of this integration."""


class ResponseRejected(TrustedProfileError):
    """A SAML message failed validation. ``detail`` is for the audit log, never for the user."""

    def __init__(self, reason: RejectReason, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class IdentityProviderUnavailable(TrustedProfileError):
    """The IdP could not be reached (artifact resolution, back-channel logout)."""


class ReplayGuard(Protocol):
    """Remembers message identifiers until they expire (implemented by the portal on its DB)."""

    def claim(self, *, kind: str, identifier: str, expires_at: datetime) -> bool:
        """Record ``identifier``; True the first time, False when it was seen before."""


#: Asked with the InResponseTo of a response: True when it names a login this portal started
#: and has not finished yet (the portal keeps that state server-side, keyed by the request id).
PendingRequest = Callable[[str], bool]


class TrustedProfileProvider(Protocol):
    """The service provider as the portal uses it."""

    def metadata(self) -> str:
        """The SP's SAML metadata XML (keys, ACS with POST and Artifact bindings, SLO)."""

    def login(self, *, relay_state: str) -> OutboundMessage:
        """A signed AuthnRequest; its ``message_id`` is the request id to keep server-side."""

    def accept(self, *, request: RequestInfo, pending: PendingRequest) -> Identity:
        """Validate a SAMLResponse (POST) or resolve and validate a SAMLart (POST or GET).

        Raises ResponseRejected, or IdentityProviderUnavailable when artifact resolution fails
        in transport.
        """

    def logout(
        self, *, name_id: str, name_id_format: str, session_index: str | None, relay_state: str
    ) -> OutboundMessage | None:
        """Front-channel LogoutRequest to end the IdP session, or None when the profile logs out
        over SOAP (then :meth:`logout_back_channel` is used)."""

    def logout_back_channel(
        self, *, name_id: str, name_id_format: str, session_index: str | None
    ) -> bool:
        """SOAP LogoutRequest to the IdP; True when it answered Success."""

    def accept_logout(self, *, request: RequestInfo) -> LogoutOutcome:
        """A front-channel LogoutRequest or LogoutResponse from the IdP."""

    def accept_logout_soap(self, *, body: bytes) -> tuple[LogoutOutcome, bytes]:
        """A back-channel SOAP LogoutRequest from the IdP; the outcome and the SOAP answer."""
