"""The search page, on whichever backend the run configures (database or engine)."""

import pytest
from django.core.management import call_command


@pytest.fixture
def indexed_site(demo_site, search_alias):
    call_command("rebuild_search_index", verbosity=0)
    return demo_site


def test_search_finds_the_project_page(client, indexed_site):
    response = client.get("/szukaj/", {"q": "eZator"})
    assert response.status_code == 200
    assert 'href="/ezator/"' in response.text


def test_search_without_query_explains_what_to_do(client, indexed_site):
    response = client.get("/szukaj/")
    assert "Wpisz szukane słowa" in response.text


def test_search_with_no_hits_says_so(client, indexed_site):
    response = client.get("/szukaj/", {"q": "kosmodrom"})
    assert "Nie znaleziono stron dla „kosmodrom”." in response.text


def test_overlong_queries_are_cut_not_refused(client, indexed_site):
    assert client.get("/szukaj/", {"q": "zator " * 500}).status_code == 200


def test_out_of_range_result_page_shows_the_last_page(client, indexed_site):
    assert client.get("/szukaj/", {"q": "e-Urząd", "strona": "999"}).status_code == 200
