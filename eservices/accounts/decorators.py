"""View decorators for the personal area."""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control


def is_resident(request: HttpRequest) -> bool:
    """True when a resident logged in with the trusted profile makes the request."""
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and hasattr(user, "person"))


def resident_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only a logged-in resident gets the view; others go to the login page and come back.

    Every answer, the redirect included, is ``no-store``: personal pages are never cached.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_resident(request):
            query = urlencode({"next": request.get_full_path()})
            response: HttpResponse = HttpResponseRedirect(f"{reverse('login')}?{query}")
        else:
            response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapper
