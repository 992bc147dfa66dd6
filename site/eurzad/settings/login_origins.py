"""The identity provider's origins, which the Content Security Policy must let forms post to.

The login page POSTs the AuthnRequest to the IdP, and logout redirects there after a form
submission: both fall under the ``form-action`` directive.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit


def idp_form_origins(trusted_profile: Mapping[str, Any]) -> list[str]:
    """``scheme://host[:port]`` of the IdP's browser-facing endpoints (SSO, SLO), no duplicates."""
    origins: list[str] = []
    for key in ("idp_sso_url", "idp_slo_url"):
        parts = urlsplit(str(trusted_profile.get(key) or ""))
        if parts.scheme in ("http", "https") and parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in origins:
                origins.append(origin)
    return origins
