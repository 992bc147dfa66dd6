"""The client's IP address as the portal's own reverse proxy reports it (for the login lockout)."""

from __future__ import annotations

from django.http import HttpRequest


def forwarded_client_ip(request: HttpRequest) -> str:
    """The last address in X-Forwarded-For, else the peer address (AXES_CLIENT_IP_CALLABLE).

    The last entry is the one the portal's proxy wrote itself; earlier entries come from the
    client and could be forged to dodge the lockout. Used only when DJANGO_BEHIND_TLS_PROXY is on.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    return addresses[-1] if addresses else request.META.get("REMOTE_ADDR", "")
