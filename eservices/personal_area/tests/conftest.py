"""Two residents, Anna and Bartosz, each with a logged-in browser."""

from __future__ import annotations

import pytest
from django.test import Client

from .residents import log_in, make_person, valid_pesel

ANNA_PESEL = valid_pesel("8503121234")
BARTOSZ_PESEL = valid_pesel("9007234567")


@pytest.fixture
def anna(db):
    return make_person(pesel=ANNA_PESEL, given_name="Anna", family_name="Kowalczyk-Zatorska")


@pytest.fixture
def bartosz(db):
    return make_person(pesel=BARTOSZ_PESEL, given_name="Bartosz", family_name="Ryłko")


@pytest.fixture
def anna_client(anna):
    return log_in(Client(), anna)


@pytest.fixture
def bartosz_client(bartosz):
    return log_in(Client(), bartosz)
