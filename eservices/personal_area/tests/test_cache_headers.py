"""Every answer of a personal-area view, refusals included, is marked no-store."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import include, path

from eservices.personal_area.cache_headers import never_cached_patterns, no_store


def _ok(request):
    return HttpResponse("ok")


def _missing(request):
    raise Http404


def _directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_a_refusal_is_rendered_and_marked_no_store_too(db):
    response = no_store(_missing)(RequestFactory().get("/moj-e-urzad/x/"))
    assert response.status_code == 404
    assert {"no-store", "private"} <= _directives(response)


def test_views_in_included_urlconfs_are_wrapped_once():
    inner = [path("b/", _ok)]
    patterns = never_cached_patterns([path("a/", _ok), path("sub/", include((inner, "sub")))])
    never_cached_patterns(patterns)  # a second pass must not wrap again

    for view in (patterns[0].callback, inner[0].callback):
        assert view.__wrapped__ is _ok
        response = view(RequestFactory().get("/"))
        assert {"no-store", "private"} <= _directives(response)


def test_a_header_changed_between_the_decorators_is_made_no_store_again():
    from eservices.accounts.decorators import never_store

    def cacheable(request):  # a plugin's decorator between resident_required and no_store
        response = never_store(HttpResponse("ok"))
        response["Cache-Control"] = "public, max-age=600"
        return response

    response = no_store(cacheable)(RequestFactory().get("/moj-e-urzad/x/"))
    assert {"no-store", "private"} <= _directives(response)
    assert "public" not in response["Cache-Control"]
