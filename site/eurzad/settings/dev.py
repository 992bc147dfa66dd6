"""Development settings: the embedded defaults, a local secret, DEBUG on unless told otherwise."""

from .base import *  # noqa: F403
from .base import ENV

# Development always runs with DEBUG on (the dev server serves static files, errors show).
DEBUG = True
# A fixed development key is fine on a developer's machine and refused by production settings.
SECRET_KEY = ENV.secret_key or "dev-only-insecure-key-not-for-production-use-0123456789abcdef"
ALLOWED_HOSTS = ENV.allowed_hosts or ["127.0.0.1", "localhost", "[::1]"]
DEMO_ACCOUNTS_ALLOWED = True

# Static files straight from the themes and apps (no collectstatic outside production).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
