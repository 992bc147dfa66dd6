"""The Redis cache backend reuses its client and does not check keys as memcached would."""

from eurzad.cache import RedisCache
from eurzad.settings.environment import read_environment


def test_redis_cache_url_selects_the_client_reusing_backend():
    config = read_environment({"CACHE_URL": "redis://127.0.0.1:6379/1"}).cache
    assert config["BACKEND"] == "eurzad.cache.RedisCache"


def test_one_client_per_pool_is_built():
    # Building a client does not connect, so no Redis server is needed for this.
    client = RedisCache("redis://127.0.0.1:6379/1", {})._cache
    assert client.get_client("a") is client.get_client("b")
    assert client.get_client(write=True) is client.get_client(write=False)  # one server, one pool


def _session_engine(cache_url: str) -> str:
    import os
    import subprocess
    import sys
    from pathlib import Path

    site = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "eurzad.settings.dev", "CACHE_URL": cache_url}
    code = (
        "import django; django.setup(); "
        "from django.conf import settings; print(settings.SESSION_ENGINE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=site, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def test_sessions_are_read_from_a_shared_cache_and_kept_in_the_database():
    # eurzad.sessions: Django's cached_db, its cache read together with the content generation.
    assert _session_engine("redis://127.0.0.1:6379/1") == "eurzad.sessions"


def test_a_per_process_cache_never_holds_sessions():
    # Another worker could still serve a session this one has ended.
    assert _session_engine("locmemcache://eurzad") == "django.contrib.sessions.backends.db"


def test_redis_keys_are_not_held_to_memcached_limits():
    import warnings

    from django.core.cache.backends.base import CacheKeyWarning

    cache = RedisCache("redis://127.0.0.1:6379/1", {})
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        cache.make_and_validate_key("klucz z odstępem " + "x" * 300)  # no Redis server needed
