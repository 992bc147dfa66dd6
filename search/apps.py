"""Search app: registers the search-engine health check."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Search over pages and public records."""

    name = "search"
    label = "portal_search"
    verbose_name = "Wyszukiwarka"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the checks)
