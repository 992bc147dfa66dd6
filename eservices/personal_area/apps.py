"""The personal_area app."""

from django.apps import AppConfig


class PersonalAreaConfig(AppConfig):
    """The personal area ("Mój e-Urząd"): dashboard, cards of personal plugins, access history."""

    name = "eservices.personal_area"
    label = "personal_area"
    verbose_name = "Mój e-Urząd"
    default_auto_field = "django.db.models.BigAutoField"
