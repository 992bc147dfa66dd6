"""Residents and the server-side state of their logins."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .personal_identifiers import decrypt_pesel, mask_pesel


class Person(models.Model):
    """A resident identified by PESEL through the trusted profile ("osoba fizyczna").

    The Django user beside it carries the session; it has no password and no staff rights.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="person"
    )
    pesel_hash = models.CharField(max_length=64, unique=True, editable=False)
    pesel_encrypted = models.TextField(editable=False)
    given_name = models.CharField(_("imię"), max_length=200)
    family_name = models.CharField(_("nazwisko"), max_length=200)
    date_of_birth = models.DateField(_("data urodzenia"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(null=True, blank=True)
    last_level_of_assurance = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("mieszkaniec")
        verbose_name_plural = _("mieszkańcy")

    def __str__(self) -> str:
        # Never the PESEL: this string ends up in logs and admin screens.
        return f"Person #{self.pk}"

    @property
    def full_name(self) -> str:
        """Given name and family name."""
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def pesel(self) -> str:
        """The PESEL in clear, for the integrations that need it (never for display)."""
        return decrypt_pesel(self.pesel_encrypted)

    @property
    def masked_pesel(self) -> str:
        """The PESEL as pages show it: only the last four digits."""
        return mask_pesel(self.pesel)


class PendingLogin(models.Model):
    """A login this portal started, keyed by the AuthnRequest id ("stan logowania").

    Kept in the database, not the session: the national node POSTs back cross-site, where a
    SameSite=Lax session cookie is not sent.
    """

    request_id = models.CharField(max_length=100, unique=True)
    next_url = models.CharField(max_length=500, default="/")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.request_id


class SeenMessage(models.Model):
    """A processed assertion id or artifact, kept until it expires and refused a second time."""

    kind = models.CharField(max_length=20)
    identifier_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "identifier_hash"], name="seen_message_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.identifier_hash[:12]}"


class ResidentSession(models.Model):
    """The IdP session behind a resident's portal session, for logout on both sides.

    The NameID and SessionIndex are what a LogoutRequest names; the session key lets a
    back-channel logout from the IdP end the portal session it belongs to.
    """

    session_key = models.CharField(max_length=40, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="sessions")
    name_id = models.CharField(max_length=500)
    name_id_format = models.CharField(max_length=200, blank=True)
    session_index = models.CharField(max_length=500, blank=True)
    issuer = models.CharField(max_length=500)
    started_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"session of person #{self.person_id}"
