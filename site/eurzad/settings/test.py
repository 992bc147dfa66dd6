"""Test settings: the dev defaults, or PostgreSQL and a real engine when make test sets them."""

from .base import *  # noqa: F403
from .base import ENV

DEBUG = False
SECRET_KEY = "test-only-insecure-key-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEF"  # noqa: S105
PERSONAL_DATA_KEY = "test-only-personal-data-key-0123456789abcdef"
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

# Residents log in at the local SimpleSAMLphp IdP (`make run` starts it) unless TRUSTED_PROFILE
# names another one.
if not TRUSTED_PROFILE:  # noqa: F405
    from .local_idp import local_idp_profile
    from .login_origins import idp_form_origins

    TRUSTED_PROFILE = local_idp_profile()
    CONTENT_SECURITY_POLICY = portal_content_security_policy(  # noqa: F405
        extra_form_action=[*CSP_EXTRA_FORM_ACTION, *idp_form_origins(TRUSTED_PROFILE)]  # noqa: F405
    )
