"""Importer of the register of business activity (one row per entry; PKD codes in one cell)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from ..identifiers import validate_pkd_code, validate_postal_code
from ..models import BusinessEntry, ImportRun, PkdCode
from ..models.business import business_status
from .base import Column, RecordImporter, RowChecker, one_of
from .checked_identifiers import check_nip, check_regon, remembered
from .fields import parse_date

#: Entries made since PKD 2025 came into force use it (DOMAIN.md); older ones PKD 2007.
PKD2025_FROM = datetime.date(2025, 1, 1)
#: What separates the codes in the PKD cell.
PKD_SEPARATORS = re.compile(r"[,;\s]+")
#: The versions of PKD (``Version.values`` builds its list anew on every call).
PKD_VERSIONS = frozenset(PkdCode.Version.values)


class BusinessImporter(RecordImporter):
    """One row: one entry; ``PKD`` holds one or more codes separated by commas or semicolons."""

    kind = ImportRun.Kind.BUSINESS
    model = BusinessEntry
    key_name = "NIP i data rozpoczęcia"
    m2m_fields = ("pkd_codes",)
    columns = (
        Column("business_name", "Nazwa firmy", aliases=("Firma", "Firma przedsiębiorcy")),
        Column("owner_first_name", "Imię"),
        Column("owner_last_name", "Nazwisko"),
        Column("nip", "NIP"),
        Column("regon", "REGON", required=False),
        Column("town", "Miejscowość"),
        Column("street", "Ulica", required=False),
        Column("building_number", "Nr domu", aliases=("Numer domu", "Nr budynku")),
        Column("premises_number", "Nr lokalu", required=False, aliases=("Numer lokalu",)),
        Column("postal_code", "Kod pocztowy"),
        Column("pkd", "PKD", aliases=("Kody PKD",)),
        Column("pkd_version", "Wersja PKD", required=False),
        Column("start_date", "Data rozpoczęcia", aliases=("Data rozpoczęcia działalności",)),
        Column("suspended_from", "Data zawieszenia", required=False, aliases=("Zawieszona od",)),
        Column("suspended_until", "Data wznowienia", required=False, aliases=("Zawieszona do",)),
        Column(
            "end_date",
            "Data zakończenia",
            required=False,
            aliases=("Data zakończenia działalności", "Data wykreślenia"),
        ),
    )

    def prepare(self) -> None:
        self.pkd = {(p.version, p.code): p.pk for p in PkdCode.objects.all()}
        self.today = timezone.localdate()
        # Postal codes and PKD codes repeat from row to row: each distinct one is checked once.
        self.postal_code = remembered(validate_postal_code)
        self.pkd_code = remembered(validate_pkd_code)

    def clean(self, checker: RowChecker) -> tuple[dict[str, Any], tuple, dict]:
        values: dict[str, Any] = {
            "business_name": checker.value("business_name"),
            "owner_first_name": checker.value("owner_first_name"),
            "owner_last_name": checker.value("owner_last_name"),
            "nip": checker.value("nip", check_nip),
            "regon": checker.value("regon", check_regon, required=False) or "",
            "town": checker.value("town"),
            "street": checker.value("street", required=False) or "",
            "postal_code": checker.value("postal_code", self.postal_code),
            "start_date": checker.value("start_date", parse_date),
            "suspended_from": checker.value("suspended_from", parse_date, required=False),
            "suspended_until": checker.value("suspended_until", parse_date, required=False),
            "end_date": checker.value("end_date", parse_date, required=False),
        }
        number = checker.value("building_number")
        premises = checker.value("premises_number", required=False)
        values["building_number"] = f"{number}/{premises}" if number and premises else number
        start, end = values["start_date"], values["end_date"]
        suspended_from, suspended_until = values["suspended_from"], values["suspended_until"]
        if start and end and end < start:
            checker.fail(_("Data zakończenia jest wcześniejsza niż data rozpoczęcia."), "end_date")
        if start and suspended_from and suspended_from < start:
            checker.fail(
                _("Data zawieszenia jest wcześniejsza niż data rozpoczęcia."), "suspended_from"
            )
        if suspended_until and not suspended_from:
            checker.fail(_("Podano datę wznowienia bez daty zawieszenia."), "suspended_until")
        if suspended_from and suspended_until and suspended_until < suspended_from:
            checker.fail(
                _("Data wznowienia jest wcześniejsza niż data zawieszenia."), "suspended_until"
            )
        version = checker.value("pkd_version", required=False)
        if version is not None:
            version = version.upper().replace("PKD", "").strip()
            if version not in PKD_VERSIONS:
                checker.fail(
                    _("Wersja PKD „%(value)s” jest nieznana: wpisz 2007 albo 2025.")
                    % {"value": version},
                    "pkd_version",
                )
                version = None
        elif start is not None:
            version = PkdCode.Version.PKD2025 if start >= PKD2025_FROM else PkdCode.Version.PKD2007
        codes: set[int] = set()
        pkd_text = checker.value("pkd")
        if pkd_text and version:
            for part in filter(None, (p.strip() for p in PKD_SEPARATORS.split(pkd_text))):
                try:
                    code = self.pkd_code(part)
                except ValidationError as error:
                    checker.fail(error.messages[0], "pkd")
                    continue
                pk = self.pkd.get((version, code))
                if pk is None:
                    checker.fail(
                        _("Nieznany kod PKD %(code)s (PKD %(version)s).")
                        % {"code": code, "version": version},
                        "pkd",
                    )
                else:
                    codes.add(pk)
        if start is not None:
            values["status"] = business_status(
                end_date=end,
                suspended_from=suspended_from,
                suspended_until=suspended_until,
                today=self.today,
            )
        return values, (values["nip"], start), {"pkd_codes": frozenset(codes)}

    def describe_key(self, key: tuple) -> str:
        nip, start = key
        return _("NIP %(nip)s, rozpoczęcie %(start)s") % {"nip": nip, "start": start}

    def existing(self, keys: Sequence[tuple]) -> dict[tuple, models.Model]:
        found = BusinessEntry.objects.filter(
            one_of("nip", {key[0] for key in keys})
        ).prefetch_related("pkd_codes")
        return {(entry.nip, entry.start_date): entry for entry in found}
