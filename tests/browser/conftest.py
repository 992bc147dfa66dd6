"""Chromium from Debian, driven by Playwright; no browser is ever downloaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from eurzad.devservices.chromium import HEADLESS_ARGS, ensure_chromium

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=ensure_chromium(), args=HEADLESS_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) and page per test."""
    context = browser.new_context(locale="pl-PL")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def axe():
    """Run axe-core (from npm) in a page; return the WCAG 2.1 A/AA violations."""
    if not AXE_SCRIPT.exists():
        pytest.fail("axe-core is missing: run `make install` (npm install).")

    def run(tab) -> list[dict]:
        tab.add_script_tag(path=str(AXE_SCRIPT))
        result = tab.evaluate(
            """() => axe.run(document, {runOnly: {type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
        )
        return result["violations"]

    return run
