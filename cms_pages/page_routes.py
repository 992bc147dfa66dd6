"""Which page an address shows, remembered per site, language and content generation.

Wagtail finds the page of an address by walking the tree from the site's root: three queries
(the active locale, the root page with all its fields, the page at the address) before the page
itself is loaded. For readers who bypass the page cache that is on every view. The page an
address shows only changes when something is published, unpublished, moved or deleted, which
starts a new content generation (`page_cache.content_generation`), so the result is cached with
the generation in the key, and a later view loads just the page, by its id.

Only plain routes are remembered: a page served as is (no extra arguments). Pages with routes of
their own (RoutablePageMixin: news archives, feeds) keep Wagtail's routing every time. Wagtail's
view restrictions and ``before_serve_page`` hooks still run on every request: this only answers
"which page", never "may this reader see it".
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from .render_cache import request_generation

SITE_FIELDS = Site._meta.concrete_fields


def remember_route(*, request: HttpRequest, path: str) -> None:
    """Give Wagtail the page of ``path`` from the cache when known, and cache it when not.

    Wagtail's ``Page.route_for_request`` keeps its answer on the request
    (``_wagtail_route_for_request``); setting it first spares the walk down the tree.
    """
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in {"GET", "HEAD"}:
        return
    generation = request_generation(request)
    site = _remember_site(request=request, generation=generation)
    if site is None:
        return
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = f"route:{site.pk}:{language}:{generation}:{_digest(path)}"
    found = cache.get(key)
    if found is not None:
        content_type_id, page_id = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=page_id, live=True).first() if model else None
        if page is not None:
            request._wagtail_route_for_request = RouteResult(page, (), {})
            return
    result = Page.route_for_request(request, path)
    if result is not None and not result.args and not result.kwargs:
        page = result.page
        cache.set(key, (page.content_type_id, page.pk), timeout=settings.PAGE_CACHE_SECONDS)


def _remember_site(*, request: HttpRequest, generation: int) -> Site | None:
    """Wagtail's site of the request, its row cached per host, port and content generation.

    Saving a site starts a new generation (page_cache.connect_invalidation). The site is kept
    on the request where Wagtail's ``Site.find_for_request`` looks first (``_wagtail_site``).
    """
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    # The host as Wagtail reads it (Site._find_for_request), before the ALLOWED_HOSTS check.
    hostname = split_domain_port(request._get_raw_host())[0]
    key = f"site:{_digest(hostname)}:{request.get_port()}:{generation}"
    fields = cache.get(key)
    if fields is not None:
        request._wagtail_site = Site(**fields)
        return request._wagtail_site
    site = Site.find_for_request(request)
    if site is not None:
        fields = {field.attname: getattr(site, field.attname) for field in SITE_FIELDS}
        cache.set(key, fields, timeout=settings.PAGE_CACHE_SECONDS)
    return site


def _digest(text: str) -> str:
    # Paths and host names may hold any character, and cache keys may not.
    return hashlib.sha256(text.encode()).hexdigest()
