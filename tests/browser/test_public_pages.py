"""The public pages in a real Chromium: content, keyboard access, WCAG 2.1 AA (axe-core)."""

import pytest

from tests.browser.axe_report import describe as _describe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PAGES = ["/", "/e-urzad/", "/e-urzad/katalog-e-uslug/", "/ezator/", "/szukaj/?q=zator"]


def test_home_page_shows_the_municipality_and_the_three_areas(page, live_server, demo_site):
    page.goto(live_server.url + "/")
    assert page.title().startswith("Gmina Zator")
    assert page.locator("h1").inner_text() == "Gmina Zator"
    cards = page.locator(".card h3").all_inner_texts()
    assert cards == ["Informacja publiczna", "Mój e-Urząd", "Formularze i dokumenty"]
    assert page.locator("html").get_attribute("lang") == "pl"


def test_skip_link_is_first_and_moves_focus_to_the_content(page, live_server, demo_site):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Przejdź do treści"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_main_menu_is_reachable_by_keyboard(page, live_server, demo_site):
    page.goto(live_server.url + "/")
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert "e-Urząd" in reached
    assert "Projekt eZator" in reached


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_wcag_21_aa_violations(page, live_server, demo_site, axe, path):
    page.goto(live_server.url + path)
    violations = axe(page)
    assert violations == [], _describe(violations)
