"""Sessions read in one MGET with the content generation, and otherwise as cached_db."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from cms_pages.page_cache import GENERATION_KEY
from eservices.personal_area.tests.residents import log_in, make_person, valid_pesel

pytestmark = pytest.mark.django_db


@pytest.fixture
def prefetching(settings):
    """The engine production uses with Redis (here over the test cache), page caching on."""
    settings.SESSION_ENGINE = "eurzad.sessions"
    settings.PAGE_CACHE_SECONDS = 300
    caches["default"].clear()


@pytest.fixture
def cache_reads(monkeypatch):
    """Every key the default cache is asked for, by method."""
    reads: list[tuple[str, tuple]] = []
    cache = caches["default"]
    get, get_many = cache.get, cache.get_many
    inside_many = []

    def spy_get(key, *args, **kwargs):
        if not inside_many:  # the test cache's get_many calls get per key: one read all the same
            reads.append(("get", (key,)))
        return get(key, *args, **kwargs)

    def spy_get_many(keys, *args, **kwargs):
        reads.append(("get_many", tuple(keys)))
        inside_many.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside_many.pop()

    monkeypatch.setattr(cache, "get", spy_get)
    monkeypatch.setattr(cache, "get_many", spy_get_many)
    return reads


def _resident_client() -> tuple[Client, object]:
    person = make_person(pesel=valid_pesel("8808080088"), given_name="Ewa", family_name="Mróz")
    return log_in(Client(), person), person


def test_the_session_and_the_generation_come_in_one_read(prefetching, cache_reads):
    client, _person = _resident_client()
    assert client.get(reverse("personal-area")).status_code == 200  # the cache now holds both
    session_key = client.cookies["sessionid"].value
    cache_reads.clear()

    response = client.get(reverse("personal-area"))

    assert response.status_code == 200 and "Ewa Mróz" in response.text
    together = [keys for method, keys in cache_reads if method == "get_many"]
    assert len(together) == 1
    assert GENERATION_KEY in together[0]
    assert any(session_key in key for key in together[0])
    singles = [keys[0] for method, keys in cache_reads if method == "get"]
    assert GENERATION_KEY not in singles
    assert not any(session_key in key for key in singles)


def test_a_session_missing_from_the_cache_is_read_from_the_database(prefetching):
    client, _person = _resident_client()
    caches["default"].clear()  # as after a Redis restart

    response = client.get(reverse("personal-area"))

    assert response.status_code == 200 and "Ewa Mróz" in response.text


def test_a_logged_out_session_is_gone_from_the_cache_too(prefetching):
    client, _person = _resident_client()
    client.get(reverse("personal-area"))
    old = client.cookies["sessionid"].value

    client.post(reverse("logout"))
    stale = Client()
    stale.cookies["sessionid"] = old

    response = stale.get(reverse("personal-area"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_failing_combined_read_leaves_each_value_to_its_own_read(prefetching, monkeypatch):
    client, _person = _resident_client()
    client.get(reverse("personal-area"))

    def broken(*args, **kwargs):
        raise ConnectionError("Redis did not answer")

    monkeypatch.setattr(caches["default"], "get_many", broken)
    response = client.get(reverse("personal-area"))

    assert response.status_code == 200 and "Ewa Mróz" in response.text
