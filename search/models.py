"""The database backend's index: one row per searchable page or record."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """A search document stored for the database backend (and the engine's fallback).

    Kept up to date on every save even when an engine is configured, so that the fallback
    answers with current data when the engine is down. ``folded_*`` hold the text lower-cased
    without Polish diacritics; ``identifiers`` the exact forms, space-separated and padded.
    """

    # The key's uniqueness and the type's index are declared in Meta: a field's own unique or
    # db_index adds, on PostgreSQL, a second index for LIKE that no query here uses, and a
    # re-index writes every index of 100 000 and more rows.
    key = models.CharField(_("klucz"), max_length=100)
    type = models.CharField(_("rodzaj"), max_length=30)
    title = models.CharField(_("tytuł"), max_length=500)
    url = models.CharField(_("adres"), max_length=500)
    body = models.TextField(_("treść"), blank=True)
    folded_title = models.CharField(max_length=500)
    folded_body = models.TextField(blank=True)
    identifiers = models.TextField(blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    town = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=50, blank=True)
    budget_section = models.CharField(max_length=300, blank=True)
    #: PKD sections as ",A,G," so one LIKE finds a section.
    pkd_sections = models.CharField(max_length=60, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pozycja indeksu wyszukiwarki")
        verbose_name_plural = _("indeks wyszukiwarki (baza danych)")
        constraints = [models.UniqueConstraint(fields=["key"], name="search_entry_key_unique")]
        indexes = [models.Index(fields=["type"], name="search_entry_type")]

    def __str__(self) -> str:
        return self.key
