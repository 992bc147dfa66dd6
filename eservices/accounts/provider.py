"""The configured trusted-profile provider, built once from settings through the factory."""

from __future__ import annotations

import functools
from datetime import datetime

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from integrations.trusted_profile.interface import TrustedProfileProvider

from .services import message_claim


class DatabaseReplayGuard:
    """The provider's memory of processed assertions and artifacts, in the portal's database."""

    def claim(self, *, kind: str, identifier: str, expires_at: datetime) -> bool:
        """True the first time ``identifier`` of ``kind`` is seen before ``expires_at``."""
        return message_claim(kind=kind, identifier=identifier, expires_at=expires_at)


@functools.cache
def get_provider() -> TrustedProfileProvider:
    """The provider for ``settings.TRUSTED_PROFILE`` (keys are read once per process)."""
    from integrations.trusted_profile.factory import build_provider, config_from_settings

    return build_provider(
        config=config_from_settings(settings.TRUSTED_PROFILE),
        replay_guard=DatabaseReplayGuard(),
    )


@receiver(setting_changed)
def _forget_provider(*, setting: str, **kwargs) -> None:
    if setting == "TRUSTED_PROFILE":
        get_provider.cache_clear()
