"""Test settings: the dev defaults, or PostgreSQL and a real engine when make test sets them."""

from .base import *  # noqa: F403
from .base import ENV

DEBUG = False
SECRET_KEY = "test-only-insecure-key-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEF"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
DEMO_ACCOUNTS_ALLOWED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if ENV.search.uses_engine:
    # Tests get their own indexes so they never touch a developer's data.
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = f"{ENV.search.index_prefix}_test_"  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False  # noqa: F405

# Static files straight from the themes and apps (no collectstatic outside production).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
