"""Municipal property ("mienie komunalne"): parcels, buildings and premises."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .common import PublicRecord
from .search_text import search_text_field

#: The columns the ``q`` box of municipal property searches (joined into ``Parcel.search_text``).
PARCEL_SEARCH_FIELDS = ("number", "precinct_name", "town", "street", "use", "land_register_number")

SQUARE_METRES_PER_HECTARE = Decimal(10000)


class PropertyStatus(models.TextChoices):
    """How the municipality holds or offers a property."""

    OWNED = "owned", _("własność")
    LEASED = "leased", _("dzierżawa")
    FOR_SALE = "for_sale", _("na sprzedaż")
    PERPETUAL_USUFRUCT = "perpetual_usufruct", _("użytkowanie wieczyste")


def format_area(area_m2: Decimal) -> str:
    """Area as people read it: m² below one hectare, hectares (4 places) from one hectare."""
    if area_m2 >= SQUARE_METRES_PER_HECTARE:
        hectares = (area_m2 / SQUARE_METRES_PER_HECTARE).quantize(Decimal("0.0001"))
        return f"{hectares:,.4f} ha".replace(",", " ").replace(".", ",")
    if area_m2 == area_m2.to_integral_value():
        return f"{int(area_m2):,} m²".replace(",", " ")
    return f"{area_m2:,.2f} m²".replace(",", " ").replace(".", ",")


class Parcel(PublicRecord):
    """A land parcel ("działka ewidencyjna") of the municipality; key: obręb code + number."""

    precinct_code = models.CharField(_("kod obrębu"), max_length=4)
    precinct_name = models.CharField(_("obręb"), max_length=100)
    number = models.CharField(_("numer działki"), max_length=20)
    area_m2 = models.DecimalField(_("powierzchnia (m²)"), max_digits=12, decimal_places=2)
    land_register_number = models.CharField(_("księga wieczysta"), max_length=15, blank=True)
    use = models.CharField(_("sposób użytkowania"), max_length=200, blank=True)
    status = models.CharField(_("forma władania"), max_length=20, choices=PropertyStatus.choices)
    #: Published only when the office publishes it; empty otherwise.
    book_value = models.DecimalField(
        _("wartość księgowa (zł)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    town = models.CharField(_("miejscowość"), max_length=100)
    street = models.CharField(_("ulica"), max_length=150, blank=True)
    latitude = models.DecimalField(
        _("szerokość geograficzna"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("długość geograficzna"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    #: What ``q`` searches, computed by the database (see search_text.py); never written.
    search_text = search_text_field(*PARCEL_SEARCH_FIELDS)

    class Meta:
        verbose_name = _("działka")
        verbose_name_plural = _("działki")
        ordering = ["precinct_code", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["precinct_code", "number"], name="public_records_parcel_natural_key"
            )
        ]

    @property
    def area_display(self) -> str:
        """The area in m² or ha."""
        return format_area(self.area_m2)

    def __str__(self) -> str:
        return f"{self.precinct_code} {self.precinct_name} / {self.number}"


class Building(PublicRecord):
    """A building on a municipal parcel ("budynek"); key: parcel + designation."""

    parcel = models.ForeignKey(
        Parcel, verbose_name=_("działka"), on_delete=models.CASCADE, related_name="buildings"
    )
    designation = models.CharField(_("oznaczenie budynku"), max_length=50)
    usable_area_m2 = models.DecimalField(
        _("powierzchnia użytkowa (m²)"), max_digits=10, decimal_places=2
    )
    use = models.CharField(_("przeznaczenie"), max_length=200, blank=True)
    status = models.CharField(_("forma władania"), max_length=20, choices=PropertyStatus.choices)

    class Meta:
        verbose_name = _("budynek")
        verbose_name_plural = _("budynki")
        constraints = [
            models.UniqueConstraint(
                fields=["parcel", "designation"], name="public_records_building_natural_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.parcel} – {self.designation}"


class Premises(PublicRecord):
    """Premises in a municipal building ("lokal"); key: building + number."""

    building = models.ForeignKey(
        Building, verbose_name=_("budynek"), on_delete=models.CASCADE, related_name="premises"
    )
    number = models.CharField(_("numer lokalu"), max_length=20)
    usable_area_m2 = models.DecimalField(
        _("powierzchnia użytkowa (m²)"), max_digits=10, decimal_places=2
    )
    use = models.CharField(_("przeznaczenie"), max_length=200, blank=True)
    status = models.CharField(_("forma władania"), max_length=20, choices=PropertyStatus.choices)

    class Meta:
        verbose_name = _("lokal")
        verbose_name_plural = _("lokale")
        constraints = [
            models.UniqueConstraint(
                fields=["building", "number"], name="public_records_premises_natural_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.building} – lokal {self.number}"
