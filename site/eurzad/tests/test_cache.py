"""The Redis cache backend reuses its client."""

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
