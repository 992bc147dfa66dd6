"""The search API keeps answers briefly, and forgets them as soon as the indexes change."""

from __future__ import annotations

import pytest

from search import api
from search.backends.database import DatabaseBackend
from search.documents import SearchDocument
from search.indexing import remove_key

pytestmark = pytest.mark.django_db

CARP_DAYS = SearchDocument(
    key="page:7",
    type="page",
    title="Dni Karpia w Zatorze",
    url="/wydarzenia/dni-karpia/",
    body="Festyn nad stawami.",
    year=2026,
)


@pytest.fixture
def database_search(settings, monkeypatch):
    """The database backend with one page; returns the list of queries the backend answered."""
    settings.SEARCH_CONFIG = type(settings.SEARCH_CONFIG)(
        engine="database", url=None, index_prefix="eurzad"
    )
    settings.SEARCH_RESULTS_CACHE_SECONDS = 60
    DatabaseBackend().index_documents(documents=[CARP_DAYS])
    answered: list[str] = []
    real_search = api.search

    def counting_search(**kwargs):
        answered.append(kwargs["query"])
        return real_search(**kwargs)

    monkeypatch.setattr(api, "search", counting_search)
    return answered


def test_the_same_search_again_is_answered_from_the_cache(client, database_search):
    first = client.get("/api/szukaj/", {"q": "karpia"})
    again = client.get("/api/szukaj/", {"q": " karpia", "nieznany": "x"})  # same request parsed
    other = client.get("/api/szukaj/", {"q": "karpia", "strona": "2"})

    assert first.json() == again.json()
    assert first.json()["hits"][0]["title"] == "Dni Karpia w Zatorze"
    assert database_search == ["karpia", "karpia"]  # the first request and the second page
    assert other.json()["page"] == 2


def test_a_change_to_the_indexes_shows_at_the_next_search(client, database_search):
    assert client.get("/api/szukaj/", {"q": "karpia"}).json()["total"] == 1

    remove_key(key="page:7")

    assert client.get("/api/szukaj/", {"q": "karpia"}).json()["total"] == 0
    assert database_search == ["karpia", "karpia"]


def test_zero_seconds_turns_the_cache_off(client, database_search, settings):
    settings.SEARCH_RESULTS_CACHE_SECONDS = 0
    client.get("/api/szukaj/", {"q": "karpia"})
    client.get("/api/szukaj/", {"q": "karpia"})
    assert database_search == ["karpia", "karpia"]


def test_an_answer_given_while_the_engine_is_down_is_not_kept(client, database_search, settings):
    settings.SEARCH_CONFIG = type(settings.SEARCH_CONFIG)(
        engine="opensearch2", url="http://127.0.0.1:9", index_prefix="eurzad_dead"
    )
    first = client.get("/api/szukaj/", {"q": "karpia"}).json()
    client.get("/api/szukaj/", {"q": "karpia"})

    assert first["backend"] == "database" and first["notice"]
    assert database_search == ["karpia", "karpia"]


def test_unset_the_cache_is_used_only_when_the_processes_share_it(settings):
    from search.results_cache import cache_seconds

    del settings.SEARCH_RESULTS_CACHE_SECONDS
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert cache_seconds() == 0
    settings.CACHES = {"default": {"BACKEND": "eurzad.cache.RedisCache", "LOCATION": "redis://x"}}
    assert cache_seconds() == 60
