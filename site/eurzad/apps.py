"""The composition root's app: registers the system checks that need the whole portal."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Health checks and management commands of the portal as a whole."""

    name = "eurzad"
    label = "eurzad"
    verbose_name = "e-Urząd"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the checks)
