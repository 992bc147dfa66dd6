"""The real search engine named by SEARCH_URL (OpenSearch in `make test`)."""

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from search.engine import SearchEngineUnavailable, engine_info

pytestmark = pytest.mark.search_engine


def test_engine_answers_with_its_distribution_and_health():
    info = engine_info()
    assert info is not None
    assert info.cluster_status in {"green", "yellow"}
    assert info.version.split(".")[0].isdigit()


def test_pages_are_indexed_in_the_engine_and_found(demo_site):
    call_command("update_index", verbosity=0)
    backend = get_search_backend()
    assert type(backend).__module__.startswith("modelsearch.backends.")
    assert "database" not in type(backend).__module__
    titles = [page.title for page in backend.search("społeczeństwa informacyjnego", Page)]
    assert "Projekt eZator" in titles


def test_search_page_answers_from_the_engine(client, demo_site, search_alias):
    call_command("rebuild_search_index", verbosity=0)
    response = client.get("/szukaj/", {"q": "Regionalnego Programu Operacyjnego"})
    assert 'href="/ezator/"' in response.text


def test_unreachable_engine_gives_a_notice_not_a_server_error(client, demo_site, settings):
    config = settings.SEARCH_CONFIG
    settings.SEARCH_CONFIG = type(config)(
        engine=config.engine, url="http://127.0.0.1:9", index_prefix=config.index_prefix
    )
    response = client.get("/szukaj/", {"q": "zator"})
    assert response.status_code == 200
    assert "Wyszukiwarka pełnotekstowa jest chwilowo niedostępna" in response.text


def test_engine_info_raises_a_typed_error_for_an_unreachable_engine(settings):
    config = settings.SEARCH_CONFIG
    settings.SEARCH_CONFIG = type(config)(
        engine=config.engine, url="http://127.0.0.1:9", index_prefix=config.index_prefix
    )
    with pytest.raises(SearchEngineUnavailable, match="cannot be reached"):
        engine_info()
