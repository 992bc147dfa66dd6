"""The register of business activity ("ewidencja działalności gospodarczej", CEIDG-like).

Only what the law publishes: no PESEL, no private address, no contact details of the owner.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from .common import PublicRecord
from .search_text import search_text_field

#: The columns the register's ``q`` box searches (joined into ``BusinessEntry.search_text``).
BUSINESS_SEARCH_FIELDS = (
    "business_name",
    "owner_first_name",
    "owner_last_name",
    "town",
    "street",
    "nip",
    "regon",
)


class PkdCode(models.Model):
    """An activity code of the Polish Classification of Activities (PKD), with its version."""

    class Version(models.TextChoices):
        PKD2007 = "2007", "PKD 2007"
        PKD2025 = "2025", "PKD 2025"

    version = models.CharField(_("wersja klasyfikacji"), max_length=4, choices=Version.choices)
    code = models.CharField(_("kod"), max_length=7)
    name = models.CharField(_("nazwa"), max_length=400)
    section = models.CharField(_("sekcja"), max_length=1)

    class Meta:
        verbose_name = _("kod PKD")
        verbose_name_plural = _("kody PKD")
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="public_records_pkd_key")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BusinessStatus(models.TextChoices):
    """Status of an entry as the register shows it."""

    ACTIVE = "active", _("aktywny")
    SUSPENDED = "suspended", _("zawieszony")
    DELETED = "deleted", _("wykreślony")


def business_status(
    *,
    end_date: datetime.date | None,
    suspended_from: datetime.date | None,
    suspended_until: datetime.date | None,
    today: datetime.date,
) -> BusinessStatus:
    """The status on ``today``: ended → wykreślony; inside a suspension → zawieszony."""
    if end_date is not None and end_date <= today:
        return BusinessStatus.DELETED
    if (
        suspended_from is not None
        and suspended_from <= today
        and (suspended_until is None or suspended_until >= today)
    ):
        return BusinessStatus.SUSPENDED
    return BusinessStatus.ACTIVE


class BusinessEntry(PublicRecord):
    """An entry of a sole trader in the register ("wpis do ewidencji").

    Natural key: NIP and start date. A person has one entry at a time, but may start again after
    the old entry was removed, and the register keeps the old one.
    """

    business_name = models.CharField(_("firma przedsiębiorcy"), max_length=500)
    owner_first_name = models.CharField(_("imię"), max_length=100)
    owner_last_name = models.CharField(_("nazwisko"), max_length=150)
    #: Looked up through the natural key's index (NIP, start date); no index of its own.
    nip = models.CharField("NIP", max_length=10)
    regon = models.CharField("REGON", max_length=14, blank=True)
    town = models.CharField(_("miejscowość"), max_length=100)
    street = models.CharField(_("ulica"), max_length=150, blank=True)
    building_number = models.CharField(_("numer domu/lokalu"), max_length=20)
    postal_code = models.CharField(_("kod pocztowy"), max_length=6)
    pkd_codes = models.ManyToManyField(
        PkdCode, verbose_name=_("kody PKD"), related_name="businesses", blank=True
    )
    start_date = models.DateField(_("data rozpoczęcia działalności"))
    suspended_from = models.DateField(_("zawieszona od"), null=True, blank=True)
    suspended_until = models.DateField(_("zawieszona do"), null=True, blank=True)
    end_date = models.DateField(_("data zakończenia działalności"), null=True, blank=True)
    #: Derived from the dates on import (see business_status); selectors may recompute it.
    status = models.CharField(
        _("status"), max_length=10, choices=BusinessStatus.choices, default=BusinessStatus.ACTIVE
    )
    #: What ``q`` searches, computed by the database (see search_text.py); never written.
    search_text = search_text_field(*BUSINESS_SEARCH_FIELDS)

    class Meta:
        verbose_name = _("wpis do ewidencji działalności gospodarczej")
        verbose_name_plural = _("ewidencja działalności gospodarczej")
        ordering = ["business_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["nip", "start_date"], name="public_records_business_natural_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.business_name} (NIP {self.nip})"
