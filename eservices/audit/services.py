"""Writing the audit log: one function every login, logout and data access goes through."""

from __future__ import annotations

import ipaddress
import re
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from .event_insert import insert_row
from .models import AuditEvent

if TYPE_CHECKING:
    from eservices.accounts.models import Person

# An 11-digit run is what a PESEL looks like; it never belongs in the log, whatever the caller
# passed (a SAML error detail may quote the attribute it refused).
PESEL_LIKE = re.compile(r"(?<!\d)\d{11}(?!\d)")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def _clean(value: Any, *, field: str) -> str:
    """Text without anything PESEL-like, cut to the column's length."""
    text = PESEL_LIKE.sub("[PESEL]", str(value))
    return text[: AuditEvent._meta.get_field(field).max_length]


def _actor_kind(user: Any) -> AuditEvent.ActorKind:
    if user is None or not user.is_authenticated:
        return AuditEvent.ActorKind.ANONYMOUS
    if hasattr(user, "person"):
        return AuditEvent.ActorKind.RESIDENT
    # Every other account belongs to someone working for the office (editors, clerks, admins).
    return AuditEvent.ActorKind.STAFF


def _session_key_hash(request: HttpRequest) -> str:
    session = getattr(request, "session", None)
    key = session.session_key if session is not None else None
    if not key:
        return ""
    # Keyed: the hash links the events of one session without letting anyone who reads the log
    # take over a session still alive.
    return salted_hmac("eservices.audit.session", key, algorithm="sha256").hexdigest()


def _ip_address(request: HttpRequest) -> str | None:
    # REMOTE_ADDR is the peer of the application server; behind the reverse proxy that is the
    # proxy unless the server is told to trust its X-Forwarded-For (see the deployment notes).
    value = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _request_id(request: HttpRequest) -> str:
    value = request.META.get("HTTP_X_REQUEST_ID", "")
    return value if REQUEST_ID.match(value) else ""


def audit_record(
    *,
    action: AuditEvent.Action | str,
    request: HttpRequest | None = None,
    actor_user: Any = None,
    subject: Person | None = None,
    object_type: str = "",
    object_id: str | int = "",
    purpose: str = "",
    reason: str = "",
    actor_kind: AuditEvent.ActorKind | str | None = None,
) -> AuditEvent:
    """Append one event to the audit log and return it.

    ``request`` supplies the actor (its logged-in user unless ``actor_user`` is given), the IP
    address, the browser, the request id and a keyed hash of the session key. ``subject`` is the
    person whose data it concerns; ``purpose`` says why ("cel"), ``reason`` the outcome or why
    it failed (e.g. the SAML reject reason). Without a request and a user the actor is the
    system. Anything that looks like a PESEL in the text fields is masked.
    """
    action = AuditEvent.Action(action)
    if actor_user is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor_user = user
    if actor_kind is None:
        if request is None and actor_user is None:
            actor_kind = AuditEvent.ActorKind.SYSTEM
        else:
            actor_kind = _actor_kind(actor_user)
    event = AuditEvent(
        action=action,
        actor_kind=AuditEvent.ActorKind(actor_kind),
        actor_user=actor_user,
        subject=subject,
        object_type=_clean(object_type, field="object_type"),
        object_id=_clean(object_id, field="object_id"),
        purpose=_clean(purpose, field="purpose"),
        reason=_clean(reason, field="reason"),
    )
    if request is not None:
        event.ip_address = _ip_address(request)
        event.user_agent = _clean(request.META.get("HTTP_USER_AGENT", ""), field="user_agent")
        event.request_id = _request_id(request)
        event.session_key_hash = _session_key_hash(request)
    return insert_row(event)
