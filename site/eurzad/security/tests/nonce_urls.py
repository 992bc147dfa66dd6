"""A URLconf with one page that uses the CSP nonce, marked cacheable like a Wagtail page."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

TEMPLATE = engines["django"].from_string(
    '<!DOCTYPE html><title>Próba</title><script nonce="{{ request.csp_nonce }}">1;</script>'
)


def page_with_inline_script(request: HttpRequest) -> HttpResponse:
    """What a page template with a nonce-carrying inline script would return."""
    response = HttpResponse(TEMPLATE.render({}, request))
    response.page_cacheable = True  # as cms_pages.page_cache.serve marks Wagtail pages
    return response


def page_without_script(request: HttpRequest) -> HttpResponse:
    """The same page without an inline script."""
    response = HttpResponse("<!DOCTYPE html><title>Próba</title>")
    response.page_cacheable = True
    return response


def page_with_script_private_for_a_cookie(request: HttpRequest) -> HttpResponse:
    """A nonce page whose view kept only its cookie out of shared caches."""
    response = page_with_inline_script(request)
    response["Cache-Control"] = 'private="Set-Cookie"'
    return response


urlpatterns = [
    path("z-nonce/", page_with_inline_script),
    path("z-nonce-cookie/", page_with_script_private_for_a_cookie),
    path("bez-nonce/", page_without_script),
]
