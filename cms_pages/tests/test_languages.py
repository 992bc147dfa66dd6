"""Polish at /, English at /en/, Ukrainian at /uk/: UI strings, page translations, the switcher."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from wagtail.models import Locale

from cms_pages.models import ContentPage, HomePage

from .language_helpers import translate


@pytest.fixture(autouse=True)
def _polish_after_each_test():
    """A request to /en/ leaves English active in the thread; later tests expect Polish."""
    yield
    translation.activate("pl")


@pytest.fixture
def english_site(demo_site):
    """The demo site with an English home page and an English "e-Urząd" page."""
    home_en = translate(demo_site, "en", title="Zator Municipality")
    eurzad_en = translate(ContentPage.objects.get(slug="e-urzad"), "en", title="e-Office")
    return home_en, eurzad_en


def _switcher(html: str) -> str:
    match = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    assert match, "the language switcher is missing"
    return match.group(0)


def test_english_home_page_has_english_interface_strings(client, english_site):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="en">' in html
    assert "<h1>Zator Municipality</h1>" in html
    assert "Skip to content" in html
    assert 'aria-label="Main menu"' in html
    assert "Przejdź do treści" not in html


def test_ukrainian_interface_strings_are_translated(client, demo_site):
    translate(demo_site, "uk", title="Ґміна Затор")
    html = client.get("/uk/").text
    assert '<html lang="uk">' in html
    assert "Перейти до змісту" in html


def test_polish_stays_at_the_root_whatever_the_browser_prefers(client, english_site):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="pl">' in response.text
    assert "Przejdź do treści" in response.text


def test_switcher_keeps_the_reader_on_the_same_page(client, english_site):
    switcher = _switcher(client.get("/e-urzad/").text)
    assert '<a href="/en/e-urzad/" lang="en" hreflang="en">English</a>' in switcher
    back = _switcher(client.get("/en/e-urzad/").text)
    assert '<a href="/e-urzad/" lang="pl" hreflang="pl">Polski</a>' in back


def test_switcher_leads_to_the_home_page_of_a_language_without_this_page(client, english_site):
    switcher = _switcher(client.get("/e-urzad/informacja-publiczna/").text)
    assert '<a href="/en/" lang="en" hreflang="en">English</a>' in switcher


def test_switcher_marks_the_current_language_and_leaves_out_languages_without_content(
    client, english_site
):
    Locale.objects.get_or_create(language_code="uk")  # a locale, but no Ukrainian pages
    switcher = _switcher(client.get("/en/").text)
    assert 'lang="en" hreflang="en" aria-current="true">English</a>' in switcher
    assert 'hreflang="uk"' not in switcher


def test_switcher_on_the_search_page_keeps_the_address_and_its_parameters(client, english_site):
    # Without a query the view does not search, so this runs on any search backend.
    switcher = _switcher(client.get("/szukaj/?strona=2").text)
    assert 'href="/en/szukaj/?strona=2"' in switcher


def test_main_menu_shows_the_translated_titles_in_english(client, english_site):
    html = client.get("/en/").text
    menu = re.search(r'<nav class="main-menu".*?</nav>', html, re.S).group(0)
    assert ">e-Office</a>" in menu
    assert 'href="/en/e-urzad/"' in menu
    # Untranslated menu pages stay in the menu, in Polish, rather than disappearing.
    assert ">Projekt eZator</a>" in menu


def test_english_and_polish_versions_are_cached_apart(client, english_site):
    client.get("/")
    english = client.get("/en/")
    assert english["X-Page-Cache"] == "miss"
    assert '<html lang="en">' in english.text


def test_brand_links_to_the_home_page_of_the_current_language(client, english_site):
    html = client.get("/en/e-urzad/").text
    assert '<a class="site-brand" href="/en/">' in html
    assert HomePage.objects.count() == 2
