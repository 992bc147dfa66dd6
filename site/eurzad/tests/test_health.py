"""Health endpoints."""

import pytest
from django.test import override_settings


def test_live_answers_ok_without_the_database(client):
    response = client.get("/health/live")
    assert response.status_code == 200
    assert response.text == "ok"


@pytest.mark.django_db
def test_ready_reports_database_and_search(client, settings):
    response = client.get("/health/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == {"status": "ok"}
    assert body["search"]["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.search_engine
def test_ready_names_the_engine_and_fails_when_it_is_gone(client, settings):
    assert client.get("/health/ready").json()["search"]["engine"] in {"opensearch", "elasticsearch"}
    config = settings.SEARCH_CONFIG
    broken = type(config)(engine=config.engine, url="http://127.0.0.1:9", index_prefix="x")
    with override_settings(SEARCH_CONFIG=broken):
        response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["search"]["status"] == "unavailable"
