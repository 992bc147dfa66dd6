"""The authentication backend for residents vouched for by the trusted profile."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from integrations.trusted_profile.interface import Identity

from .services import person_from_identity


class TrustedProfileBackend(BaseBackend):
    """Authenticates an :class:`Identity` from a validated assertion; passwords never reach it."""

    def authenticate(self, request: HttpRequest | None, identity: Identity | None = None, **kw):
        """The resident's user for a validated identity; None for any other credentials."""
        if identity is None or kw:
            return None
        user = person_from_identity(identity=identity).user
        return user if user.is_active else None

    def get_user(self, user_id):
        """The active user with this id, or None; the resident's Person comes with it (a join
        instead of a second query on each of the personal area's requests)."""
        users = get_user_model().objects.filter(pk=user_id, is_active=True)
        return users.select_related("person").first()
