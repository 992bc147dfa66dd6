"""The collector's policy is applied when the portal starts."""

from __future__ import annotations

import gc

from eurzad.gc_policy import GEN0_THRESHOLD


def test_startup_objects_are_frozen_and_the_youngest_generation_collected_less_often():
    assert gc.get_freeze_count() > 10_000  # modules, classes and models of the started portal
    assert gc.get_threshold()[0] >= GEN0_THRESHOLD
    assert gc.isenabled()
