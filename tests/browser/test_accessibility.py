"""Accessibility in a real Chromium: axe-core (WCAG 2.1 A/AA) in both themes and in high contrast,
the display controls and the main menu by keyboard, preferences kept without cookies."""

from __future__ import annotations

import pytest

from cms_pages.models import ContentPage
from tests.browser.axe_report import describe as _describe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PAGES = ["/", "/deklaracja-dostepnosci/", "/en/", "/en/deklaracja-dostepnosci/"]


def _tab_to(page, selector: str, limit: int = 30) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} is not reachable with Tab")


def _html_classes(page) -> list[str]:
    return page.evaluate("Array.from(document.documentElement.classList)")


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_wcag_violations_in_the_default_theme(
    page, live_server, a11y_site, axe, path
):
    response = page.goto(live_server.url + path)
    assert response.status == 200
    violations = axe(page)
    assert violations == [], _describe(violations)


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_wcag_violations_in_high_contrast(page, live_server, a11y_site, axe, path):
    page.goto(live_server.url + path)
    page.click("[data-contrast-toggle]")
    assert "high-contrast" in _html_classes(page)
    violations = axe(page)
    assert violations == [], _describe(violations)


def test_high_contrast_text_is_yellow_on_black(page, live_server, a11y_site):
    page.goto(live_server.url + "/deklaracja-dostepnosci/")
    page.click("[data-contrast-toggle]")
    colours = page.evaluate(
        """() => { const s = getComputedStyle(document.querySelector('#a11y-wstep'));
                   return [s.color, getComputedStyle(document.body).backgroundColor]; }"""
    )
    assert colours == ["rgb(255, 255, 0)", "rgb(0, 0, 0)"]


def test_contrast_button_works_by_keyboard_and_is_remembered_without_cookies(
    page, live_server, a11y_site
):
    page.goto(live_server.url + "/")
    _tab_to(page, "[data-contrast-toggle]")
    button = page.locator("[data-contrast-toggle]")
    assert button.get_attribute("aria-pressed") == "false"
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"
    assert "high-contrast" in _html_classes(page)
    page.keyboard.press("Space")
    assert button.get_attribute("aria-pressed") == "false"
    assert "high-contrast" not in _html_classes(page)
    page.keyboard.press("Enter")

    page.reload()
    assert "high-contrast" in _html_classes(page)
    assert button.get_attribute("aria-pressed") == "true"
    assert page.evaluate("localStorage.getItem('eurzad.contrast')") == "high"
    assert page.context.cookies() == []


def test_saved_contrast_is_applied_before_the_body_is_painted(page, live_server, a11y_site):
    page.goto(live_server.url + "/")
    page.evaluate("localStorage.setItem('eurzad.contrast', 'high')")
    # Record the classes of <html> at the moment <body> is created, before any paint.
    page.add_init_script(
        """new MutationObserver((records, observer) => {
             if (document.body) {
               window.__classesAtBody = document.documentElement.className;
               observer.disconnect();
             }
           }).observe(document, {childList: true, subtree: true});"""
    )
    page.reload()
    assert "high-contrast" in page.evaluate("window.__classesAtBody")


def test_text_size_buttons_scale_the_page_and_are_remembered(page, live_server, a11y_site):
    page.goto(live_server.url + "/")
    _tab_to(page, '[data-text-size="larger"]')
    page.keyboard.press("Enter")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "24px"
    page.reload()
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "24px"
    pressed = page.locator('[data-text-size][aria-pressed="true"]')
    assert pressed.count() == 1
    assert pressed.get_attribute("data-text-size") == "larger"
    page.click('[data-text-size="normal"]')
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "16px"
    assert page.context.cookies() == []


def test_without_javascript_the_controls_are_hidden_and_the_page_works(
    browser, live_server, a11y_site
):
    context = browser.new_context(java_script_enabled=False, locale="pl-PL")
    try:
        tab = context.new_page()
        tab.goto(live_server.url + "/")
        assert tab.locator("h1").inner_text() == "Gmina Zator"
        assert not tab.locator("[data-display-controls]").is_visible()
        assert tab.locator(".main-menu a").first.is_visible()
    finally:
        context.close()


def test_submenu_opens_by_keyboard_and_escape_returns_focus(page, live_server, a11y_site, axe):
    child = ContentPage.objects.get(slug="informacja-publiczna")
    child.show_in_menus = True
    child.save_revision().publish()
    page.goto(live_server.url + "/")
    _tab_to(page, "[data-submenu-toggle]")
    toggle = page.locator("[data-submenu-toggle]")
    assert toggle.get_attribute("aria-expanded") == "false"
    submenu = page.locator(".main-menu__submenu")
    assert not submenu.is_visible()

    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert submenu.is_visible()
    assert axe(page) == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Informacja publiczna"

    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not submenu.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-submenu-toggle')")

    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # into the submenu
    page.keyboard.press("Tab")  # out of it: the submenu closes behind the reader
    assert toggle.get_attribute("aria-expanded") == "false"


def test_language_switcher_leads_to_the_english_statement(page, live_server, a11y_site):
    page.goto(live_server.url + "/deklaracja-dostepnosci/")
    page.click('.language-switcher a[hreflang="en"]')
    page.wait_for_url("**/en/deklaracja-dostepnosci/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Accessibility statement"


# The second theme: the theme is chosen when settings load, so it runs in its own server process
# against the same (PostgreSQL) test database.


@pytest.mark.postgres
def test_second_theme_has_its_brand_and_no_wcag_violations(page, spytkowice_server, axe):
    for path in ["/", "/deklaracja-dostepnosci/", "/en/"]:
        response = page.goto(spytkowice_server + path)
        assert response.status == 200, path
        assert "Spytkowice" in page.locator(".site-brand").inner_text()
        violations = axe(page)
        assert violations == [], f"{path}:\n{_describe(violations)}"
        page.click("[data-contrast-toggle]")
        violations = axe(page)
        assert violations == [], f"{path} (high contrast):\n{_describe(violations)}"
        page.click("[data-contrast-toggle]")
    arms = page.locator(".site-brand__arms")
    assert arms.evaluate("(img) => img.complete && img.naturalWidth > 0")
    primary = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--colour-primary').trim()"
    )
    assert primary == "#1d5b2c"
