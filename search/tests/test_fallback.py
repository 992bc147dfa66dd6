"""An engine that does not answer: the database answers with a notice, never a server error.

Needs no engine: the configured one points at a closed port.
"""

from __future__ import annotations

import pytest

from search.backends.database import DatabaseBackend
from search.documents import SearchDocument
from search.query import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_engine(settings):
    settings.SEARCH_CONFIG = type(settings.SEARCH_CONFIG)(
        engine="opensearch2", url="http://127.0.0.1:9", index_prefix="eurzad_dead"
    )
    DatabaseBackend().index_documents(
        documents=[
            SearchDocument(
                key="page:7",
                type="page",
                title="Dni Karpia w Zatorze",
                url="/wydarzenia/dni-karpia/",
                body="Festyn nad stawami.",
                year=2026,
            )
        ]
    )


def test_query_api_falls_back_to_the_database_with_a_notice(dead_engine):
    found = search(query="karpia")
    assert found.backend == "database"
    assert [hit.title for hit in found.hits] == ["Dni Karpia w Zatorze"]
    assert "chwilowo niedostępna" in found.notice


def test_search_page_answers_200_from_the_database(client, dead_engine):
    response = client.get("/szukaj/", {"q": "karpia"})
    assert response.status_code == 200
    assert 'href="/wydarzenia/dni-karpia/"' in response.text
    assert "Wyszukiwarka pełnotekstowa jest chwilowo niedostępna" in response.text


def test_search_api_answers_200_from_the_database(client, dead_engine):
    response = client.get("/api/szukaj/", {"q": "karpia"})
    assert response.status_code == 200
    body = response.json()
    assert body["backend"] == "database"
    assert body["notice"]
    assert body["hits"][0]["url"] == "/wydarzenia/dni-karpia/"
    completions = client.get("/api/szukaj/podpowiedzi/", {"q": "dni ka"})
    assert completions.status_code == 200
    assert completions.json()["suggestions"][0]["title"] == "Dni Karpia w Zatorze"


def test_health_check_reports_the_engine_down(client, dead_engine):
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert "cannot be reached" in response.text
