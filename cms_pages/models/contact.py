"""The office's contact page: address, opening hours, departments and electronic addresses."""

from __future__ import annotations

import json
import re
from itertools import groupby
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.blocks import BoundBlock
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import BodyBlock, MapBlock
from ..metryka import MetrykaMixin

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON9_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)
REGON14_WEIGHTS = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)

validate_ade = RegexValidator(
    r"^AE:PL-\d{5}-\d{5}-[A-Z]{5}-\d{2}$",
    _("Adres do doręczeń elektronicznych ma postać AE:PL-12345-67890-ABCDE-12."),
)
validate_epuap_box = RegexValidator(
    r"^/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$",
    _("Adres skrytki ePUAP ma postać /urząd/skrytka, np. /umzator/SkrytkaESP."),
)
validate_postal_code = RegexValidator(r"^\d{2}-\d{3}$", _("Kod pocztowy ma postać 00-000."))


def _checksum(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11


def validate_nip(value: str) -> None:
    """A NIP is 10 digits whose last one is the checksum ("numer identyfikacji podatkowej")."""
    if not re.fullmatch(r"\d{10}", value):
        raise ValidationError(_("NIP to 10 cyfr, bez kresek i spacji."), code="nip_format")
    check = _checksum(value, NIP_WEIGHTS)
    if check == 10 or check != int(value[9]):
        raise ValidationError(_("Cyfra kontrolna NIP się nie zgadza."), code="nip_checksum")


def validate_regon(value: str) -> None:
    """A REGON is 9 or 14 digits whose last one is the checksum."""
    if not re.fullmatch(r"\d{9}|\d{14}", value):
        raise ValidationError(_("REGON to 9 albo 14 cyfr, bez spacji."), code="regon_format")
    weights = REGON9_WEIGHTS if len(value) == 9 else REGON14_WEIGHTS
    if _checksum(value, weights) % 10 != int(value[-1]):
        raise ValidationError(_("Cyfra kontrolna REGON się nie zgadza."), code="regon_checksum")


class Weekday(models.IntegerChoices):
    """Days of the week, numbered as in ISO 8601 (Monday is 1)."""

    MONDAY = 1, _("poniedziałek")
    TUESDAY = 2, _("wtorek")
    WEDNESDAY = 3, _("środa")
    THURSDAY = 4, _("czwartek")
    FRIDAY = 5, _("piątek")
    SATURDAY = 6, _("sobota")
    SUNDAY = 7, _("niedziela")

    @property
    def schema_org(self) -> str:
        """The schema.org DayOfWeek, e.g. https://schema.org/Monday."""
        return f"https://schema.org/{self.name.capitalize()}"


def _phone_href(phone: str) -> str:
    """A tel: link target: the number without spaces, dashes or brackets."""
    return "tel:" + re.sub(r"[^\d+]", "", phone)


class ContactOpeningHours(Orderable):
    """The office's opening hours on one weekday ("godziny pracy")."""

    page = ParentalKey(
        "cms_pages.ContactPage", on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("dzień tygodnia"), choices=Weekday.choices)
    opens = models.TimeField(_("od"))
    closes = models.TimeField(_("do"))
    note = models.CharField(
        _("uwagi"), max_length=200, blank=True, help_text=_("Np. „kasa czynna do 15:00”.")
    )

    api_fields = [APIField("weekday"), APIField("opens"), APIField("closes"), APIField("note")]

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("godziny pracy")
        verbose_name_plural = _("godziny pracy")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        """The office closes after it opens."""
        super().clean()
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError(
                {"closes": _("Godzina zamknięcia musi być po godzinie otwarcia.")}
            )


class ContactDepartment(Orderable):
    """A department of the office with its room and contact ("wydział", "referat")."""

    page = ParentalKey(
        "cms_pages.ContactPage", on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("nazwa"), max_length=200)
    room = models.CharField(_("pokój"), max_length=50, blank=True)
    phone = models.CharField(_("telefon"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    head = models.CharField(
        _("kierownik"),
        max_length=200,
        blank=True,
        help_text=_("Imię i nazwisko oraz stanowisko osoby kierującej, jeśli mają być podane."),
    )

    api_fields = [
        APIField("name"),
        APIField("room"),
        APIField("phone"),
        APIField("email"),
        APIField("head"),
    ]

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("room"), FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("head"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("wydział")
        verbose_name_plural = _("wydziały")

    def __str__(self) -> str:
        return self.name

    @property
    def phone_href(self) -> str:
        """The tel: link to the department."""
        return _phone_href(self.phone)


class ContactPage(MetrykaMixin, Page):
    """The office's contact details, with schema.org GovernmentOffice data ("kontakt")."""

    intro = models.TextField(_("wstęp"), blank=True, max_length=600)
    office_name = models.CharField(
        _("nazwa urzędu"), max_length=200, help_text=_("Np. Urząd Miejski w Zatorze.")
    )
    street_address = models.CharField(
        _("ulica i numer"), max_length=200, help_text=_("Np. pl. Marszałka J. Piłsudskiego 17.")
    )
    postal_code = models.CharField(
        _("kod pocztowy"), max_length=6, validators=[validate_postal_code]
    )
    city = models.CharField(_("miejscowość"), max_length=100)
    latitude = models.DecimalField(
        _("szerokość geograficzna"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("długość geograficzna"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    phone = models.CharField(_("telefon"), max_length=50)
    email = models.EmailField(_("e-mail"))
    epuap_box = models.CharField(
        _("adres skrytki ePUAP"),
        max_length=200,
        blank=True,
        validators=[validate_epuap_box],
        help_text=_("Np. /umzator/SkrytkaESP."),
    )
    ade = models.CharField(
        _("adres do doręczeń elektronicznych"),
        max_length=40,
        blank=True,
        validators=[validate_ade],
        help_text=_("Adres w e-Doręczeniach (ADE), np. AE:PL-12345-67890-ABCDE-12."),
    )
    nip = models.CharField(_("NIP"), max_length=10, blank=True, validators=[validate_nip])
    regon = models.CharField(_("REGON"), max_length=14, blank=True, validators=[validate_regon])
    body = StreamField(BodyBlock(), verbose_name=_("dodatkowe informacje"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("office_name"),
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Adres"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("epuap_box"),
                FieldPanel("ade"),
                FieldRowPanel([FieldPanel("nip"), FieldPanel("regon")]),
            ],
            heading=_("Kontakt i dane urzędu"),
        ),
        InlinePanel("opening_hours", label=_("Godziny pracy")),
        InlinePanel("departments", label=_("Wydziały")),
        FieldPanel("body"),
        MetrykaMixin.metryka_panel,
    ]
    api_fields = [
        APIField("intro"),
        APIField("office_name"),
        APIField("street_address"),
        APIField("postal_code"),
        APIField("city"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("phone"),
        APIField("email"),
        APIField("epuap_box"),
        APIField("ade"),
        APIField("nip"),
        APIField("regon"),
        APIField("opening_hours"),
        APIField("departments"),
        APIField("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("office_name"),
        index.SearchField("street_address"),
        index.RelatedFields("departments", [index.SearchField("name")]),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms_pages.HomePage", "cms_pages.ContentPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("strona kontaktowa")
        verbose_name_plural = _("strony kontaktowe")

    @property
    def phone_href(self) -> str:
        """The tel: link to the office."""
        return _phone_href(self.phone)

    @property
    def map_block(self) -> BoundBlock:
        """The address as a map block (address text and an OpenStreetMap link)."""
        block = MapBlock()
        value = block.to_python(
            {
                "address": f"{self.street_address}\n{self.postal_code} {self.city}",
                "latitude": float(self.latitude) if self.latitude is not None else None,
                "longitude": float(self.longitude) if self.longitude is not None else None,
            }
        )
        return block.bind(value)

    def opening_days(self) -> list[tuple[str, list[ContactOpeningHours]]]:
        """Opening hours by weekday, Monday first; a day may have more than one row."""
        rows = sorted(self.opening_hours.all(), key=lambda row: (row.weekday, row.opens))
        return [
            (Weekday(day).label, list(day_rows))
            for day, day_rows in groupby(rows, key=lambda row: row.weekday)
        ]

    def structured_data(self, request: HttpRequest | None = None) -> dict[str, Any]:
        """The office as a schema.org GovernmentOffice."""
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "GovernmentOffice",
            "name": self.office_name,
            "url": self.get_full_url(request),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.street_address,
                "postalCode": self.postal_code,
                "addressLocality": self.city,
                "addressCountry": "PL",
            },
            "telephone": self.phone,
            "email": self.email,
            "openingHoursSpecification": [
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": Weekday(row.weekday).schema_org,
                    "opens": f"{row.opens:%H:%M}",
                    "closes": f"{row.closes:%H:%M}",
                }
                for row in self.opening_hours.all()
            ],
        }
        if self.nip:
            data["taxID"] = self.nip
        identifiers = [
            ("REGON", self.regon),
            ("ePUAP", self.epuap_box),
            ("e-Doręczenia", self.ade),
        ]
        data["identifier"] = [
            {"@type": "PropertyValue", "propertyID": name, "value": value}
            for name, value in identifiers
            if value
        ]
        if self.latitude is not None and self.longitude is not None:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            }
        departments = [
            {
                "@type": "GovernmentOffice",
                "name": department.name,
                **({"telephone": department.phone} if department.phone else {}),
                **({"email": department.email} if department.email else {}),
            }
            for department in self.departments.all()
        ]
        if departments:
            data["department"] = departments
        return data

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict[str, Any]:
        """Add the JSON-LD of the office for the page's head."""
        context = super().get_context(request, *args, **kwargs)
        context["structured_data"] = json_ld_script_content(self.structured_data(request))
        return context


# The characters that could end the script element or start markup inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script_content(data: dict[str, Any]) -> SafeString:
    """JSON safe to place inside <script type="application/ld+json"> (as json_script escapes)."""
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - escaped above, so it cannot close the script element
