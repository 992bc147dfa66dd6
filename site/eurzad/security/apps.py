"""The security app: its templates (second factor, lockout) and admin widget overrides."""

from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Content security policy, security headers and the staff second factor (TOTP)."""

    name = "eurzad.security"
    label = "eurzad_security"
    verbose_name = "Bezpieczeństwo"
