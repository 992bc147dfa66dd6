"""Fixtures and rules shared by every test of the portal."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# "inside" it unless told that the thread is not really asynchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test that needs a real service fails (never skips) when the service is not configured."""
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL: run `make test` (it sets DATABASE_URL).")
    if item.get_closest_marker("search_engine") and not settings.SEARCH_CONFIG.uses_engine:
        pytest.fail("This test needs a search engine: run `make test` (it sets SEARCH_URL).")
    if item.get_closest_marker("idp") and not _local_idp_answers():
        pytest.fail(
            "This test needs the dev SAML IdP: run `make test` (it starts it), or "
            "`python -m eurzad.devservices start simplesamlphp`."
        )


def _local_idp_answers() -> bool:
    import urllib.request

    from eurzad.devservices.simplesamlphp import idp_metadata_url

    try:
        with urllib.request.urlopen(idp_metadata_url(), timeout=5) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def demo_site(db):
    """The demo content of Gmina Zator, as `make run` loads it."""
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from cms_pages.models import HomePage

    return HomePage.objects.get(slug="gmina-zator")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the page cache must not leak between tests)."""
    from django.core.cache import cache

    from cms_pages.generation_memo import forget_all

    cache.clear()
    forget_all()
    yield
    cache.clear()
    forget_all()


@pytest.fixture(autouse=True)
def _polish_by_default():
    """A request to /en/ or /uk/ activates that language; the next test starts in Polish again."""
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def otp_login():
    """Log a user in on a test client with the admin's second factor already given.

    ``otp_login(client, user)`` replaces ``client.force_login(user)`` for anything under /admin/
    or /django-admin/, where staff without a verified TOTP device are sent to the code page.
    """
    from eurzad.security.testing import force_login_verified

    return force_login_verified


@pytest.fixture
def admin_client(db, admin_user, client):
    """pytest-django's admin_client, with the second factor given (see ``otp_login``)."""
    from eurzad.security.testing import force_login_verified

    force_login_verified(client, admin_user)
    return client
