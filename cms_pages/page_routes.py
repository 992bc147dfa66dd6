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
import pickle

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.utils import translation
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from .generation_memo import memoized
from .render_cache import request_generation
from .view_restrictions import RememberedViewRestrictions

SITE_FIELDS = Site._meta.concrete_fields


def remember_route(*, request: HttpRequest, path: str) -> None:
    """Give Wagtail the page of ``path`` from the cache when known, and cache it when not.

    Wagtail's ``Page.route_for_request`` keeps its answer on the request
    (``_wagtail_route_for_request``); setting it first spares the walk down the tree.
    """
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in {"GET", "HEAD"}:
        return
    generation = request_generation(request)
    site = remember_site(request=request)
    if site is None:
        return
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = f"route:{site.pk}:{language}:{generation}:{_digest(path)}"
    found = memoized(key, lambda: _plain_route(request=request, path=path))
    if found is not None:
        content_type_id, page_id = found
        page = load_page(content_type_id=content_type_id, page_id=page_id, generation=generation)
        if page is not None:
            request._wagtail_route_for_request = RouteResult(page, (), {})


def load_page(*, content_type_id: int, page_id: int, generation: int) -> Page | None:
    """The live page ``page_id`` for serving, its row remembered per content generation.

    What a reader sees of a page's row only changes when it is published, unpublished, moved
    or deleted, and each of these starts a new generation; a draft saved in between changes
    only the editors' fields (``has_unpublished_changes``, ``draft_title``, locks), which the
    public templates do not show. So the row is loaded once per generation (and worker) and
    each request gets its own copy (unpickled: nothing one request sets on it reaches another).

    The StreamFields are left unloaded: the bodies come from the render cache
    (`render_cache.render_page_stream` reads a field only to render it). Whether any view
    restriction applies is remembered too (saving or deleting one starts a new generation),
    which spares Wagtail's two queries per view for the pages without any.
    """
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    pickled = memoized(
        f"page-row:{page_id}:{generation}",
        lambda: _pickled_page(model=model, page_id=page_id),
    )
    if pickled is None:
        return None
    page = pickle.loads(pickled)  # noqa: S301 - our own bytes, from our own cache
    if isinstance(page, RememberedViewRestrictions):
        restricted = memoized(
            f"restricted:{page_id}:{generation}", lambda: page.get_view_restrictions().exists()
        )
        page.no_view_restrictions = not restricted
    return page


def _pickled_page(*, model: type[Page], page_id: int) -> bytes | None:
    fields = model._meta.concrete_fields
    streams = [field.attname for field in fields if isinstance(field, StreamField)]
    page = model.objects.filter(pk=page_id, live=True).defer(*streams).first()
    return pickle.dumps(page) if page is not None else None


def _plain_route(*, request: HttpRequest, path: str) -> tuple[int, int] | None:
    # Wagtail's routing, kept on the request; remembered only when it needs no extra arguments.
    result = Page.route_for_request(request, path)
    if result is None or result.args or result.kwargs:
        return None
    return (result.page.content_type_id, result.page.pk)


def remember_site(*, request: HttpRequest) -> Site | None:
    """Wagtail's site of the request, its row cached per host, port and content generation.

    Saving a site starts a new generation (page_cache.connect_invalidation). The site is kept
    on the request where Wagtail's ``Site.find_for_request`` looks first (``_wagtail_site``).
    Every view that shows the page chrome (menu, footer) asks for the site: this spares each
    of them Wagtail's query.
    """
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    if settings.PAGE_CACHE_SECONDS <= 0:
        return Site.find_for_request(request)
    # The host as Wagtail reads it (Site._find_for_request), before the ALLOWED_HOSTS check.
    hostname = split_domain_port(request._get_raw_host())[0]
    generation = request_generation(request)
    key = f"site:{_digest(hostname)}:{request.get_port()}:{generation}"
    fields = memoized(key, lambda: _site_fields(request))
    site = Site(**dict(fields)) if fields is not None else None
    request._wagtail_site = site
    return site


def _site_fields(request: HttpRequest) -> tuple[tuple[str, object], ...] | None:
    site = Site.find_for_request(request)
    if site is None:
        return None
    return tuple((field.attname, getattr(site, field.attname)) for field in SITE_FIELDS)


def _digest(text: str) -> str:
    # Paths and host names may hold any character, and cache keys may not.
    return hashlib.sha256(text.encode()).hexdigest()
