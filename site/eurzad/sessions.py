"""Sessions read together with the content generation: one Redis round trip instead of two.

A logged-in resident's page needs two values from Redis before anything else: the session
(Django's ``cached_db`` engine reads it from the cache, the database being its fallback) and
the content generation the cached page parts are keyed by. Each GET is a network round trip
whose system calls cost more than Redis's own work. :class:`SessionMiddleware` reads both in one
MGET and hands the session to :class:`SessionStore`, which otherwise behaves exactly like
``cached_db`` (writes go to the database and the cache; a value missing from the cache is read
from the database). Chosen in settings only with a shared cache (Redis); with the per-process
cache the plain database engine stays.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.cache import DEFAULT_CACHE_ALIAS

from cms_pages.page_cache import GENERATION_KEY

_NOTHING = object()


class SessionStore(cached_db.SessionStore):
    """``cached_db``'s store, which may be given its cached value read along with other keys."""

    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._prefetched = _NOTHING

    def prefetch(self, data: dict | None) -> None:
        """The value the cache held under this session's key (None: not there)."""
        self._prefetched = data

    def load(self) -> dict:
        """The prefetched value if the cache had one; else cached_db's own read."""
        data, self._prefetched = self._prefetched, _NOTHING
        if isinstance(data, dict):
            return data
        return super().load()


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware; with :class:`SessionStore`, one MGET for the session and
    the content generation (kept on the request for ``render_cache.request_generation``)."""

    def process_request(self, request) -> None:
        super().process_request(request)
        session = request.session
        if not isinstance(session, SessionStore) or not session.session_key:
            return
        # The generation lives in the default cache (cms_pages.page_cache): one MGET only if
        # the sessions are kept there too.
        if settings.PAGE_CACHE_SECONDS <= 0 or settings.SESSION_CACHE_ALIAS != DEFAULT_CACHE_ALIAS:
            return
        try:
            found = session._cache.get_many([session.cache_key, GENERATION_KEY])
        except Exception:  # the store and the render cache read again, each on its own
            return
        session.prefetch(found.get(session.cache_key))
        generation = found.get(GENERATION_KEY)
        if generation is not None:
            request._content_generation = generation
