"""The personal area's pages in Chromium, logged in without the IdP: no WCAG 2.1 A/AA violation
(axe-core) on the dashboard, with plugin cards, and on the access history, in both contrasts."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from eservices import registry as registries
from eservices.personal_area.tests.plugins import build_registry
from eservices.personal_area.tests.residents import log_in, make_person, valid_pesel

from .axe_report import describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def resident_page(browser, live_server):
    """A browser page carrying the session of a resident logged in through Django.

    The portal's content security policy would refuse axe-core's injected script; the context
    bypasses it for the audit only.
    """
    person = make_person(
        pesel=valid_pesel("8503121234"), given_name="Anna", family_name="Kowalczyk-Zatorska"
    )
    client = log_in(Client(), person)
    context = browser.new_context(locale="pl-PL", bypass_csp=True)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    yield context.new_page()
    context.close()


def _violations(page, axe) -> list[str]:
    problems = []
    for mode in ("default", "high contrast"):
        violations = axe(page)
        if violations:
            problems.append(f"{page.url} ({mode}):\n{describe(violations)}")
        page.click("[data-contrast-toggle]")
    return problems


def test_the_dashboard_and_the_access_history_pass_axe(
    resident_page, live_server, axe, monkeypatch
):
    monkeypatch.setattr(registries, "registry", build_registry())
    page = resident_page

    response = page.goto(f"{live_server.url}/moj-e-urzad/")
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Mój e-Urząd"
    assert "Do zapłaty" in page.content()
    problems = _violations(page, axe)

    page.get_by_role("link", name="Historia dostępu do Twoich danych").click()
    page.wait_for_url(f"{live_server.url}/moj-e-urzad/dostep-do-danych/")
    assert page.get_by_role("table").is_visible()
    problems += _violations(page, axe)

    assert problems == [], "\n".join(problems)
