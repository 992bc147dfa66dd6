"""Residents for tests: made the way a trusted-profile login makes them, and logged in."""

from __future__ import annotations

import time
from datetime import date, timedelta

from django.test import Client
from django.utils import timezone

from eservices.accounts import session_policy
from eservices.accounts.models import Person
from eservices.accounts.services import person_from_identity
from integrations.trusted_profile.interface import LOA_SUBSTANTIAL, Identity

PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)


def valid_pesel(first_ten: str) -> str:
    """``first_ten`` digits with the check digit appended."""
    total = sum(int(digit) * weight for digit, weight in zip(first_ten, PESEL_WEIGHTS, strict=True))
    return f"{first_ten}{(10 - total % 10) % 10}"


def make_person(*, pesel: str, given_name: str, family_name: str) -> Person:
    """A resident as the first trusted-profile login creates them."""
    identity = Identity(
        pesel=pesel,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date(1985, 3, 12),
        level_of_assurance=LOA_SUBSTANTIAL,
        issuer="https://idp.example.invalid",
        name_id=f"nameid-{given_name}",
        name_id_format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
        session_index="session-1",
        in_response_to="ID-request",
        assertion_id=f"ID-assertion-{given_name}",
        not_on_or_after=timezone.now() + timedelta(minutes=5),
    )
    return person_from_identity(identity=identity)


def log_in(client: Client, person: Person) -> Client:
    """``client`` carries a fresh resident session of ``person``."""
    client.force_login(person.user, backend="eservices.accounts.backends.TrustedProfileBackend")
    session = client.session
    now = int(time.time())
    session[session_policy.LOGIN_AT] = now
    session[session_policy.LAST_ACTIVITY] = now
    session.save()
    return client
