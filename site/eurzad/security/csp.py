"""The content security policy (CSP) of the portal, one definition for every environment.

Public and personal pages load scripts and styles only from the portal itself: every script is a
static file, so their policy needs no nonce and a page cached for anonymous readers (see
``cms_pages.page_cache``) carries the same header for everyone. A template that really needs an
inline script gives it ``nonce="{{ request.csp_nonce }}"``; the middleware then adds that nonce to
the header and marks the response ``private`` so that neither the page cache nor a proxy ever hands
the same nonce to a second reader.

The admin (Wagtail and Django) gets the same policy with three relaxations it cannot work without:
inline styles, ``blob:`` images (upload previews) and same-origin frames (the live preview).
Scripts stay as strict as on public pages: no ``'unsafe-inline'`` anywhere. Wagtail's date and
time widgets start with an inline script; this app overrides those templates with a marker that
``static/security/admin-date-choosers.js`` (loaded on every admin page) picks up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")


def portal_content_security_policy(
    *, extra_form_action: Sequence[str] = (), upgrade_insecure_requests: bool = False
) -> dict[str, Any]:
    """The CONTENT_SECURITY_POLICY setting (django-csp 4) for public and personal pages.

    ``extra_form_action`` lists the origins forms may post to besides the portal (the identity
    provider that the SAML login posts to); ``upgrade_insecure_requests`` is for production.
    """
    directives: dict[str, Any] = {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [NONE],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF, *extra_form_action],
        "frame-ancestors": [NONE],
    }
    if upgrade_insecure_requests:
        directives["upgrade-insecure-requests"] = True
    return {"DIRECTIVES": directives}


# What the admin needs on top of the public policy (django-csp "replace" semantics).
ADMIN_REPLACE: dict[str, Any] = {
    # Wagtail's admin sets style="" attributes and its bundled libraries add <style> elements;
    # styles cannot run code, so this is the one relaxation kept for the staff pages.
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    # The live preview panel frames the preview view of the same origin.
    "frame-src": [SELF],
}

# A response that itself must be framable by the portal (Wagtail's preview, marked
# X-Frame-Options: SAMEORIGIN by its view) gets the matching frame-ancestors.
SAME_ORIGIN_FRAMING: dict[str, Any] = {"frame-ancestors": [SELF]}


def is_admin_path(path: str) -> bool:
    """True for the Wagtail admin and the Django admin."""
    return path.startswith(ADMIN_PATH_PREFIXES)
