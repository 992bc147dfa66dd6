"""Writes of the accounts app: residents from verified identities, pending logins, IdP sessions."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from integrations.trusted_profile.interface import Identity

from .models import PendingLogin, Person, ResidentSession, SeenMessage
from .personal_identifiers import encrypt_pesel, normalise_pesel, pesel_lookup_hash

#: How long a started login may take at the IdP (login.gov.pl asks for a password and a code).
PENDING_LOGIN_LIFETIME = timedelta(minutes=15)


@transaction.atomic
def person_from_identity(*, identity: Identity) -> Person:
    """The resident the identity names, created on the first login and updated on later ones.

    Raises InvalidPesel for a PESEL with a bad checksum (the provider refuses those first).
    """
    pesel = normalise_pesel(identity.pesel)
    lookup = pesel_lookup_hash(pesel)
    person = Person.objects.select_for_update().filter(pesel_hash=lookup).first()
    if person is None:
        user = get_user_model().objects.create_user(username=f"resident-{uuid.uuid4().hex}")
        user.set_unusable_password()
        user.save(update_fields=["password"])
        person = Person(user=user, pesel_hash=lookup, pesel_encrypted=encrypt_pesel(pesel))
    person.given_name = identity.given_name
    person.family_name = identity.family_name
    person.date_of_birth = identity.date_of_birth
    person.last_level_of_assurance = identity.level_of_assurance
    person.last_login_at = timezone.now()
    person.save()
    return person


def pending_login_start(*, request_id: str, next_url: str) -> PendingLogin:
    """Remember a login this portal started until the IdP answers (or it expires)."""
    PendingLogin.objects.filter(expires_at__lt=timezone.now()).delete()
    return PendingLogin.objects.create(
        request_id=request_id,
        next_url=next_url,
        expires_at=timezone.now() + PENDING_LOGIN_LIFETIME,
    )


def pending_login_finish(*, request_id: str) -> PendingLogin | None:
    """Take the pending login out of the store; None when unknown, expired or already taken.

    Deleting is the claim: of two requests racing with the same InResponseTo only one deletes.
    """
    pending = PendingLogin.objects.filter(
        request_id=request_id, expires_at__gte=timezone.now()
    ).first()
    if pending is None:
        return None
    deleted, _ = PendingLogin.objects.filter(pk=pending.pk).delete()
    return pending if deleted else None


def message_claim(*, kind: str, identifier: str, expires_at) -> bool:
    """Record a processed assertion id or artifact; False when it was processed before."""
    SeenMessage.objects.filter(expires_at__lt=timezone.now()).delete()
    digest = hashlib.sha256(identifier.encode()).hexdigest()
    try:
        with transaction.atomic():
            SeenMessage.objects.create(kind=kind, identifier_hash=digest, expires_at=expires_at)
    except IntegrityError:
        return False
    return True


def resident_session_record(*, session_key: str, person: Person, identity: Identity) -> None:
    """Remember which IdP session stands behind a portal session (for logout on both sides)."""
    ResidentSession.objects.update_or_create(
        session_key=session_key,
        defaults={
            "person": person,
            "name_id": identity.name_id,
            "name_id_format": identity.name_id_format,
            "session_index": identity.session_index or "",
            "issuer": identity.issuer,
        },
    )
