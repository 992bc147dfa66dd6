"""URLs of the personal area, under moj-e-urzad/ in every language; none may be cached."""

from django.urls import path

from . import views
from .cache_headers import never_cached_patterns

urlpatterns = never_cached_patterns(
    [
        path("", views.dashboard, name="personal-area"),
        path("dostep-do-danych/", views.access_log, name="personal-area-access-log"),
    ]
)
