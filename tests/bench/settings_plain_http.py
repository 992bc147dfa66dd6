"""Production settings for the login benchmark, which has no TLS terminator in front.

The IdP sends the browser back to the portal's own URLs, so the portal must answer on plain
HTTP: no redirect to HTTPS and no Secure-only cookies. Everything else is production.
"""

from eurzad.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_PROXY_SSL_HEADER = None
