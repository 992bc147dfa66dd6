"""Residents from verified identities, pending logins and the replay memory."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from eservices.accounts.models import PendingLogin, Person, SeenMessage
from eservices.accounts.personal_identifiers import InvalidPesel
from eservices.accounts.services import (
    message_claim,
    pending_login_finish,
    pending_login_start,
    person_from_identity,
)
from integrations.trusted_profile.interface import LOA_SUBSTANTIAL, Identity

pytestmark = pytest.mark.django_db


def identity(**changes) -> Identity:
    values = {
        "pesel": "44051401359",
        "given_name": "Zofia",
        "family_name": "Wójcik-Żółkiewska",
        "date_of_birth": date(1944, 5, 14),
        "level_of_assurance": LOA_SUBSTANTIAL,
        "issuer": "https://idp.example.invalid",
        "name_id": "nameid-1",
        "name_id_format": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
        "session_index": "session-1",
        "in_response_to": "ID-request",
        "assertion_id": "ID-assertion",
        "not_on_or_after": timezone.now() + timedelta(minutes=5),
    }
    return Identity(**{**values, **changes})


def test_the_first_login_creates_a_person_with_a_passwordless_non_staff_user():
    person = person_from_identity(identity=identity())
    assert person.full_name == "Zofia Wójcik-Żółkiewska"
    assert person.masked_pesel.endswith("1359")
    assert person.pesel == "44051401359"
    assert "44051401359" not in person.pesel_encrypted + person.pesel_hash
    assert not person.user.has_usable_password()
    assert not (person.user.is_staff or person.user.is_superuser)
    assert "4405" not in person.user.username


def test_a_later_login_finds_the_same_person_and_updates_the_names():
    first = person_from_identity(identity=identity())
    again = person_from_identity(identity=identity(family_name="Wójcik"))
    assert again.pk == first.pk
    assert Person.objects.get().family_name == "Wójcik"


def test_a_pesel_with_a_bad_checksum_creates_nobody():
    with pytest.raises(InvalidPesel):
        person_from_identity(identity=identity(pesel="44051401358"))
    assert not Person.objects.exists()


def test_a_pending_login_is_finished_once_only():
    pending_login_start(request_id="ID-1", next_url="/moj-e-urzad/")
    finished = pending_login_finish(request_id="ID-1")
    assert finished is not None and finished.next_url == "/moj-e-urzad/"
    assert pending_login_finish(request_id="ID-1") is None
    assert pending_login_finish(request_id="ID-unknown") is None


def test_an_expired_pending_login_is_refused():
    pending_login_start(request_id="ID-old", next_url="/")
    PendingLogin.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert pending_login_finish(request_id="ID-old") is None


def test_a_message_is_claimed_once_until_it_expires():
    later = timezone.now() + timedelta(minutes=5)
    assert message_claim(kind="assertion", identifier="ID-a", expires_at=later)
    assert not message_claim(kind="assertion", identifier="ID-a", expires_at=later)
    assert message_claim(kind="artifact", identifier="ID-a", expires_at=later)  # another kind
    assert "ID-a" not in SeenMessage.objects.values_list("identifier_hash", flat=True)


def test_expired_claims_are_forgotten():
    past = timezone.now() - timedelta(seconds=1)
    SeenMessage.objects.create(kind="assertion", identifier_hash="0" * 64, expires_at=past)
    message_claim(kind="artifact", identifier="x", expires_at=timezone.now())
    assert not SeenMessage.objects.filter(identifier_hash="0" * 64).exists()
