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


#: The Cache-Control value a response had when its never-cache headers were set (views nest
#: the decorators; a view or decorator between them may still change the header).
_NO_STORE_MARK = "_eurzad_no_store"


def never_store(response: HttpResponse) -> HttpResponse:
    """Give ``response`` the never-cache headers, ``no-store, private``.

    Not again when they are already there, unchanged since they were set.
    """
    marked = getattr(response, _NO_STORE_MARK, None)
    if marked is None or marked != response.get("Cache-Control"):
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        setattr(response, _NO_STORE_MARK, response["Cache-Control"])
    return response


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
        return never_store(response)

    return wrapper
