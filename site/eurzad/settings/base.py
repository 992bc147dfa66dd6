"""Settings shared by every environment, built from `environment.read_environment()`."""

from __future__ import annotations

from datetime import timedelta
from importlib.metadata import entry_points

from eurzad.security.csp import portal_content_security_policy

from .environment import BASE_DIR, read_environment
from .login_origins import idp_form_origins

ENV = read_environment()

SECRET_KEY = ENV.secret_key
PERSONAL_DATA_KEY = ENV.personal_data_key
DEBUG = ENV.debug
ALLOWED_HOSTS = ENV.allowed_hosts
CSRF_TRUSTED_ORIGINS = ENV.csrf_trusted_origins
WAGTAILADMIN_BASE_URL = ENV.base_url

# Third-party e-service plugins announce their Django app through this entry-point group.
THIRD_PARTY_ESERVICE_APPS = [ep.value for ep in entry_points(group="eurzad.eservices")]

INSTALLED_APPS = [
    "eurzad.apps.PortalConfig",
    "eurzad.security",  # before wagtail.admin: its templates override the admin's
    "cms_pages",
    "eservices",
    "eservices.catalogue",
    "eservices.public_records",
    "eservices.accounts",
    "eservices.audit",
    "eservices.personal_area",
    *THIRD_PARTY_ESERVICE_APPS,
    "search",
    "django_tasks",
    "django_tasks_db",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms_pages.page_cache.PageCacheMiddleware",  # anonymous page cache, ahead of sessions
    # Inside the page cache: a cached page keeps the headers of its miss (public pages use no
    # nonce, and a response that does is marked private, so it is never cached).
    "eurzad.security.middleware.PortalCSPMiddleware",
    "eurzad.security.middleware.SecurityHeadersMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "eurzad.sessions.SessionMiddleware",  # Django's, reading the session in one MGET
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "eurzad.security.staff_otp.StaffOTPMiddleware",  # the admin needs the second factor
    "eservices.accounts.session_policy.ResidentSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into a page
]

ROOT_URLCONF = "eurzad.urls"
WSGI_APPLICATION = "eurzad.wsgi.application"

# Themes: the active theme's templates first, then the default theme's as the fallback for
# anything the active theme does not override, then the apps' own templates.
ACTIVE_THEME = ENV.active_theme
THEMES_DIR = BASE_DIR / "themes"
_theme_chain = [ACTIVE_THEME] if ACTIVE_THEME == "default" else [ACTIVE_THEME, "default"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [THEMES_DIR / name / "templates" for name in _theme_chain],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "eservices.accounts.context_processors.resident_session",
            ],
        },
    },
]

DATABASES = {"default": ENV.database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": ENV.cache}
PAGE_CACHE_SECONDS = ENV.page_cache_seconds

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out staff logins
    "django.contrib.auth.backends.ModelBackend",  # staff: username, password (and TOTP)
    "eservices.accounts.backends.TrustedProfileBackend",  # residents: validated SAML identity
]

# Residents' sessions: 15 minutes without a request end them (a warning comes 2 minutes
# before), and none outlives this absolute limit, however active.
RESIDENT_SESSION_IDLE_SECONDS = 15 * 60
RESIDENT_SESSION_ABSOLUTE_SECONDS = 8 * 60 * 60

# The trusted-profile login (integrations/trusted_profile/config.py lists the keys). Development
# and tests fill it in for the local SimpleSAMLphp IdP; production reads TRUSTED_PROFILE_*.
TRUSTED_PROFILE = ENV.trusted_profile

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", "Polski"), ("en", "English"), ("uk", "Українська")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
# Page content is translated as a page tree per locale (Wagtail's built-in localisation).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = ENV.static_root
STATICFILES_DIRS = [THEMES_DIR / name / "static" for name in _theme_chain]
MEDIA_URL = "/media/"
MEDIA_ROOT = ENV.media_root
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "e-Urząd Gminy Zator"
WAGTAILSEARCH_BACKENDS = ENV.search.wagtail_backends()
SEARCH_CONFIG = ENV.search
# Replicas of the portal's search index: 0 for one node, 1 or more for a cluster.
SEARCH_REPLICAS = ENV.search_replicas
SEARCH_RESULTS_CACHE_SECONDS = ENV.search_results_cache_seconds
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "docx", "xlsx", "csv", "txt", "xml", "zip"]

# Background work (index updates, deliveries): Django's tasks framework with the ORM backend,
# so a job is committed in the same transaction as the data it concerns.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Residents log in through the trusted profile (its own issue); until then the e-services that
# need it send residents to this address.
RESIDENT_LOGIN_URL = "/logowanie/"
LOGIN_URL = "wagtailadmin_login"

# Security defaults: least permissive, relaxed only in dev.
# Sessions live in the database; with a shared cache (Redis) every read is served from it and
# every write goes to both ("cached_db"), which spares a query on each logged-in request. A
# per-process cache (the embedded default) could serve a worker a session another worker has
# already ended, so then the database alone is used.
SESSION_ENGINE = (
    "eurzad.sessions"  # cached_db, read with the content generation (see the module)
    if CACHES["default"]["BACKEND"] == "eurzad.cache.RedisCache"
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Content security policy (eurzad/security/csp.py): scripts only from the portal's own files or
# with the request's nonce; forms post to the portal and to the origins listed in
# CSP_EXTRA_FORM_ACTION, plus the trusted-profile IdP's own origins (the login form posts there,
# logout redirects there after a form).
CSP_EXTRA_FORM_ACTION = [*ENV.csp_extra_form_action, *idp_form_origins(TRUSTED_PROFILE)]
CONTENT_SECURITY_POLICY = portal_content_security_policy(extra_form_action=CSP_EXTRA_FORM_ACTION)
# No third-party requests from staff browsers: no Gravatar, no Wagtail release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# The staff second factor: TOTP codes (eurzad/security/staff_otp.py). Each wrong code doubles
# the wait before the next try (1 s, 2 s, 4 s…), so guessing six digits is hopeless.
OTP_TOTP_ISSUER = "e-Urząd"
OTP_TOTP_THROTTLE_FACTOR = 1

# Staff login brute force (django-axes): 5 wrong passwords for one username from one address
# lock that pair for 15 minutes; a success clears the count. No usernames or addresses in logs.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries during the lockout do not prolong it: it ends 15 minutes after the fifth failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "eurzad.security.lockout.lockout_response"
AXES_VERBOSE = False
# Successful logins are not recorded (residents included): only failures count.
AXES_DISABLE_ACCESS_LOG = True

# Demo accounts (a local staff login printed by `make run`) are allowed only in dev.
DEMO_ACCOUNTS_ALLOWED = False

# The headless API (Wagtail API v2 under /api/v2/) may be read by these other front ends.
CORS_ALLOWED_ORIGINS = ENV.cors_allowed_origins
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # The open-data API of the public records (/api/rejestry/) is described by drf-spectacular.
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

# OpenAPI schema of the open-data API (/api/schema/); 3.1 so its schemas are plain JSON Schema.
SPECTACULAR_SETTINGS = {
    "TITLE": "e-Urząd: rejestry publiczne (otwarte dane)",
    "DESCRIPTION": (
        "Budżet gminy, ewidencja działalności gospodarczej i mienie komunalne: listy z filtrami, "
        "szczegóły i eksport wyników (CSV, JSON, XLSX). Tylko odczyt, bez logowania."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Its deploy check builds a schema of every DRF view, Wagtail's own APIs included, and warns
    # about those; the open-data schema is generated and validated by its tests instead.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": ENV.log_level},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "wagtail": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # one INFO line per login otherwise
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # The clients log every failed request with a traceback; the portal reports them itself.
        "opensearch": {"level": "ERROR"},
        "elastic_transport": {"level": "ERROR"},
    },
}
