"""Middleware that puts the content security policy and the other security headers on responses.

Both sit right inside the anonymous page cache (see ``MIDDLEWARE`` in the settings): a page stored
on a miss already carries its headers, and a hit replays them unchanged, which is correct because
public pages never use a nonce (see ``eurzad.security.csp``).
"""

from __future__ import annotations

import re

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

from .csp import ADMIN_REPLACE, SAME_ORIGIN_FRAMING, is_admin_path

# Features no page of the portal uses; a compromised or embedded script cannot switch them on.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's policy and nonce-aware caching.

    - ``/admin/`` and ``/django-admin/`` get ``csp.ADMIN_REPLACE`` on top of the public policy;
    - a response its view allowed to be framed by the portal (``X-Frame-Options: SAMEORIGIN``,
      Wagtail's preview) gets ``frame-ancestors 'self'`` instead of ``'none'``;
    - a response whose template used ``request.csp_nonce`` is marked ``Cache-Control: private``,
      so the page cache and shared proxies never serve one visitor's nonce to another.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        """The configured policy plus the replacements this request and response call for."""
        parts = super().get_policy_parts(request, response, report_only)
        replace = {}
        if is_admin_path(request.path_info):
            replace.update(ADMIN_REPLACE)
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            replace.update(SAME_ORIGIN_FRAMING)
        # A view's own @csp_replace wins over these defaults.
        replace.update(parts.replace or {})
        parts.replace = replace or None
        return parts

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        """Set the header; keep responses carrying a nonce out of every shared cache."""
        response = super().process_response(request, response)
        if isinstance(getattr(request, "_csp_nonce", None), str) and not _is_private(response):
            patch_cache_control(response, private=True)
        return response


def _is_private(response: HttpResponseBase) -> bool:
    """Whether the response's Cache-Control already says ``private`` for all of it (personal
    pages do); ``private="Set-Cookie"`` keeps only that header out of shared caches."""
    directives = response.get("Cache-Control", "").split(",")
    return any(directive.strip().lower() == "private" for directive in directives)


class SecurityHeadersMiddleware:
    """Permissions-Policy everywhere and no Referer at all from the personal area.

    Django's SecurityMiddleware adds the site-wide Referrer-Policy only where none is set, so the
    stricter value set here for ``/moj-e-urzad/`` (in every language) stands.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
        self.personal_area = re.compile(rf"^/(?:(?:{languages})/)?moj-e-urzad/")

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if self.personal_area.match(request.path_info):
            # Not "no-referrer": with it Chromium sends `Origin: null` on the area's own forms
            # (logout, session extension) and Django's CSRF check refuses them.
            response.headers["Referrer-Policy"] = "same-origin"
        return response
