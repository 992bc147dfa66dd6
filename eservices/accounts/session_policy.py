"""Limits of a resident's session: 15 minutes idle (with a warning and an extension), an absolute
cap, and a new session on every login.

The clock lives in the session itself (server-side); the browser only shows the warning.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from .decorators import is_resident

LOGIN_AT = "resident_login_at"
LAST_ACTIVITY = "resident_last_activity"
#: Requests that report the session's state without counting as activity.
PASSIVE_HEADER = "HTTP_X_SESSION_PASSIVE"


def idle_limit() -> int:
    """Seconds of inactivity after which a resident's session ends."""
    return settings.RESIDENT_SESSION_IDLE_SECONDS


def absolute_limit() -> int:
    """Seconds after login after which a resident's session ends whatever the activity."""
    return settings.RESIDENT_SESSION_ABSOLUTE_SECONDS


def session_start(request: HttpRequest) -> None:
    """Start the clocks right after login (the session key is already new)."""
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[LAST_ACTIVITY] = now
    # The stored session outlives the idle limit on purpose: the middleware must still find it
    # to end it properly (audited, with a notice); past the absolute limit nothing is kept.
    request.session.set_expiry(absolute_limit() + 60)


def seconds_left(request: HttpRequest) -> int:
    """Seconds until the session ends unless the resident does something."""
    now = int(time.time())
    idle_end = request.session.get(LAST_ACTIVITY, 0) + idle_limit()
    absolute_end = request.session.get(LOGIN_AT, 0) + absolute_limit()
    return max(0, min(idle_end, absolute_end) - now)


#: Activity is written back at most this often: a page's burst of requests (the page, its
#: polling, a few clicks) costs one session save, not one each.
TOUCH_GRANULARITY_SECONDS = 10


def session_touch(request: HttpRequest, *, force: bool = False) -> None:
    """Count this request as activity."""
    now = int(time.time())
    if force or now - request.session.get(LAST_ACTIVITY, 0) >= TOUCH_GRANULARITY_SECONDS:
        request.session[LAST_ACTIVITY] = now


class ResidentSessionMiddleware:
    """Ends a resident's session that was idle too long or lasted too long; audits the expiry."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_resident(request):
            if seconds_left(request) <= 0:
                return self._expired(request)
            if not request.META.get(PASSIVE_HEADER):
                session_touch(request)
        return self.get_response(request)

    def _expired(self, request: HttpRequest) -> HttpResponse:
        from eservices.audit.services import audit_record  # the audit app depends on accounts

        audit_record(
            action="session_expired",
            request=request,
            actor_user=request.user,
            subject=request.user.person,
            reason="idle" if _idle_passed(request) else "absolute",
        )
        logout(request)
        if request.headers.get("accept", "").startswith("application/json"):
            return JsonResponse({"expired": True, "seconds_left": 0}, status=401)
        query = urlencode({"sesja": "wygasla", "next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('login')}?{query}")


def _idle_passed(request: HttpRequest) -> bool:
    return request.session.get(LAST_ACTIVITY, 0) + idle_limit() <= int(time.time())
