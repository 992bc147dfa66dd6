"""The audit app."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only audit log ("dziennik zdarzeń") of logins and access to personal data."""

    name = "eservices.audit"
    label = "audit"
    verbose_name = "Dziennik dostępu"
    default_auto_field = "django.db.models.BigAutoField"
