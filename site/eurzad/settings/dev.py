"""Development settings: the embedded defaults, a local secret, DEBUG on unless told otherwise."""

from .base import *  # noqa: F403
from .base import ENV

# Development always runs with DEBUG on (the dev server serves static files, errors show).
DEBUG = True
# A fixed development key is fine on a developer's machine and refused by production settings.
SECRET_KEY = ENV.secret_key or "dev-only-insecure-key-not-for-production-use-0123456789abcdef"
# Demo residents' PESELs are encrypted with a fixed development key (production requires its own).
PERSONAL_DATA_KEY = ENV.personal_data_key or "dev-only-personal-data-key-0123456789abcdef"
ALLOWED_HOSTS = ENV.allowed_hosts or ["127.0.0.1", "localhost", "[::1]"]
DEMO_ACCOUNTS_ALLOWED = True

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
