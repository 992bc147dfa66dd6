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


def _load_demo_content() -> None:
    with open(os.devnull, "w") as quiet:
        call_command("load_demo_content", stdout=quiet)


@pytest.fixture
def demo_site(db):
    """The demo content of Gmina Zator, as `make run` loads it.

    Loaded for the test, inside its transaction; or once for its whole module when the module
    qualifies (see ``pytest_collection_modifyitems``): the load takes about 2 s.
    """
    from cms_pages.models import HomePage

    if not HomePage.objects.filter(slug="gmina-zator").exists():
        _load_demo_content()
    return HomePage.objects.get(slug="gmina-zator")


#: Fixtures that make a test transactional: Django then empties the tables after the test, which
#: a transaction held open around the module would not survive.
_TRANSACTIONAL = {"transactional_db", "live_server", "django_db_reset_sequences"}
_DATABASE = {"db", "django_db_serialized_rollback"} | _TRANSACTIONAL


def _uses_database(item: pytest.Item) -> bool:
    return bool(_DATABASE & set(item.fixturenames)) or item.get_closest_marker("django_db")


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool(_TRANSACTIONAL & set(item.fixturenames))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Load the demo content once per module where every database test uses it.

    Such a module's tests then run in savepoints of one transaction that holds the demo content
    (``_demo_content_for_module``), each rolled back after its test as usual, instead of each
    loading it anew. A module with any other database test (it expects tables without the demo
    content) or a transactional one keeps loading it per test.
    """
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(str(item.path), []).append(item)
    for module_items in modules.values():
        with_demo = [item for item in module_items if "demo_site" in item.fixturenames]
        if len(with_demo) < 2:
            continue
        others = [item for item in module_items if _uses_database(item) and item not in with_demo]
        if others or any(_is_transactional(item) for item in with_demo):
            continue
        for item in with_demo:
            # First, so that it is set up before the test's own transaction (the `db` fixture).
            item.fixturenames.insert(0, "_demo_content_for_module")


@pytest.fixture(scope="module")
def _demo_content_for_module(django_db_setup, django_db_blocker):
    """The demo content in a transaction held open for the module and rolled back after it."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        _load_demo_content()
        yield
        transaction.set_rollback(True)


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
