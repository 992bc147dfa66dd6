"""A resident logs in at the dev IdP in Chromium, sees an accessible dashboard, and logs out."""

from __future__ import annotations

import re

import pytest

from .axe_report import describe

pytestmark = [pytest.mark.browser, pytest.mark.idp, pytest.mark.django_db(transaction=True)]


def test_login_dashboard_access_log_and_logout_in_chromium(
    page, axe, demo_site, live_server, portal_at_idp, zofia
):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Zaloguj się do Mojego e-Urzędu").click()
    assert axe(page) == [], describe(axe(page))
    page.get_by_role("button", name=re.compile("Zaloguj się")).click()

    # SimpleSAMLphp's own login form.
    page.fill("input[name=username]", zofia.username)
    page.fill("input[name=password]", zofia.password)
    page.locator("input[name=password]").press("Enter")

    page.wait_for_url(f"{live_server.url}/moj-e-urzad/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert "Zofia Wójcik-Żółkiewska" in page.content()
    assert "•••••••4627" in page.content()
    violations = axe(page)
    assert violations == [], describe(violations)

    page.get_by_role("link", name=re.compile("dostęp", re.IGNORECASE)).first.click()
    violations = axe(page)
    assert violations == [], describe(violations)

    page.get_by_role("button", name="Wyloguj").first.click()
    page.wait_for_url(f"{live_server.url}/wylogowano/")
    violations = axe(page)
    assert violations == [], describe(violations)
    page.goto(f"{live_server.url}/moj-e-urzad/")
    assert page.url.startswith(f"{live_server.url}/logowanie/")


def test_the_idle_warning_appears_and_extends_the_session(
    page, live_server, portal_at_idp, zofia, settings
):
    settings.RESIDENT_SESSION_IDLE_SECONDS = 125  # the warning shows 120 s before the end
    page.goto(f"{live_server.url}/logowanie/")
    page.get_by_role("button", name=re.compile("Zaloguj się")).click()
    page.fill("input[name=username]", zofia.username)
    page.fill("input[name=password]", zofia.password)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server.url}/moj-e-urzad/")

    dialog = page.get_by_role("alertdialog")
    dialog.wait_for(state="visible", timeout=15000)
    assert "Sesja wkrótce wygaśnie" in dialog.inner_text()
    with page.expect_response(lambda response: "/sesja/" in response.url):
        dialog.get_by_role("button", name="Przedłuż sesję").click()
    dialog.wait_for(state="hidden", timeout=5000)
    assert page.url == f"{live_server.url}/moj-e-urzad/"
