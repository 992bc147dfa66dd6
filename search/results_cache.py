"""Search answers kept for a short time in the shared cache, until the indexes change.

The same few queries ("podatek od nieruchomości", a street, a trade) make most of a gmina's
searches, and each costs the engine tens of milliseconds of CPU (fuzzy matching, six facet
counts, highlighting, the spelling suggestion). An answer is the same for everyone, so it is
kept for SEARCH_RESULTS_CACHE_SECONDS (0 turns this off; unset: 60 with a cache the processes
share, off with a per-process one). Every write to the indexes moves a
generation number that is part of the key, so a change is visible at the next search, not after
the timeout; answers with a notice (the engine was down) are never kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import get_language

from .params import SearchRequest

GENERATION_KEY = "search:generation"
DEFAULT_SECONDS = 60


#: Cache backends each process has its own of: the task worker's index writes would not reach
#: the web workers' copies, which could then answer from stale results for the whole timeout.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def cache_seconds() -> int:
    """How long an answer is kept: ``SEARCH_RESULTS_CACHE_SECONDS`` (0: never).

    Unset, 60 seconds with a shared cache (Redis) and 0 with a per-process one.
    """
    configured = getattr(settings, "SEARCH_RESULTS_CACHE_SECONDS", None)
    if configured is not None:
        return int(configured)
    shared = settings.CACHES["default"]["BACKEND"] not in PER_PROCESS_CACHES
    return DEFAULT_SECONDS if shared else 0


def index_changed() -> None:
    """Forget every kept answer: called after each write to the indexes."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): any new value differs from the old one
        cache.set(GENERATION_KEY, 1, timeout=None)


def _key(wanted: SearchRequest, generation: int) -> str:
    described = json.dumps(
        [asdict(wanted), get_language(), generation], sort_keys=True, ensure_ascii=False
    )
    return f"search:answer:{hashlib.sha256(described.encode()).hexdigest()}"


def encoded(payload: dict[str, Any]) -> bytes:
    """The JSON the API sends, as JsonResponse would write it (UTF-8, no ASCII escapes)."""
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


def cached_answer(*, wanted: SearchRequest, answer: Callable[[], dict[str, Any]]) -> bytes:
    """The kept JSON answer to ``wanted``, or ``answer()`` encoded (kept unless it has a notice).

    The encoded bytes are kept, not the results: a hit then costs one cache read, without
    unpickling and encoding again twenty hits and six facets.
    """
    seconds = cache_seconds()
    if seconds <= 0:
        return encoded(answer())
    key = _key(wanted, cache.get(GENERATION_KEY, 0))
    kept = cache.get(key)
    if kept is not None:
        return kept
    fresh = answer()
    body = encoded(fresh)
    if not fresh.get("notice"):
        cache.set(key, body, timeout=seconds)
    return body
