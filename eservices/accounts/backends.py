"""The authentication backend for residents vouched for by the trusted profile."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from integrations.trusted_profile.interface import Identity

from .services import person_from_identity
from .user_rows import active_user_with_person


class TrustedProfileBackend(BaseBackend):
    """Authenticates an :class:`Identity` from a validated assertion; passwords never reach it."""

    def authenticate(self, request: HttpRequest | None, identity: Identity | None = None, **kw):
        """The resident's user for a validated identity; None for any other credentials."""
        if identity is None or kw:
            return None
        user = person_from_identity(identity=identity).user
        return user if user.is_active else None

    def get_user(self, user_id):
        """The active user with this id, or None; the resident's Person comes with it (one
        query: `user_rows.active_user_with_person`)."""
        try:
            user_id = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        return active_user_with_person(user_id=user_id)
