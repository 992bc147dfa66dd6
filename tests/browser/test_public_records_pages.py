"""The public-record pages in Chromium: no WCAG 2.1 A/AA violation (axe-core), in the default
look and in high contrast, with the budget tree opened and a filter error shown."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from eservices.public_records.models import BusinessEntry, Parcel
from tests.browser.axe_report import describe as _describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page, url: str, axe, *, open_details: bool = False) -> list[str]:
    problems = []
    response = page.goto(url)
    if response.status not in (200, 400):
        return [f"{url}: HTTP {response.status}"]
    if open_details:
        page.locator("details.accordion__item summary").first.click()
    violations = axe(page)
    if violations:
        problems.append(f"{url}:\n{_describe(violations)}")
    page.click("[data-contrast-toggle]")
    violations = axe(page)
    if violations:
        problems.append(f"{url} (high contrast):\n{_describe(violations)}")
    page.click("[data-contrast-toggle]")
    return problems


def test_public_record_pages_pass_axe(page, live_server, demo_site, axe):
    call_command("load_public_records_demo", stdout=io.StringIO())
    entry = BusinessEntry.objects.order_by("pk").first()
    parcel = Parcel.objects.order_by("pk").first()
    urls = [
        "/rejestry/",
        "/rejestry/dzialalnosc-gospodarcza/",
        "/rejestry/dzialalnosc-gospodarcza/?q=sklep&status=active&strona=2",
        "/rejestry/dzialalnosc-gospodarcza/?status=nieznany",  # a filter error shown
        f"/rejestry/dzialalnosc-gospodarcza/{entry.pk}/",
        "/rejestry/mienie/?obreb=0001",
        f"/rejestry/mienie/{parcel.pk}/",
        "/rejestry/budzet/porownanie/?lata=2025,2026",
        "/rejestry/budzet/porownanie/?lata=2025",  # the years error shown
        "/api/docs/",
        "/en/rejestry/mienie/",
    ]
    problems = [p for url in urls for p in _check(page, live_server.url + url, axe)]
    problems += _check(page, live_server.url + "/rejestry/budzet/2026/", axe, open_details=True)
    assert problems == [], "\n".join(problems)


def test_budget_tree_opens_without_javascript_errors(page, live_server, demo_site):
    call_command("load_public_records_demo", stdout=io.StringIO())
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    page.goto(live_server.url + "/rejestry/budzet/2025/")
    summary = page.locator("details.accordion__item summary").first
    summary.click()
    assert page.locator("details.accordion__item").first.get_attribute("open") is not None
    assert page.locator("details[open] table caption").first.is_visible()
    assert errors == []
