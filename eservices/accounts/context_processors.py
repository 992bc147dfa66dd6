"""Template context for a logged-in resident's pages (header link, timeout warning)."""

from __future__ import annotations

from django.http import HttpRequest

from . import session_policy
from .decorators import is_resident


def resident_session(request: HttpRequest) -> dict:
    """``resident_session``: True for a logged-in resident, else None.

    For a resident also, as plain values (holes of cached page parts, see the
    ``site_fragment`` tag): ``session_seconds_left`` and ``session_next_path``, the address the
    timeout warning's "extend" form returns to.
    """
    if not is_resident(request):
        return {"resident_session": None}
    return {
        "resident_session": True,
        "session_seconds_left": session_policy.seconds_left(request),
        "session_next_path": request.get_full_path(),
    }
