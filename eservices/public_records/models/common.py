"""What every public record shares: where it came from (the import run) and its BIP metryka."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One import of one file from a domain system ("import danych"): who, when, what, result."""

    class Kind(models.TextChoices):
        BUDGET = "budget", _("Budżet")
        BUSINESS = "business", _("Ewidencja działalności gospodarczej")
        PROPERTY = "property", _("Mienie komunalne")

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", _("Zaimportowano")
        REJECTED = "rejected", _("Odrzucono (błędy w pliku)")
        FAILED = "failed", _("Przerwano (błąd systemu)")

    kind = models.CharField(_("rodzaj danych"), max_length=20, choices=Kind.choices)
    file_name = models.CharField(_("plik"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    system_label = models.CharField(_("system źródłowy"), max_length=200, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importujący"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("rozpoczęto"), auto_now_add=True)
    finished_at = models.DateTimeField(_("zakończono"), null=True, blank=True)
    status = models.CharField(_("wynik"), max_length=20, choices=Status.choices)
    valid_only = models.BooleanField(_("tylko poprawne wiersze"), default=False)
    rows_total = models.PositiveIntegerField(_("wierszy w pliku"), default=0)
    rows_created = models.PositiveIntegerField(_("dodano"), default=0)
    rows_updated = models.PositiveIntegerField(_("zmieniono"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("bez zmian"), default=0)
    rows_invalid = models.PositiveIntegerField(_("błędnych"), default=0)
    #: The validation report: [{"line": 12, "column": "NIP", "message": "…"}, …] (capped).
    report = models.JSONField(_("raport walidacji"), default=list, blank=True)

    class Meta:
        verbose_name = _("import danych")
        verbose_name_plural = _("importy danych")
        ordering = ["-started_at"]
        permissions = [("import_public_records", _("Może importować rejestry publiczne"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


class PublicRecord(models.Model):
    """Abstract base: the source import and the BIP metryka of a published record."""

    source = models.ForeignKey(
        ImportRun,
        verbose_name=_("źródło (import)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    information_producer = models.CharField(_("informację wytworzył"), max_length=200, blank=True)
    information_produced_at = models.DateField(_("data wytworzenia"), null=True, blank=True)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    class Meta:
        abstract = True
