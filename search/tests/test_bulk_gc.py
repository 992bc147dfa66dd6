"""Bulk work collects less often, and the collector is exactly as before once it ends."""

from __future__ import annotations

import gc

import pytest

from search import indexing
from search.bulk_gc import GEN0_THRESHOLD, fewer_collections


def test_inside_the_block_startup_objects_are_frozen_and_collections_rarer():
    before_threshold, before_frozen = gc.get_threshold(), gc.get_freeze_count()

    with fewer_collections():
        assert gc.get_freeze_count() > before_frozen
        assert gc.get_threshold()[0] == max(before_threshold[0], GEN0_THRESHOLD)
        assert gc.isenabled()

    assert gc.get_threshold() == before_threshold
    assert gc.get_freeze_count() == before_frozen


def test_nested_blocks_keep_the_outer_setting_until_the_outer_one_ends():
    before = gc.get_threshold()
    with fewer_collections():
        with fewer_collections():
            pass
        assert gc.get_threshold()[0] >= GEN0_THRESHOLD  # the outer block still runs
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_an_error_inside_still_restores_the_collector():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("import failed")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_objects_frozen_by_someone_else_stay_frozen():
    gc.freeze()
    frozen = gc.get_freeze_count()
    try:
        with fewer_collections():
            assert gc.get_threshold()[0] >= GEN0_THRESHOLD
        assert gc.get_freeze_count() > frozen // 2  # not thawed (a few may have been freed)
    finally:
        gc.unfreeze()


@pytest.mark.django_db
def test_the_reindex_runs_with_fewer_collections(settings, monkeypatch):
    settings.SEARCH_CONFIG = type(settings.SEARCH_CONFIG)(
        engine="database", url=None, index_prefix="eurzad"
    )
    seen = []
    real_documents = indexing.registry.get("parcel").documents

    def documents():
        seen.append((gc.get_threshold()[0], gc.get_freeze_count()))
        yield from real_documents()

    monkeypatch.setattr(indexing.registry.get("parcel"), "documents", documents)
    indexing.reindex_source(type_="parcel")

    assert seen and seen[0][0] >= GEN0_THRESHOLD and seen[0][1] > 0
