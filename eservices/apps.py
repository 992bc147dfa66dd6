"""The framework app: discovers plugins and checks their configuration."""

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class EServicesConfig(AppConfig):
    """Imports every installed app's ``plugin`` module, where plugins register themselves."""

    name = "eservices"
    verbose_name = "E-usługi"

    def ready(self) -> None:
        autodiscover_modules("plugin")
        from . import checks  # noqa: F401  (registers the checks)
