"""News, notices and events in a real Chromium: WCAG 2.1 AA (axe-core) and the archive switch."""

import pytest

from cms_pages.tests.news_helpers import demo_news_pages
from tests.browser.axe_report import describe as _describe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PATHS = [
    "/",
    "/aktualnosci/",
    "/aktualnosci/podatki-lokalne-w-e-urzedzie/",
    "/ogloszenia/",
    "/ogloszenia/?archiwum=1",
    "/ogloszenia/konsultacje-programu-wspolpracy/",
    "/wydarzenia/",
    "/wydarzenia/?minione=1",
    "/wydarzenia/dni-karpia/",
    "/ezator/aktualnosci/",
]


@pytest.fixture
def news_site(demo_site):
    """The demo site with the demo news, notices and events."""
    demo_news_pages(demo_site)
    return demo_site


@pytest.mark.parametrize("path", PATHS)
def test_news_notice_and_event_pages_have_no_wcag_21_aa_violations(
    page, live_server, news_site, axe, path
):
    page.goto(live_server.url + path)
    violations = axe(page)
    assert violations == [], _describe(violations)


def test_reader_switches_to_the_notice_archive_by_keyboard(page, live_server, news_site):
    page.goto(live_server.url + "/ogloszenia/")
    page.get_by_role("link", name="Archiwum ogłoszeń").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/ogloszenia/?archiwum=1")
    assert page.locator("h1").inner_text() == "Ogłoszenia – archiwum"
    assert page.locator(".badge--archived").first.is_visible()
