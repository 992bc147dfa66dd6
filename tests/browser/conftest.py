"""Chromium from Debian, driven by Playwright; no browser is ever downloaded."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from cms_pages.tests.language_helpers import demo_statement, translate
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
        # Evaluated through the DevTools protocol, not added as an inline <script>: the pages'
        # content security policy (no inline scripts) stays on while axe runs.
        tab.evaluate(f"() => {{ {AXE_SCRIPT.read_text()}\n}}")
        result = tab.evaluate(
            """() => axe.run(document, {runOnly: {type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
        )
        return result["violations"]

    return run


@pytest.fixture
def a11y_site(demo_site):
    """The demo site with the accessibility statement and English versions of both."""
    statement = demo_statement(demo_site)
    translate(demo_site, "en", title="Zator Municipality")
    translate(statement, "en", title="Accessibility statement")
    return demo_site


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    credentials = f"{quote(db['USER'], safe='')}:{quote(db['PASSWORD'], safe='')}"
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def spytkowice_server(a11y_site, live_server, tmp_path):
    """The portal with PORTAL_THEME=spytkowice, serving the test database, on a free port."""
    port = _free_port()
    log = (tmp_path / "runserver.log").open("w+")
    env = {
        **os.environ,
        "PORTAL_THEME": "spytkowice",
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "eurzad.settings.test",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "runserver",
            "--noreload",
            "--skip-checks",
            f"127.0.0.1:{port}",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                log.seek(0)
                pytest.fail(f"The server with the spytkowice theme did not start:\n{log.read()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("The server with the spytkowice theme did not answer in 60 s.")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


from tests.login.fixtures import lukasz, portal_at_idp, zofia  # noqa: E402, F401
