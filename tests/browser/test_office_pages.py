"""Contact, document library and e-service catalogue pages in Chromium: WCAG 2.1 AA, keyboard."""

import pytest

from cms_pages.tests.demo_helpers import load_demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PAGES = ["/kontakt/", "/e-urzad/dokumenty-do-pobrania/", "/e-urzad/e-uslugi/"]


@pytest.fixture
def office_site(settings, tmp_path):
    """The demo site with the office pages, its files on disk so they can be downloaded."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    load_demo()


@pytest.mark.parametrize("path", PAGES)
def test_office_pages_have_no_wcag_violations(page, live_server, office_site, axe, path):
    page.goto(live_server.url + path)
    violations = axe(page)
    assert violations == [], "\n".join(
        f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )


def test_contact_faq_opens_with_the_keyboard(page, live_server, office_site):
    page.goto(live_server.url + "/kontakt/")
    summary = page.locator("summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details").first.get_attribute("open") is not None


def test_catalogue_badges_say_whether_login_is_needed(page, live_server, office_site):
    page.goto(live_server.url + "/e-urzad/e-uslugi/")
    badges = page.locator(".badge").all_inner_texts()
    assert "Bez logowania" in badges
    assert any(text.startswith("Wymaga logowania") for text in badges)
