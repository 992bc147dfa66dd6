"""Production settings: refuse to start with an unsafe configuration, one sentence per problem."""

from .base import *  # noqa: F403
from .base import ENV
from .environment import UnsafeConfiguration, production_problems

_problems = production_problems(ENV)
if _problems:
    raise UnsafeConfiguration(_problems)

DEBUG = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# TLS ends at the reverse proxy (site/deploy/); trust its X-Forwarded-Proto header only when told.
if ENV.secure_proxy:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = ENV.hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is hard to undo and a decision for the office, not a default.
SECURE_HSTS_PRELOAD = ENV.hsts_preload
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
