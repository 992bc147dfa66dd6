"""Every environment variable the portal reads, read once, here, with typed defaults.

The defaults are the embedded ones (SQLite, Wagtail's database search, local-memory cache) and,
for anything security-related, the least permissive choice. The settings modules (`dev`, `test`,
`production`) only combine these values; nothing else in the code base calls `os.environ`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

# site/eurzad/settings/environment.py -> the checkout (or installation) root
BASE_DIR = Path(__file__).resolve().parents[3]

SEARCH_ENGINES = {
    "opensearch2": "wagtail.search.backends.opensearch2",
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
}


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


class UnsafeConfiguration(ImproperlyConfigured):
    """Raised when settings would start the portal in an unsafe or unusable state.

    Its message is a list of plain sentences, one per problem, meant to be printed as they are
    (see ``manage.py`` and ``eurzad.wsgi``), not as a traceback.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class SearchConfig:
    """Where the search index lives: Wagtail's database backend or a real engine."""

    engine: str  # "database", "opensearch2" or "elasticsearch8"
    url: str | None
    index_prefix: str

    @property
    def uses_engine(self) -> bool:
        """True when a real search engine (not the database) is configured."""
        return self.engine != "database"

    def wagtail_backends(self) -> dict[str, dict[str, Any]]:
        """The WAGTAILSEARCH_BACKENDS setting for this configuration."""
        if not self.uses_engine:
            return {"default": {"BACKEND": "wagtail.search.backends.database"}}
        from search.analysis import polish_index_settings  # engine-only; no Django imports

        return {
            "default": {
                "BACKEND": SEARCH_ENGINES[self.engine],
                "URLS": [self.url],
                # Every index name starts with this (modelsearch reads INDEX_PREFIX).
                "INDEX_PREFIX": f"{self.index_prefix}_",
                "TIMEOUT": 10,
                "OPTIONS": {},
                # Polish stemming (hunspell pl_PL) and diacritic folding for full text.
                "INDEX_SETTINGS": polish_index_settings(),
                "AUTO_UPDATE": True,
            }
        }


@dataclass(frozen=True)
class Environment:
    """The portal's configuration as read from the process environment."""

    secret_key: str | None
    #: Encrypts PESELs at rest and keys their lookup hash; separate from the secret key so that
    #: rotating one does not make the other's data unreadable.
    personal_data_key: str | None
    debug: bool
    allowed_hosts: list[str]
    csrf_trusted_origins: list[str]
    cors_allowed_origins: list[str]
    base_url: str
    database: dict[str, Any]
    cache: dict[str, Any]
    search: SearchConfig
    active_theme: str
    media_root: Path
    static_root: Path
    page_cache_seconds: int
    search_replicas: int
    search_results_cache_seconds: int | None
    secure_proxy: bool
    hsts_seconds: int
    hsts_preload: bool
    log_level: str
    #: The trusted-profile login (``TRUSTED_PROFILE`` plus ``TRUSTED_PROFILE_*`` variables); empty
    #: when not configured (development then uses the local IdP).
    trusted_profile: dict[str, Any] = dataclasses.field(default_factory=dict)
    #: Origins (scheme://host[:port]) besides the portal that forms may post to, for the CSP
    #: form-action directive: the identity provider the SAML login posts to. Empty by default.
    csp_extra_form_action: list[str] = dataclasses.field(default_factory=list)

    @property
    def database_is_postgres(self) -> bool:
        """True when DATABASE_URL names PostgreSQL."""
        return self.database["ENGINE"] == "django.db.backends.postgresql"


def _search_config(env: environ.Env, problems: list[str]) -> SearchConfig:
    url = env.str("SEARCH_URL", default="") or None
    engine = env.str("SEARCH_ENGINE", default="opensearch2" if url else "database")
    prefix = env.str("SEARCH_INDEX_PREFIX", default="eurzad")
    if engine == "database":
        if url:
            problems.append(
                "SEARCH_URL is set but SEARCH_ENGINE is 'database': remove one of them."
            )
        return SearchConfig(engine="database", url=None, index_prefix=prefix)
    if engine not in SEARCH_ENGINES:
        problems.append(
            f"SEARCH_ENGINE must be one of database, {', '.join(SEARCH_ENGINES)}; got {engine!r}."
        )
        return SearchConfig(engine="database", url=None, index_prefix=prefix)
    if not url:
        problems.append(f"SEARCH_ENGINE is {engine!r} but SEARCH_URL is not set.")
        return SearchConfig(engine="database", url=None, index_prefix=prefix)
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        problems.append(
            f"SEARCH_URL must be an http(s) URL such as http://127.0.0.1:9200; got {url!r}."
        )
    return SearchConfig(engine=engine, url=url, index_prefix=prefix)


#: Runs of one server-bound statement on a connection after which psycopg prepares it.
PREPARE_THRESHOLD = 5


def _database_config(env: environ.Env, problems: list[str]) -> dict[str, Any]:
    default = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    url = env.str("DATABASE_URL", default=default)
    try:
        config = environ.Env.db_url_config(url)
    except (ImproperlyConfigured, ValueError, KeyError) as error:
        problems.append(f"DATABASE_URL is not a database URL this portal understands ({error}).")
        return environ.Env.db_url_config(default)
    supported = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}
    if config["ENGINE"] not in supported:
        problems.append(
            "DATABASE_URL must name PostgreSQL (postgres://user:password@host:port/name) "
            f"or SQLite (sqlite:///path); got the scheme of {urlsplit(url).scheme!r}."
        )
        return environ.Env.db_url_config(default)
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Fail fast instead of hanging when the server is down; keep connections between requests.
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
        config["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
        config["CONN_HEALTH_CHECKS"] = True
        # The few statements bound on the server (eservices.bound_cursor: the resident's user
        # row and the audit row on every personal-area request) are prepared on each
        # connection after a few runs, so PostgreSQL stops planning them anew (most of its
        # work on them). The ORM binds on the client, which psycopg never prepares. Off only
        # behind a pooler that cannot keep prepared statements (PgBouncer in transaction mode
        # before 1.21, or with max_prepared_statements at 0).
        prepared = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
        config["OPTIONS"]["prepare_threshold"] = PREPARE_THRESHOLD if prepared else None
    return config


def _cache_config(env: environ.Env, problems: list[str]) -> dict[str, Any]:
    url = env.str("CACHE_URL", default="locmemcache://eurzad")
    try:
        config = environ.Env.cache_url_config(url)
        if config["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
            config["BACKEND"] = "eurzad.cache.RedisCache"  # one client per pool, see cache.py
        return config
    except (ImproperlyConfigured, ValueError, KeyError) as error:
        problems.append(f"CACHE_URL is not a cache URL this portal understands ({error}).")
        return environ.Env.cache_url_config("locmemcache://eurzad")


def _origin_list(env: environ.Env, name: str, problems: list[str]) -> list[str]:
    """A comma-separated list of origins such as https://idp.example.gov.pl, checked."""
    origins = []
    for value in env.list(name, default=[]):
        parts = urlsplit(value)
        if (
            parts.scheme not in {"http", "https"}
            or not parts.hostname
            or parts.path not in {"", "/"}
        ):
            problems.append(
                f"{name} must list origins such as https://idp.example.gov.pl; got {value!r}."
            )
            continue
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins


def read_environment(environ_map: dict[str, str] | None = None) -> Environment:
    """Read the portal's configuration; raise UnsafeConfiguration listing every bad value."""
    source = os.environ if environ_map is None else environ_map
    env = environ.Env()
    env.ENVIRON = source  # django-environ reads from this mapping
    problems: list[str] = []

    def _bool(name: str, default: bool) -> bool:
        raw = source.get(name, "").strip().lower()
        if not raw:
            return default
        if raw in TRUE_WORDS:
            return True
        if raw in FALSE_WORDS:
            return False
        problems.append(f"{name} must be true or false; got {source.get(name)!r}.")
        return default

    def _int(name: str, default: int) -> int:
        try:
            return env.int(name, default=default)
        except ValueError:
            problems.append(f"{name} must be a whole number; got {source.get(name)!r}.")
            return default

    result = Environment(
        secret_key=env.str("DJANGO_SECRET_KEY", default="") or None,
        personal_data_key=env.str("PERSONAL_DATA_KEY", default="") or None,
        debug=_bool("DJANGO_DEBUG", False),
        allowed_hosts=env.list("DJANGO_ALLOWED_HOSTS", default=[]),
        csrf_trusted_origins=env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[]),
        cors_allowed_origins=env.list("API_CORS_ALLOWED_ORIGINS", default=[]),
        base_url=env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000"),
        database=_database_config(env, problems),
        cache=_cache_config(env, problems),
        search=_search_config(env, problems),
        active_theme=env.str("PORTAL_THEME", default="default"),
        media_root=Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media"))),
        static_root=Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "static_collected"))),
        page_cache_seconds=_int("PAGE_CACHE_SECONDS", 300),
        search_replicas=_int("SEARCH_REPLICAS", 0),
        # Unset: search.results_cache decides (60 s with a shared cache, off with a local one).
        search_results_cache_seconds=(
            _int("SEARCH_RESULTS_CACHE_SECONDS", 0)
            if source.get("SEARCH_RESULTS_CACHE_SECONDS", "").strip()
            else None
        ),
        secure_proxy=_bool("DJANGO_BEHIND_TLS_PROXY", False),
        hsts_seconds=_int("DJANGO_HSTS_SECONDS", 31536000),
        hsts_preload=_bool("DJANGO_HSTS_PRELOAD", False),
        log_level=env.str("LOG_LEVEL", default="INFO").upper(),
        trusted_profile=_trusted_profile_config(source),
        csp_extra_form_action=_origin_list(env, "CSP_EXTRA_FORM_ACTION", problems),
    )
    theme_dir = BASE_DIR / "themes" / result.active_theme
    if not (theme_dir / "templates").is_dir():
        problems.append(
            f"PORTAL_THEME is {result.active_theme!r}, but themes/{result.active_theme}/templates "
            "does not exist."
        )
    if problems:
        raise UnsafeConfiguration(problems)
    return result


#: ``TRUSTED_PROFILE_*`` variables holding lists (comma-separated).
_TRUSTED_PROFILE_LISTS = {"idp_certificates"}


def _trusted_profile_config(source: Mapping[str, str]) -> dict[str, Any]:
    """``TRUSTED_PROFILE`` names the profile; ``TRUSTED_PROFILE_<KEY>`` sets ``<key>``.

    The values are checked (files read, URLs parsed) by the trusted-profile integration when the
    portal starts, so each mistake is reported in one sentence naming the variable.
    """
    profile = source.get("TRUSTED_PROFILE", "").strip()
    if not profile:
        return {}
    config: dict[str, Any] = {"profile": profile}
    for name, value in source.items():
        if name.startswith("TRUSTED_PROFILE_") and value.strip():
            key = name.removeprefix("TRUSTED_PROFILE_").lower()
            config[key] = (
                [item.strip() for item in value.split(",") if item.strip()]
                if key in _TRUSTED_PROFILE_LISTS
                else value.strip()
            )
    return config


def production_problems(config: Environment) -> list[str]:
    """Every reason the configuration is unsafe for production, one sentence each."""
    problems = []
    if not config.secret_key:
        problems.append(
            "DJANGO_SECRET_KEY is not set: production refuses to start without a secret key."
        )
    elif len(config.secret_key) < 50 or config.secret_key.startswith("django-insecure"):
        problems.append(
            "DJANGO_SECRET_KEY is too weak for production: use at least 50 random characters."
        )
    if not config.personal_data_key:
        problems.append(
            "PERSONAL_DATA_KEY is not set: production refuses to store PESEL numbers without it."
        )
    elif len(config.personal_data_key) < 32 or config.personal_data_key == config.secret_key:
        problems.append(
            "PERSONAL_DATA_KEY is too weak: use at least 32 random characters, not the secret key."
        )
    if not config.trusted_profile:
        problems.append(
            "TRUSTED_PROFILE is not set: name the login profile (login.gov.pl or generic) and its "
            "TRUSTED_PROFILE_* settings (see the README, Trusted-profile login)."
        )
    if config.debug:
        problems.append("DJANGO_DEBUG is on: production refuses to run with debugging enabled.")
    if not config.allowed_hosts:
        problems.append("DJANGO_ALLOWED_HOSTS is empty: list the host names the portal answers to.")
    elif "*" in config.allowed_hosts:
        problems.append("DJANGO_ALLOWED_HOSTS contains '*': list the real host names instead.")
    if not config.database_is_postgres:
        problems.append(
            "DATABASE_URL does not name PostgreSQL: production runs on PostgreSQL, not SQLite."
        )
    return problems
