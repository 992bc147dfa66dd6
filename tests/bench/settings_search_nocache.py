"""Production settings with the search answers' cache off: the search benchmark's uncached run.

Everything else is production; the benchmark compares the API with and without the cache.
"""

from eurzad.settings.production import *  # noqa: F403

SEARCH_RESULTS_CACHE_SECONDS = 0
