"""The accounts app."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Residents known through the trusted profile ("profil zaufany"): login, sessions, Person."""

    name = "eservices.accounts"
    label = "accounts"
    verbose_name = "Konta mieszkańców"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the system check of the trusted-profile configuration."""
        from . import checks  # noqa: F401
