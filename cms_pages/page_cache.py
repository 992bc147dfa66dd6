"""A cache of rendered pages for anonymous readers, emptied whenever anything is published.

Wagtail 8 has no page cache of its own and wagtail-cache does not support it yet, so this is a
thin layer over Django's cache framework. The rules:

- only GET/HEAD requests **without a session cookie** are served from or stored in the cache:
  a request with a session may be a logged-in editor, a resident, or a reader who unlocked a
  password-protected page, and a request without one can never pass a view restriction;
- only 200 responses that set no cookie and are not marked private/no-store/no-cache are stored
  (forms with a CSRF token set a cookie, personal pages send no-store);
- previews are served by the admin, never through this view;
- a publish, unpublish, move or delete anywhere bumps a generation number stored with every
  entry, so every cached page is stale at once (menus and listings show other pages, so dropping
  everything is the only safe rule; the cost is one re-render per page).

Production needs a cache shared by all workers (CACHE_URL=redis://...), or a worker would keep
serving its own copy after a publish; a system check says so.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from wagtail import views as wagtail_views
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "pagecache:generation"
# Routes that come before the page tree in the URLconf, so never serve a page: no cache lookup.
NEVER_PAGES = (
    "/health/",
    "/admin/",
    "/django-admin/",
    "/api/",
    "/static/",
    "/media/",
    "/dokumenty/",
    "/kanaly/",
    "/sitemap.xml",
    "/robots.txt",
    "/saml/",
)
UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")
# Listing pages: news and search-result pages (strona), the notice archive, past events.
CACHEABLE_QUERY_PARAMETERS = frozenset({"strona", "archiwum", "minione"})


def content_generation() -> int:
    """The current content generation: it changes whenever published content changes."""
    return _generation()


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A lost generation restarts from the clock, never from a number older entries may
        # still carry (they would count as current again).
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY, 0)
    return generation


def invalidate_all(**kwargs) -> None:
    """Make every cached page stale (signal receiver; also called by tests and commands)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # the key was evicted or never set
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def connect_invalidation() -> None:
    """Connect invalidate_all to every change of what a page shows or who may see it."""
    page_published.connect(invalidate_all, dispatch_uid="pagecache-published")
    page_unpublished.connect(invalidate_all, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(invalidate_all, dispatch_uid="pagecache-moved")
    post_delete.connect(_invalidate_on_page_delete, dispatch_uid="pagecache-deleted")
    # Privacy settings are saved without a publish; snippets and documents appear in pages.
    from wagtail.documents import get_document_model
    from wagtail.models import CollectionViewRestriction, PageViewRestriction, Site

    from .snippets import GdprClause

    for model in (
        PageViewRestriction,
        CollectionViewRestriction,
        GdprClause,
        get_document_model(),
        Site,  # its root page and host decide every address (cms_pages.page_routes)
    ):
        post_save.connect(invalidate_all, sender=model, dispatch_uid=f"pagecache-save-{model}")
        post_delete.connect(invalidate_all, sender=model, dispatch_uid=f"pagecache-del-{model}")


def _invalidate_on_page_delete(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        invalidate_all()


def _request_is_cacheable(request: HttpRequest) -> bool:
    # Only the query parameters the page types use: any other would let a crawler (or an
    # attacker) fill the cache with one entry per made-up URL.
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and set(request.GET).issubset(CACHEABLE_QUERY_PARAMETERS)
    )


def _response_is_cacheable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES)


def _key(request: HttpRequest) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}"
    return f"pagecache:{hashlib.sha256(raw.encode()).hexdigest()}"


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's page view; marks the responses the page cache may keep."""
    from .page_routes import remember_route  # page_routes builds on this module

    remember_route(request=request, path=path)
    response = wagtail_views.serve(request, path)
    response.page_cacheable = True
    return response


class PageCacheMiddleware:
    """Serves and stores pages for anonymous readers, ahead of the rest of the middleware.

    Placed right after the security and static-file middleware: a hit skips sessions, locale,
    CSRF, authentication and URL resolution, and a stored response already carries every header
    the inner middleware added on the miss (Vary, X-Frame-Options, Content-Language…). The
    language is part of the path (``/``, ``/en/``, ``/uk/``), so host and path make the key.
    An entry is (generation, response): one round trip to the cache per request, and an entry
    of an older generation is a miss.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _request_is_cacheable(request) or request.path_info.startswith(NEVER_PAGES):
            return self.get_response(request)
        key = _key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = _generation()
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            response = entry[1]
            response["X-Page-Cache"] = "hit"
            return response
        # The generation was read before rendering: a publish during the render leaves this
        # entry stale at once.
        response = self.get_response(request)
        if getattr(response, "page_cacheable", False) and _response_is_cacheable(response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            patch_cache_control(response, public=True, max_age=0)
            del response.page_cacheable
            cache.set(key, (generation, response), timeout=settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
