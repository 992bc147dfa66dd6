"""How the garbage collector treats the portal's processes (web workers, task worker, commands).

Start-up leaves some 270 000 long-lived objects (modules, classes, models, settings) that the
collector would otherwise walk again and again: in long bulk work (a re-index of 100 000
records, an import) its collections took a tenth of the time. So, once the apps are ready,
what exists is frozen (``gc.freeze``: never collected, never scanned; what Instagram and
others do for pre-forked Django workers), and the youngest generation is collected after
more allocations than Python's default 700. Reference counting still frees nearly everything
at once; only cycles wait a little longer.
"""

from __future__ import annotations

import gc

#: Allocations between two collections of the youngest generation (Python's default: 700).
GEN0_THRESHOLD = 20_000


def tune_garbage_collector() -> None:
    """Freeze the objects start-up made and collect the youngest generation less often."""
    gc.freeze()
    gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(max(gen0, GEN0_THRESHOLD), gen1, gen2)
