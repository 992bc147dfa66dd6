"""Fixtures of the search tests: the demo site and records, indexed; a private engine alias."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture(scope="module")
def engine_alias(request):
    """An alias (and its indexes) of this test module only, deleted after the module."""
    if not settings.SEARCH_CONFIG.uses_engine:
        yield None
        return
    from search.backends.engine import engine_client

    module = request.module.__name__.rsplit(".", 1)[-1]
    alias = f"{settings.SEARCH_CONFIG.index_prefix}_test_{module}_records"
    yield alias
    client = engine_client()
    client.indices.delete(index=f"{alias}_*", ignore_unavailable=True)
    client.close()


@pytest.fixture
def search_alias(settings, engine_alias):
    """Point the records index at this module's alias."""
    if engine_alias:
        settings.SEARCH_RECORDS_ALIAS = engine_alias
    return engine_alias


@pytest.fixture
def indexed_demo(demo_site, search_alias):
    """The demo pages and public records (budget, register, parcels), indexed from scratch."""
    call_command("load_public_records_demo", stdout=io.StringIO())
    call_command("rebuild_search_index", verbosity=0)
    return demo_site


def titles(results) -> list[str]:
    """The titles of the hits, in order."""
    return [hit.title for hit in results.hits]
