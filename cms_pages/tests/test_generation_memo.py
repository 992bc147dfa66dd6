"""The worker's memo of rendered parts, the remembered page rows and the cached page chrome."""

from __future__ import annotations

import io
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms_pages import generation_memo
from cms_pages.models import ContactPage, ContentPage, HomePage, NewsIndexPage
from cms_pages.page_cache import invalidate_all

SLUG = "pamiec-fragmentow"


@pytest.fixture
def content_page(demo_site: HomePage) -> ContentPage:
    page = ContentPage(
        title="Pamięć fragmentów",
        slug=SLUG,
        body=[("paragraph", "<p>Treść pierwsza.</p>")],
    )
    demo_site.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_remembered_value_is_served_without_the_shared_cache():
    built = []
    first = generation_memo.memoized("memo-test:1", lambda: built.append(1) or "wartość")
    with mock.patch.object(cache, "get", side_effect=AssertionError("shared cache asked")):
        second = generation_memo.memoized("memo-test:1", lambda: built.append(2) or "inna")
    assert first == second == "wartość"
    assert built == [1]


def test_another_worker_takes_the_value_from_the_shared_cache():
    generation_memo.memoized("memo-test:2", lambda: "z pierwszego procesu")
    generation_memo.forget_all()  # as a second worker, which has its own memory
    assert generation_memo.memoized("memo-test:2", lambda: "zbudowane ponownie") == (
        "z pierwszego procesu"
    )


def test_an_uncacheable_key_builds_every_time():
    built = []
    generation_memo.memoized(None, lambda: built.append(1))
    generation_memo.memoized(None, lambda: built.append(1))
    assert built == [1, 1]


def test_the_memo_is_bounded_and_drops_the_least_recently_used(monkeypatch):
    monkeypatch.setattr(generation_memo, "MEMO_BYTES", 4000)
    monkeypatch.setattr(
        generation_memo, "_memo", generation_memo.LRUCache(4000, getsizeof=generation_memo._size)
    )
    for number in range(10):
        generation_memo.memoized(f"memo-test:big:{number}", lambda: "x" * 900)
    assert len(generation_memo._memo) == 4
    assert "memo-test:big:9" in generation_memo._memo
    assert "memo-test:big:0" not in generation_memo._memo
    # A single value larger than a quarter of the memo is never kept in it.
    generation_memo.memoized("memo-test:huge", lambda: "y" * 1500)
    assert "memo-test:huge" not in generation_memo._memo


def test_a_second_view_loads_the_page_without_a_query(content_page, reader_client):
    assert reader_client.get(f"/{SLUG}/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = reader_client.get(f"/{SLUG}/")
    assert response.status_code == 200
    assert "Treść pierwsza." in response.text
    assert [query["sql"] for query in queries.captured_queries] == []


def test_a_publish_shows_at_once_though_the_worker_kept_the_old_page(content_page, reader_client):
    reader_client.get(f"/{SLUG}/")
    page = ContentPage.objects.get(pk=content_page.pk)
    page.title = "Pamięć fragmentów – nowy tytuł"
    page.body = [("paragraph", "<p>Treść po publikacji.</p>")]
    # Nothing tells the workers' memories: the new generation in the shared cache is enough.
    page.save_revision().publish()
    response = reader_client.get(f"/{SLUG}/")
    assert "Pamięć fragmentów – nowy tytuł" in response.text
    assert "Treść po publikacji." in response.text
    assert "Treść pierwsza." not in response.text


def test_each_view_gets_its_own_copy_of_the_remembered_page(content_page, reader_client):
    first = reader_client.get(f"/{SLUG}/").context["page"]
    first.title = "Zmienione w pamięci jednego widoku"
    second = reader_client.get(f"/{SLUG}/")
    assert second.context["page"] is not first
    assert "Zmienione w pamięci" not in second.text


def test_a_view_restriction_added_later_applies_at_once(content_page, reader_client):
    assert reader_client.get(f"/{SLUG}/").status_code == 200
    PageViewRestriction.objects.create(
        page=content_page, restriction_type=PageViewRestriction.PASSWORD, password="tajne"
    )
    response = reader_client.get(f"/{SLUG}/")
    assert response.status_code == 200
    assert "Treść pierwsza." not in response.text
    assert 'name="password"' in response.text


def test_the_footer_of_a_view_without_a_page_follows_a_publish(demo_site, client):
    # The search page is no CMS page: its footer is a site fragment, cached per generation.
    contact = ContactPage.objects.descendant_of(demo_site).live().first()
    assert contact is not None
    assert contact.title in client.get("/szukaj/").text
    contact.title = "Kontakt z urzędem – nowa nazwa"
    contact.save_revision().publish()
    assert "Kontakt z urzędem – nowa nazwa" in client.get("/szukaj/", {"q": "x"}).text


def test_the_cached_head_keeps_each_listing_page_canonical(demo_site, reader_client):
    news = NewsIndexPage.objects.descendant_of(demo_site).live().first()
    assert news is not None
    url = news.get_url()
    first = reader_client.get(url).text
    second = reader_client.get(url, {"strona": "2"}).text
    ignored = reader_client.get(url, {"utm_source": "x"}).text
    assert _canonical(first).endswith(url)
    assert _canonical(second).endswith(f"{url}?strona=2")
    assert _canonical(ignored) == _canonical(first)


def _canonical(html: str) -> str:
    found = re.findall(r'<link rel="canonical" href="([^"]*)">', html)
    assert len(found) == 1
    return found[0]


def test_invalidating_shows_a_change_made_behind_the_portals_back(content_page, reader_client):
    reader_client.get(f"/{SLUG}/")
    ContentPage.objects.filter(pk=content_page.pk).update(title="Zmiana poza portalem")
    invalidate_all()
    assert "Zmiana poza portalem" in reader_client.get(f"/{SLUG}/").text


def test_clearing_the_page_cache_after_a_deployment_makes_every_part_stale(
    content_page, reader_client
):
    reader_client.get(f"/{SLUG}/")
    ContentPage.objects.filter(pk=content_page.pk).update(title="Nowy szablon po wdrożeniu")
    call_command("clear_page_cache", stdout=io.StringIO())
    assert "Nowy szablon po wdrożeniu" in reader_client.get(f"/{SLUG}/").text


def test_an_anonymous_page_sets_no_cookie_and_is_served_from_the_page_cache(content_page, client):
    first = client.get(f"/{SLUG}/")
    assert not first.cookies  # the account link's CSRF hole is not read for a visitor
    assert first["X-Page-Cache"] == "miss"
    assert client.get(f"/{SLUG}/")["X-Page-Cache"] == "hit"


def test_each_resident_gets_their_own_csrf_token_in_the_cached_chrome(content_page):
    from django.test import Client

    from eservices.personal_area.tests.residents import log_in, make_person, valid_pesel

    tokens = []
    for number, name in enumerate(("Anna", "Jan")):
        person = make_person(
            pesel=valid_pesel(f"850312{number:04d}"), given_name=name, family_name="Czytelnik"
        )
        client = log_in(Client(), person)
        html = client.get(f"/{SLUG}/").text
        found = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert found, "the logout form carries a token"
        assert len(set(found)) == 1
        assert "\ue000" not in html  # no hole left unfilled
        secret = client.cookies["csrftoken"].value
        assert _unmask(found[0]) == secret
        tokens.append(secret)
    assert tokens[0] != tokens[1]


def _unmask(token: str) -> str:
    from django.middleware.csrf import _unmask_cipher_token

    return _unmask_cipher_token(token)
