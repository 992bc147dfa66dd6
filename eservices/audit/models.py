"""The audit log ("dziennik zdarzeń"): one append-only row per login, logout or data access.

Append-only twice over: the model refuses updates and deletes in Python, and database triggers
(installed by migration 0002) refuse UPDATE, DELETE and TRUNCATE of a non-empty table for any
statement the app's connection sends, ORM or raw SQL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Someone tried to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    """Reads only: bulk updates and deletes are refused before they reach the database."""

    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("Audit events cannot be updated.")

    def delete(self):
        raise AuditLogIsAppendOnly("Audit events cannot be deleted.")

    delete.queryset_only = True  # as Django's own: no Manager.delete()


class AuditEvent(models.Model):
    """Who did what to whose data, when, from where and why ("zdarzenie audytowe").

    Never holds a PESEL or a name: the person is a reference (``subject``), free-text fields
    are masked by :func:`eservices.audit.services.audit_record`.
    """

    #: An audit row references nothing editors manage; indexing it would queue a background
    #: task for every row written (every view of personal data).
    wagtail_reference_index_ignore = True

    class Action(models.TextChoices):
        LOGIN = "login", _("Logowanie")
        LOGIN_FAILED = "login_failed", _("Nieudane logowanie")
        LOGOUT = "logout", _("Wylogowanie")
        SESSION_EXPIRED = "session_expired", _("Wygaśnięcie sesji")
        PERSONAL_DATA_VIEW = "personal_data_view", _("Wgląd w dane")
        PERSONAL_DATA_CHANGE = "personal_data_change", _("Zmiana danych")
        ACCESS_DENIED = "access_denied", _("Odmowa dostępu")

    class ActorKind(models.TextChoices):
        RESIDENT = "resident", _("Mieszkaniec")
        STAFF = "staff", _("Pracownik urzędu")
        SYSTEM = "system", _("System")
        ANONYMOUS = "anonymous", _("Osoba niezalogowana")

    occurred_at = models.DateTimeField(_("kiedy"), default=timezone.now, editable=False)
    action = models.CharField(_("zdarzenie"), max_length=40, choices=Action.choices)
    actor_kind = models.CharField(_("kto"), max_length=20, choices=ActorKind.choices)
    # No database constraint, no cascade: deleting a user or a person must neither be blocked by
    # the audit rows nor delete them; the id stays as the record of who it was.
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("konto"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.ForeignKey(
        "accounts.Person",
        verbose_name=_("czyje dane"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        # Looked up through audit_subject_time (below), whose first column it is: an index of
        # its own would only be one more to update on every view of a resident's data.
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )
    object_type = models.CharField(_("rodzaj danych"), max_length=100, blank=True)
    object_id = models.CharField(_("identyfikator danych"), max_length=100, blank=True)
    purpose = models.CharField(_("cel"), max_length=200, blank=True)
    reason = models.CharField(_("wynik lub przyczyna"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("adres IP"), null=True, blank=True)
    user_agent = models.CharField(_("przeglądarka"), max_length=300, blank=True)
    request_id = models.CharField(_("identyfikator żądania"), max_length=64, blank=True)
    session_key_hash = models.CharField(_("skrót sesji"), max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("zdarzenie audytowe")
        verbose_name_plural = _("dziennik zdarzeń")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["subject", "-occurred_at"], name="audit_subject_time"),
            models.Index(fields=["-occurred_at"], name="audit_time"),
        ]

    def __str__(self) -> str:
        return f"{self.action} #{self.pk}"

    def save(self, *args, **kwargs) -> None:
        """Insert once; any later save is refused (a pk given by hand still only inserts)."""
        if not self._state.adding:
            raise AuditLogIsAppendOnly("Audit events cannot be updated.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Always refused."""
        raise AuditLogIsAppendOnly("Audit events cannot be deleted.")
