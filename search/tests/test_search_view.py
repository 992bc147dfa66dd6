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


def test_records_and_pages_share_one_list_with_facets_in_fieldsets(client, indexed_demo):
    response = client.get("/szukaj/", {"q": "Zator"})
    assert response.status_code == 200
    text = response.text
    assert "<fieldset>" in text and "<legend>Rodzaj</legend>" in text
    assert 'name="typ"' in text and 'value="business"' in text
    assert "/rejestry/mienie/" in text or "/rejestry/dzialalnosc-gospodarcza/" in text
    assert "<mark>" in text


def test_pagination_links_keep_the_filters(client, indexed_demo):
    response = client.get("/szukaj/", {"q": "działka", "typ": "parcel", "sortuj": "tytul"})
    assert "typ=parcel" in response.text and "sortuj=tytul" in response.text
    assert "strona=2" in response.text
    second = client.get("/szukaj/", {"q": "działka", "typ": "parcel", "strona": "2"})
    assert "Strona 2 z" in second.text


def test_search_api_answers_with_hits_facets_and_pages(client, indexed_demo):
    body = client.get("/api/szukaj/", {"q": "piekarnia", "typ": "business", "rozmiar": "2"}).json()
    assert set(body) >= {"hits", "facets", "total", "page", "num_pages", "suggestion", "notice"}
    assert len(body["hits"]) == 2 and body["total"] > 2
    assert {hit["type"] for hit in body["hits"]} == {"business"}
    assert set(body["hits"][0]) == {"key", "type", "title", "url", "snippet", "score"}
    completions = client.get("/api/szukaj/podpowiedzi/", {"q": "piekar"}).json()["suggestions"]
    assert completions and all(s["title"].startswith("Piekarnia") for s in completions)
    assert client.get("/api/szukaj/podpowiedzi/", {"q": "p"}).json() == {"suggestions": []}
