"""Long bulk work with fewer garbage collections: a re-index, a rebuild, an import.

Such work keeps many objects alive for a while (batches of documents, parsed rows) on top of
the 270 000 or so that the started portal holds. Python's collector, after every 700 new
objects, and ever more often as the survivors pile up, walked all of them again: a tenth to a
quarter of a 100 000-record re-index or import. Inside :func:`fewer_collections` what existed
before is frozen (``gc.freeze``: left out of collections) and the youngest generation is
collected after GEN0_THRESHOLD new objects. Reference counting still frees almost everything
at once; only reference cycles wait longer, and everything returns to normal afterwards.

Not for web requests: there, a larger young generation kept more garbage about and made each
request slower (measured with ``make bench-login``).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: New objects between two collections of the youngest generation (Python's default: 700).
GEN0_THRESHOLD = 20_000

_lock = threading.Lock()
_depth = 0
_saved_threshold: tuple[int, int, int] | None = None
_froze = False


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Freeze what exists and collect the youngest generation less often, until the block ends.

    Nested blocks (an import whose re-index runs in the same process) keep the outermost
    block's setting; the last to end restores the collector.
    """
    global _depth, _saved_threshold
    global _froze
    with _lock:
        if _depth == 0:
            _saved_threshold = gc.get_threshold()
            # Objects someone else froze (a server freezing before it forks) stay frozen: this
            # block then neither freezes nor, at its end, thaws anything.
            _froze = gc.get_freeze_count() == 0
            if _froze:
                gc.freeze()
            gen0, gen1, gen2 = _saved_threshold
            gc.set_threshold(max(gen0, GEN0_THRESHOLD), gen1, gen2)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.set_threshold(*_saved_threshold)
                if _froze:
                    gc.unfreeze()
