"""A deployment check naming a wrong trusted-profile configuration in one sentence.

Run by ``manage.py check --deploy`` (the key files must exist then); development gets its keys
when the local IdP first starts, after ``migrate`` may already have run.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register("eurzad_services", deploy=True)
def check_trusted_profile(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Build the SP configuration from ``TRUSTED_PROFILE``; report what is wrong with it."""
    from integrations.trusted_profile.config import InvalidConfiguration
    from integrations.trusted_profile.factory import config_from_settings

    if not settings.TRUSTED_PROFILE:
        return [
            Error(
                "TRUSTED_PROFILE is not set, so residents cannot log in; see the README, "
                "Trusted-profile login.",
                id="accounts.E001",
            )
        ]
    try:
        config_from_settings(settings.TRUSTED_PROFILE)
    except InvalidConfiguration as error:
        return [Error(str(error), id="accounts.E002")]
    return []
