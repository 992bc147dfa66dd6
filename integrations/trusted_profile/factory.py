"""Builds the trusted-profile provider from settings (the way Wagtail builds search backends)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .config import ProviderConfig, config_from_dict
from .interface import ReplayGuard, TrustedProfileProvider
from .provider import SamlServiceProvider


def config_from_settings(settings_dict: Mapping[str, Any]) -> ProviderConfig:
    """The validated configuration from the ``TRUSTED_PROFILE`` setting (InvalidConfiguration)."""
    return config_from_dict(settings_dict)


def build_provider(*, config: ProviderConfig, replay_guard: ReplayGuard) -> TrustedProfileProvider:
    """The SAML service provider for ``config``, remembering message ids in ``replay_guard``."""
    return SamlServiceProvider(config=config, replay_guard=replay_guard)
