"""A per-process memo in front of the shared cache, for values keyed by the content generation.

Rendered fragments (page bodies, the menu, the footer, the metryka, routes) are cached in the
shared cache under keys that contain the content generation (`page_cache.content_generation`).
Such a key never changes meaning: a publish starts a new generation and so new keys, and the
old entries are simply never asked for again. A value read once can therefore be kept in the
worker's memory and served from there, without the shared cache's network round trip and
unpickling; every request still reads the current generation from the shared cache first, so a
publish on any server shows at once on every worker.

Bounded: at most ``MEMO_BYTES`` of text per worker (strings and bytes count their length, other
values a nominal size), least recently used first out. Only immutable values belong here (str,
bytes, tuples of str/int, frozen data): the same object is handed to every request of the worker.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from cachetools import LRUCache
from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")

#: Text kept per worker process: about 170 heavy page bodies of the 60-block benchmark page.
MEMO_BYTES = 16 * 1024 * 1024
#: What a value that is not a string counts for.
NOMINAL_SIZE = 512
#: Not a value anyone stores: tells a miss from a stored None.
_MISSING = object()


def _size(value: Any) -> int:
    if isinstance(value, str | bytes):
        return max(len(value), 1)
    if isinstance(value, tuple):
        return sum(_size(item) for item in value) or 1
    return NOMINAL_SIZE


_memo: LRUCache[str, Any] = LRUCache(maxsize=MEMO_BYTES, getsizeof=_size)
# Gunicorn's sync workers serve one request at a time, the dev server and threaded workers more:
# cachetools' caches are not thread-safe.
_lock = threading.Lock()


def memoized(key: str | None, build: Callable[[], T]) -> T:
    """The value of generation-keyed ``key``: from this worker, the shared cache, or ``build()``.

    ``key`` must contain the content generation (and everything else the value depends on);
    None means "not cacheable", and ``build()`` runs every time. What ``build()`` gives is stored
    in the shared cache for ``PAGE_CACHE_SECONDS`` and in this worker's memo.
    """
    if key is None:
        return build()
    with _lock:
        found = _memo.get(key, _MISSING)
    if found is not _MISSING:
        return found
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = build()
        cache.set(key, found, timeout=settings.PAGE_CACHE_SECONDS)
    _remember(key, found)
    return found


def _remember(key: str, value: Any) -> None:
    if _size(value) > MEMO_BYTES // 4:  # one huge value must not flush everything else
        return
    with _lock:
        _memo[key] = value


def forget_all() -> None:
    """Empty this worker's memo (tests; entries of old generations also just age out)."""
    with _lock:
        _memo.clear()
