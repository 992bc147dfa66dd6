"""Search app: the health check, the document sources and the index-update signals."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Search over pages and public records."""

    name = "search"
    label = "portal_search"
    verbose_name = "Wyszukiwarka"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the checks)
        from .documents import autodiscover
        from .indexing import connect_signals

        autodiscover()
        connect_signals()
