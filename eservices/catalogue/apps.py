"""The catalogue plugin's app."""

from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    """E-service catalogue."""

    name = "eservices.catalogue"
    label = "eservice_catalogue"
    verbose_name = "Katalog e-usług"
