"""Personal pages are never cached: every view under moj-e-urzad/ answers ``no-store``."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver

from eservices.accounts.decorators import never_store


def no_store(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The view's every answer (redirects and refusals too) says ``no-store, private``."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except (Http404, PermissionDenied) as refusal:
            # Rendered here rather than by the handler outside, so the error page of a personal
            # URL (which may show the resident's header) gets the same headers.
            response = response_for_exception(request, refusal)
        return never_store(response)

    wrapper.personal_area_no_store = True
    return wrapper


def never_cached_patterns(
    patterns: Sequence[URLPattern | URLResolver],
) -> list[URLPattern | URLResolver]:
    """``patterns`` with :func:`no_store` around every view, those of included URLconfs too.

    Applied to the app's whole URLconf, so a view added later (by a plugin) cannot forget it.
    """
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            never_cached_patterns(pattern.url_patterns)
        elif not getattr(pattern.callback, "personal_area_no_store", False):
            pattern.callback = no_store(pattern.callback)
    return list(patterns)
