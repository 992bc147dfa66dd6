"""Django's Redis cache backend, keeping one Redis client per connection pool, without
memcached's key checks.

Django builds a new ``redis.Redis`` object on every cache call; with redis-py 8 that costs more
than the GET itself (about 70 µs against 40 µs, measured by ``tests/bench/run.py``), which is most
of a cached page's cost. A client object only wraps the pool and is thread-safe, so keeping one
per pool is safe (Django's cache objects are per thread anyway).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    """Reuses the client of each pool instead of building one per call."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        """The pool's client, built once."""
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """``CACHE_URL=redis://…`` selects this backend (see settings/environment.py)."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient

    def validate_key(self, key: str) -> None:
        """Nothing to check: Redis keys may hold any bytes at any length.

        Django's base class warns about keys memcached would refuse, looking at each character
        of each key in Python, on every cache call. The per-process cache used in development
        and most tests keeps those warnings, so a key only memcached would refuse still shows.
        """
