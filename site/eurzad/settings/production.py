"""Production settings: refuse to start with an unsafe configuration, one sentence per problem."""

from eurzad.security.csp import portal_content_security_policy

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

# Behind the TLS proxy every request comes from the proxy's address: the login lockout must count
# the client's address, which the proxy (site/deploy/nginx) puts last in X-Forwarded-For.
if ENV.secure_proxy:
    AXES_CLIENT_IP_CALLABLE = "eurzad.security.client_address.forwarded_client_ip"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Production serves only HTTPS: any http:// reference in content is fetched over HTTPS instead.
CONTENT_SECURITY_POLICY = portal_content_security_policy(
    extra_form_action=CSP_EXTRA_FORM_ACTION,  # noqa: F405
    upgrade_insecure_requests=True,
)
