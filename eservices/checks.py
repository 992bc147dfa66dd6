"""System check: every registered plugin reports its own configuration problems."""

from django.core.checks import CheckMessage, register

from .registry import registry


@register("eurzad_services")
def check_plugins(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Collect what each plugin's check_config() reports."""
    messages: list[CheckMessage] = []
    for plugin in registry:
        messages.extend(plugin.check_config())
    return messages
