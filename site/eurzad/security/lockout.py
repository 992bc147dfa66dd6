"""The page django-axes shows when a staff login is locked after too many wrong passwords."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """A plain Polish explanation, with HTTP 429 (AXES_LOCKOUT_CALLABLE).

    It names neither the username nor the address: whoever is locked out may not own the account.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "security/lockout.html", context, status=429)
