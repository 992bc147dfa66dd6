"""A resident whose data the events are about."""

from __future__ import annotations

import pytest

from eservices.personal_area.tests.residents import make_person, valid_pesel

PESEL = valid_pesel("7611054321")


@pytest.fixture
def person(db):
    return make_person(pesel=PESEL, given_name="Celina", family_name="Dudek")
