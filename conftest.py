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

    Loaded for the test, inside its transaction; or once for several tests of its module (see
    ``pytest_collection_modifyitems``): the load takes about 2 s.
    """
    from cms_pages.models import HomePage

    if not HomePage.objects.filter(slug="gmina-zator").exists():
        _load_demo_content()
    return HomePage.objects.get(slug="gmina-zator")


#: Fixtures that make a test transactional: Django empties the tables after such a test, which
#: a transaction held open around several tests would not survive.
_TRANSACTIONAL = {"transactional_db", "live_server", "django_db_reset_sequences"}
#: The module of the demo-content group a test belongs to (see pytest_collection_modifyitems).
_DEMO_GROUP = pytest.StashKey[str]()


def _is_transactional(item: pytest.Item) -> bool:
    """As pytest-django decides it: its own reading of the marker, then the fixtures."""
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    if marker:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    return bool(_TRANSACTIONAL & set(item.fixturenames))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Load the demo content once for all the tests of a module that use it.

    Those tests (not transactional ones) are moved together, to the place of the first of
    them, and run in savepoints of one transaction that holds the demo content
    (``_demo_content_group``); each test's savepoint is rolled back after it as usual, and the
    transaction after the last of them, so the module's other tests see no demo content. Last
    of the hooks: pytest-django has already put the transactional tests after the others (their
    flush empties every table), and nothing else moves a test after this.
    """
    groups: dict[str, list[pytest.Item]] = {}
    for item in items:
        if "demo_site" in item.fixturenames and not _is_transactional(item):
            groups.setdefault(str(item.path), []).append(item)
    ordered: list[pytest.Item] = []
    for item in items:
        module = str(item.path)
        members = groups.get(module, ())
        if len(members) < 2 or item not in members:
            ordered.append(item)
        elif item is members[0]:
            for member in members:
                member.stash[_DEMO_GROUP] = module
                # First, so that it is set up before the test's own transaction (`db`).
                member.fixturenames.insert(0, "_demo_content_group")
            ordered += members
    items[:] = ordered


class _OpenGroup:
    """The demo-content transaction currently held open, and what it was opened for."""

    module: str | None = None
    atomic = None
    unblocked = None


def _close_demo_group() -> None:
    from django.db import transaction

    if _OpenGroup.atomic is None:
        return
    transaction.set_rollback(True)
    _OpenGroup.atomic.__exit__(None, None, None)
    _OpenGroup.unblocked.__exit__(None, None, None)
    _OpenGroup.module = _OpenGroup.atomic = _OpenGroup.unblocked = None


@pytest.fixture
def _demo_content_group(request, django_db_setup, django_db_blocker):
    """Opens the group's transaction and loads the demo content, at the group's first test."""
    from django.db import transaction

    module = request.node.stash[_DEMO_GROUP]
    if _OpenGroup.module == module:
        return
    _close_demo_group()
    unblocked = django_db_blocker.unblock()
    atomic = transaction.atomic()
    atomic.__enter__()
    _OpenGroup.atomic, _OpenGroup.unblocked = atomic, unblocked
    try:
        _load_demo_content()
    except BaseException:
        _close_demo_group()
        raise
    _OpenGroup.module = module


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After the group's last test (its own savepoint already rolled back): roll it all back."""
    yield
    following = nextitem.stash.get(_DEMO_GROUP, None) if nextitem is not None else None
    if _OpenGroup.module is not None and following != _OpenGroup.module:
        _close_demo_group()


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
