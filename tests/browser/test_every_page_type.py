"""One page of every page type, in Chromium: no WCAG 2.1 A/AA violation (axe-core) in the default
theme, in high-contrast mode, and in the second theme."""

from __future__ import annotations

import pytest
from wagtail.models import Page, get_page_models

from tests.browser.axe_report import describe as _describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _one_page_per_type() -> dict[str, str]:
    """URL of one live demo page of each of the portal's page types; fails if a type has none."""
    urls = {}
    for model in get_page_models():
        if model._meta.app_label != "cms_pages":
            continue
        page = model.objects.live().public().order_by("path").first()
        assert page is not None, f"the demo content has no {model.__name__}"
        urls[model.__name__] = page.url
    return urls


def _check(page, url: str, axe) -> list[str]:
    problems = []
    response = page.goto(url)
    if response.status != 200:
        return [f"{url}: HTTP {response.status}"]
    violations = axe(page)
    if violations:
        problems.append(f"{url}:\n{_describe(violations)}")
    page.click("[data-contrast-toggle]")
    violations = axe(page)
    if violations:
        problems.append(f"{url} (high contrast):\n{_describe(violations)}")
    page.click("[data-contrast-toggle]")
    return problems


def test_every_page_type_passes_axe_in_the_default_theme(page, live_server, demo_site, axe):
    urls = _one_page_per_type()
    assert len(urls) >= 16
    problems = [p for url in urls.values() for p in _check(page, live_server.url + url, axe)]
    assert problems == [], "\n".join(problems)


@pytest.mark.postgres
def test_every_page_type_passes_axe_in_the_second_theme(page, spytkowice_server, axe):
    urls = _one_page_per_type()
    problems = [p for url in urls.values() for p in _check(page, spytkowice_server + url, axe)]
    assert problems == [], "\n".join(problems)
    assert Page.objects.live().count() > len(urls)
