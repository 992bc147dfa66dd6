"""Importer of municipal parcels (one row per parcel)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from ..identifiers import validate_land_register_number, validate_parcel_number
from ..models import ImportRun, Parcel
from ..models.property import PropertyStatus
from .base import Column, RecordImporter, RowChecker, one_of
from .fields import parse_decimal, parse_digits

STATUSES = {str(label).casefold(): value for value, label in PropertyStatus.choices} | {
    value: value for value in PropertyStatus.values
}


class ParcelImporter(RecordImporter):
    """One row: one parcel, identified by its obręb code and number."""

    kind = ImportRun.Kind.PROPERTY
    model = Parcel
    key_name = "kod obrębu i numer działki"
    columns = (
        Column("precinct_code", "Kod obrębu", aliases=("Obręb (kod)", "Nr obrębu")),
        Column("precinct_name", "Obręb", aliases=("Nazwa obrębu",)),
        Column("number", "Numer działki", aliases=("Nr działki", "Działka")),
        Column("area_m2", "Powierzchnia m2", aliases=("Powierzchnia [m2]", "Powierzchnia (m²)")),
        Column("area_ha", "Powierzchnia ha", required=False, aliases=("Powierzchnia [ha]",)),
        Column("land_register_number", "Księga wieczysta", required=False, aliases=("KW", "Nr KW")),
        Column("use", "Sposób użytkowania", required=False, aliases=("Przeznaczenie",)),
        Column("status", "Forma władania", aliases=("Status",)),
        Column("book_value", "Wartość księgowa", required=False, aliases=("Wartość",)),
        Column("town", "Miejscowość"),
        Column("street", "Ulica", required=False),
        Column("latitude", "Szerokość", required=False, aliases=("Szerokość geograficzna", "lat")),
        Column("longitude", "Długość", required=False, aliases=("Długość geograficzna", "lon")),
    )

    def map_header(self, names):
        errors = super().map_header(names)
        # The area may come in hectares instead of square metres (either column is enough).
        present = set(self._header_map.values())
        if "area_ha" in present:
            errors = [e for e in errors if self.headers["area_m2"] not in e.message]
        return errors

    def clean(self, checker: RowChecker) -> tuple[dict[str, Any], tuple, dict]:
        code = checker.value(
            "precinct_code", lambda text: parse_digits(text, length=4, label="Kod obrębu")
        )
        number = checker.value("number", validate_parcel_number)
        area = checker.value("area_m2", parse_decimal, required=not checker.provided("area_ha"))
        if area is None and checker.provided("area_ha"):
            hectares = checker.value("area_ha", lambda text: parse_decimal(text, places=4))
            area = (hectares * Decimal(10000)).quantize(Decimal("0.01")) if hectares else None
        if area is not None and area <= 0:
            checker.fail(_("Powierzchnia działki musi być większa od zera."), "area_m2")
        status_text = checker.value("status")
        status = None
        if status_text is not None:
            status = STATUSES.get(status_text.strip().casefold())
            if status is None:
                checker.fail(
                    _("Forma władania „%(value)s” jest nieznana: wpisz jedną z: %(choices)s.")
                    % {
                        "value": status_text,
                        "choices": ", ".join(str(label) for label in PropertyStatus.labels),
                    },
                    "status",
                )
        book_value = checker.value("book_value", parse_decimal, required=False)
        if book_value is not None and book_value < 0:
            checker.fail(_("Wartość księgowa nie może być ujemna."), "book_value")
        latitude = checker.value("latitude", lambda t: parse_decimal(t, places=6), required=False)
        longitude = checker.value("longitude", lambda t: parse_decimal(t, places=6), required=False)
        if latitude is not None and not (Decimal(49) <= latitude <= Decimal(55)):
            checker.fail(_("Szerokość geograficzna leży poza Polską."), "latitude")
        if longitude is not None and not (Decimal(14) <= longitude <= Decimal(25)):
            checker.fail(_("Długość geograficzna leży poza Polską."), "longitude")
        values = {
            "precinct_code": code,
            "precinct_name": checker.value("precinct_name"),
            "number": number,
            "area_m2": area,
            "land_register_number": checker.value(
                "land_register_number", validate_land_register_number, required=False
            )
            or "",
            "use": checker.value("use", required=False) or "",
            "status": status,
            "book_value": book_value,
            "town": checker.value("town"),
            "street": checker.value("street", required=False) or "",
            "latitude": latitude,
            "longitude": longitude,
        }
        return values, (code, number), {}

    def describe_key(self, key: tuple) -> str:
        code, number = key
        return _("obręb %(code)s, działka %(number)s") % {"code": code, "number": number}

    def existing(self, keys: Sequence[tuple]) -> dict[tuple, models.Model]:
        found = Parcel.objects.filter(
            one_of("precinct_code", {key[0] for key in keys}),
            one_of("number", {key[1] for key in keys}),
        )
        return {(parcel.precinct_code, parcel.number): parcel for parcel in found}
