"""The composition root's app: registers the system checks that need the whole portal."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Health checks and management commands of the portal as a whole."""

    name = "eurzad"
    label = "eurzad"
    verbose_name = "e-Urząd"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the checks)
        from .gc_policy import tune_garbage_collector

        # Every app's models are imported by now (Django imports them all before any ready()).
        tune_garbage_collector()
