"""The public-records app."""

from django.apps import AppConfig


class PublicRecordsConfig(AppConfig):
    """Budget, register of business activity and municipal property ("rejestry publiczne")."""

    name = "eservices.public_records"
    label = "public_records"
    verbose_name = "Rejestry publiczne"
    default_auto_field = "django.db.models.BigAutoField"
