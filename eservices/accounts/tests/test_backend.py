"""The residents' authentication backend: who it finds on each request, and with what."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from eservices.accounts.backends import TrustedProfileBackend
from eservices.personal_area.tests.residents import make_person, valid_pesel

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return make_person(pesel=valid_pesel("8503120789"), given_name="Ola", family_name="Kowal")


def test_a_resident_comes_with_their_person_and_no_further_query(person, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = TrustedProfileBackend().get_user(person.user_id)
        assert user.person == person
        assert user.person.user is user
        assert user.person.masked_pesel.endswith(valid_pesel("8503120789")[-4:])
    assert user.pk == person.user_id
    assert user.is_authenticated


def test_the_user_read_is_the_one_the_orm_reads(person):
    user = TrustedProfileBackend().get_user(person.user_id)
    expected = get_user_model().objects.get(pk=person.user_id)
    for field in get_user_model()._meta.concrete_fields:
        assert getattr(user, field.attname) == getattr(expected, field.attname), field.name
    assert user.person.given_name == "Ola"
    assert user.person.pesel == valid_pesel("8503120789")


def test_a_deactivated_resident_is_nobody(person):
    get_user_model().objects.filter(pk=person.user_id).update(is_active=False)
    assert TrustedProfileBackend().get_user(person.user_id) is None


def test_an_account_without_a_person_has_none(django_assert_num_queries):
    staff = get_user_model().objects.create_user("redaktor", password="x")
    user = TrustedProfileBackend().get_user(staff.pk)
    with django_assert_num_queries(0):
        assert not hasattr(user, "person")


@pytest.mark.parametrize("bad", ["", "abc", "1; DROP TABLE auth_user", None, 10**12])
def test_a_malformed_or_unknown_id_is_nobody(bad):
    assert TrustedProfileBackend().get_user(bad) is None
