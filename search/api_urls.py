"""URLs of the search API, included at ``api/szukaj/``."""

from django.urls import path

from . import api

app_name = "search-api"

urlpatterns = [
    path("", api.search_api, name="search"),
    path("podpowiedzi/", api.autocomplete_api, name="autocomplete"),
]
