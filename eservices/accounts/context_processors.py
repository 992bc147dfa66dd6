"""Template context for a logged-in resident's pages (header link, timeout warning)."""

from __future__ import annotations

from django.http import HttpRequest

from . import session_policy
from .decorators import is_resident


def resident_session(request: HttpRequest) -> dict:
    """``resident_session``: None for anyone but a logged-in resident, else the seconds left."""
    if not is_resident(request):
        return {"resident_session": None}
    return {"resident_session": {"seconds_left": session_policy.seconds_left(request)}}
