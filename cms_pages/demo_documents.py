"""Demo content of Gmina Zator for the contact page, the e-service catalogue and the documents.

The office's data is invented but plausible: no real phone numbers, addresses of people or names.
The documents are small real files (PDF rendered with WeasyPrint, an ODT, a CSV) so the library
shows real types and sizes.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from django.core.files.base import ContentFile
from django.db import models
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.models import Collection, Page

from .demo_content import PageSpec
from .models import (
    ContactDepartment,
    ContactOpeningHours,
    ContactPage,
    DocumentCategory,
    DocumentLibraryItem,
    DocumentLibraryPage,
    EServiceCataloguePage,
)


class _Rows:
    """Rows of an inline panel, built afresh each time the page's constructor reads them.

    Page specs live at module level and the loader may run many times in one process (tests), so
    a list of model instances would be saved once and then reused with stale primary keys.
    """

    def __init__(self, model: type[models.Model], rows: list[dict[str, Any]]):
        self.model = model
        self.rows = rows

    def __iter__(self) -> Iterator[models.Model]:
        return (self.model(**row) for row in self.rows)


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


OPENING_HOURS = [
    {"weekday": 1, "opens": _time("08:00"), "closes": _time("17:00"), "note": "kasa do 16:30"},
    {"weekday": 2, "opens": _time("07:30"), "closes": _time("15:30"), "note": ""},
    {"weekday": 3, "opens": _time("07:30"), "closes": _time("15:30"), "note": ""},
    {"weekday": 4, "opens": _time("07:30"), "closes": _time("15:30"), "note": ""},
    {"weekday": 5, "opens": _time("07:30"), "closes": _time("14:00"), "note": "kasa do 13:30"},
]

DEPARTMENTS = [
    {
        "name": "Biuro Obsługi Interesanta i sekretariat",
        "room": "parter, pok. 1",
        "phone": "33 841 10 00",
        "email": "sekretariat@zator.example.pl",
        "head": "Sekretarz Gminy",
    },
    {
        "name": "Referat Podatków i Opłat Lokalnych",
        "room": "pok. 4",
        "phone": "33 841 10 14",
        "email": "podatki@zator.example.pl",
        "head": "Kierownik Referatu",
    },
    {
        "name": "Referat Finansowo-Budżetowy",
        "room": "pok. 21",
        "phone": "33 841 10 21",
        "email": "finanse@zator.example.pl",
        "head": "Skarbnik Gminy",
    },
    {
        "name": "Urząd Stanu Cywilnego",
        "room": "pok. 2",
        "phone": "33 841 10 02",
        "email": "usc@zator.example.pl",
        "head": "Kierownik Urzędu Stanu Cywilnego",
    },
    {
        "name": "Referat Gospodarki Komunalnej i Ochrony Środowiska",
        "room": "pok. 31",
        "phone": "33 841 10 31",
        "email": "komunalny@zator.example.pl",
        "head": "Kierownik Referatu",
    },
]


def _contact_body(pages: dict[str, Page]) -> list[tuple[str, Any]]:
    return [
        (
            "accordion",
            {
                "heading": "Jak skontaktować się z urzędem",
                "questions": [
                    {
                        "question": "Jak wysłać pismo do urzędu przez internet?",
                        "answer": "<p>Na adres do doręczeń elektronicznych urzędu "
                        "(e-Doręczenia) albo do skrzynki podawczej na platformie ePUAP. "
                        "Otrzymasz urzędowe poświadczenie przedłożenia (UPP).</p>",
                    },
                    {
                        "question": "Czy muszę umawiać wizytę w urzędzie?",
                        "answer": "<p>Nie. Wizytę w Urzędzie Stanu Cywilnego warto jednak "
                        "uzgodnić telefonicznie, aby nie czekać.</p>",
                    },
                    {
                        "question": "Gdzie zapłacę podatek lokalny?",
                        "answer": "<p>Przelewem na indywidualny numer rachunku podany w decyzji "
                        "albo w kasie urzędu w godzinach jej pracy.</p>",
                    },
                ],
            },
        ),
    ]


def _card(name: str, purpose: str, audience: str, area: str, login: str, **link) -> tuple:
    return (
        "service",
        {
            "name": name,
            "purpose": purpose,
            "audience": audience,
            "area": area,
            "login": login,
            "page": link.get("page"),
            "url": link.get("url", ""),
        },
    )


def _catalogue_body(pages: dict[str, Page]) -> list[tuple[str, Any]]:
    public, personal, forms = "public_information", "personal_area", "forms_and_documents"
    return [
        _card(
            "Budżet gminy",
            "Plan i wykonanie budżetu Gminy Zator według działów, rozdziałów i paragrafów.",
            "Każdy",
            public,
            "public",
            page=pages["public-information"],
        ),
        _card(
            "Wniosek o udostępnienie informacji publicznej",
            "Zapytanie o informację publiczną, której nie ma w portalu ani w BIP.",
            "Każdy",
            public,
            "trusted_profile",
            url="https://epuap.gov.pl/",
        ),
        _card(
            "Moje podatki lokalne",
            "Kwoty wymiaru podatku, terminy rat i zaległości w jednym miejscu.",
            "Podatnicy podatków lokalnych w Gminie Zator",
            personal,
            "trusted_profile",
            page=pages["personal-area"],
        ),
        _card(
            "Stan mojej sprawy",
            "Na jakim etapie jest Twoja sprawa i jakie dokumenty złożyłeś lub otrzymałeś.",
            "Mieszkańcy i przedsiębiorcy, którzy mają sprawę w urzędzie",
            personal,
            "trusted_profile",
            page=pages["personal-area"],
        ),
        _card(
            "Pismo do urzędu",
            "Wniosek, podanie lub skarga wysłane do elektronicznej skrzynki podawczej urzędu.",
            "Każdy",
            forms,
            "trusted_profile",
            page=pages["forms"],
        ),
        _card(
            "Dokumenty do pobrania",
            "Formularze, deklaracje i informatory do wydrukowania lub wypełnienia na komputerze.",
            "Każdy",
            forms,
            "public",
            page=pages["document-library"],
        ),
        _card(
            "Rejestr zgłoszeń mieszkańców",
            "Obsługa zgłoszeń i wniosków złożonych przez portal.",
            "Pracownicy Urzędu Miejskiego w Zatorze",
            forms,
            "staff",
            page=pages["forms"],
        ),
    ]


# --- Demo documents -------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoDocument:
    """A demo file: its title, file name, category in the library and content in paragraphs."""

    title: str
    filename: str
    category: str
    description: str
    paragraphs: tuple[str, ...]


DEMO_DOCUMENTS = [
    DemoDocument(
        title="Wniosek o wydanie zaświadczenia o niezaleganiu w podatkach",
        filename="wniosek-zaswiadczenie-o-niezaleganiu.pdf",
        category=DocumentCategory.FORMS,
        description="Zaświadczenie wydaje Referat Podatków i Opłat Lokalnych w ciągu 7 dni.",
        paragraphs=(
            "Burmistrz Zatora, Urząd Miejski w Zatorze, pl. Marszałka J. Piłsudskiego 17, "
            "32-640 Zator.",
            "Wnoszę o wydanie zaświadczenia o niezaleganiu w podatkach lokalnych.",
            "Imię i nazwisko / nazwa: ............................................",
            "Adres: ............................................",
            "Cel wydania zaświadczenia: ............................................",
        ),
    ),
    DemoDocument(
        title="Deklaracja o wysokości opłaty za gospodarowanie odpadami komunalnymi",
        filename="deklaracja-odpady-komunalne.odt",
        category=DocumentCategory.FORMS,
        description="Do wypełnienia na komputerze; składa ją właściciel nieruchomości.",
        paragraphs=(
            "Deklaracja o wysokości opłaty za gospodarowanie odpadami komunalnymi.",
            "Składający: właściciel nieruchomości położonej na terenie Gminy Zator.",
            "Liczba osób zamieszkujących nieruchomość: ........",
        ),
    ),
    DemoDocument(
        title="Stawki podatków i opłat lokalnych na 2026 rok",
        filename="stawki-podatkow-2026.csv",
        category=DocumentCategory.TAXES,
        description="Dane w formacie CSV, do otwarcia w arkuszu kalkulacyjnym.",
        paragraphs=(
            "przedmiot opodatkowania;stawka (zł);jednostka",
            "grunty związane z prowadzeniem działalności gospodarczej;1,38;1 m²",
            "grunty pozostałe;0,62;1 m²",
            "budynki mieszkalne;1,15;1 m² powierzchni użytkowej",
            "budynki związane z prowadzeniem działalności gospodarczej;33,10;1 m²",
        ),
    ),
    DemoDocument(
        title="Informator e-Urzędu dla mieszkańców",
        filename="informator-e-urzedu.pdf",
        category=DocumentCategory.GUIDES,
        description="Jak korzystać z e-usług Gminy Zator krok po kroku.",
        paragraphs=(
            "Informator e-Urzędu Gminy Zator.",
            "W e-Urzędzie sprawdzisz informacje publiczne bez logowania, a po zalogowaniu "
            "profilem zaufanym – swoje podatki i stan spraw.",
            "Pisma do urzędu wyślesz na adres do doręczeń elektronicznych urzędu albo przez ePUAP.",
        ),
    ),
]


@cache
def _pdf(title: str, paragraphs: tuple[str, ...]) -> bytes:
    # Imported here: WeasyPrint is slow to import and only the demo loader needs it.
    from weasyprint import HTML

    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    html = (
        f'<html lang="pl"><head><title>{escape(title)}</title></head>'
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return HTML(string=html).write_pdf()


def _odt(title: str, paragraphs: tuple[str, ...]) -> bytes:
    """A minimal OpenDocument text (the mimetype first and stored, as the format requires)."""
    text = "".join(f"<text:p>{escape(p)}</text:p>" for p in (title, *paragraphs))
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        f"<office:body><office:text>{text}</office:text></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.3"'
        ' manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _file_content(demo: DemoDocument) -> bytes:
    extension = demo.filename.rsplit(".", 1)[-1]
    if extension == "pdf":
        return _pdf(demo.title, demo.paragraphs)
    if extension == "odt":
        return _odt(demo.title, demo.paragraphs)
    return ("\n".join(demo.paragraphs) + "\n").encode("utf-8")


def _root_collection() -> Collection:
    """Wagtail's root collection; created by its migration, so missing in --nomigrations tests."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def create_demo_documents() -> list[AbstractDocument]:
    """The demo documents in the document library, created once (matched by title)."""
    document_model = get_document_model()
    collection = _root_collection()
    documents = []
    for demo in DEMO_DOCUMENTS:
        document = document_model.objects.filter(title=demo.title).first()
        if document is None:
            document = document_model(
                title=demo.title,
                file=ContentFile(_file_content(demo), name=demo.filename),
                collection=collection,
            )
            document._set_document_file_metadata()  # size and hash, as the upload form does
            document.save()
        documents.append(document)
    return documents


class _LibraryItems:
    """The library's rows: the demo documents are created when the page is built."""

    def __iter__(self) -> Iterator[DocumentLibraryItem]:
        for demo, document in zip(DEMO_DOCUMENTS, create_demo_documents(), strict=True):
            yield DocumentLibraryItem(
                document=document, category=demo.category, description=demo.description
            )


PAGES: list[PageSpec] = [
    PageSpec(
        key="contact",
        parent="home",
        model=ContactPage,
        title="Kontakt",
        slug="kontakt",
        in_menu=True,
        values={
            "intro": "Urząd Miejski w Zatorze przyjmuje interesantów w budynku przy rynku. "
            "Pisma przyjmujemy też elektronicznie – przez e-Doręczenia i ePUAP.",
            "search_description": "Adres, godziny pracy, telefony i adresy elektroniczne "
            "Urzędu Miejskiego w Zatorze.",
            "office_name": "Urząd Miejski w Zatorze",
            "street_address": "pl. Marszałka J. Piłsudskiego 17",
            "postal_code": "32-640",
            "city": "Zator",
            "latitude": Decimal("49.996300"),
            "longitude": Decimal("19.437800"),
            "phone": "33 841 10 00",
            "email": "sekretariat@zator.example.pl",
            "epuap_box": "/umzator/SkrytkaESP",
            "ade": "AE:PL-51234-17560-HDTRW-24",
            "nip": "5492458717",
            "regon": "072553183",
            "opening_hours": _Rows(ContactOpeningHours, OPENING_HOURS),
            "departments": _Rows(ContactDepartment, DEPARTMENTS),
        },
        body=_contact_body,
    ),
    PageSpec(
        key="document-library",
        parent="eurzad",
        model=DocumentLibraryPage,
        title="Dokumenty do pobrania",
        slug="dokumenty-do-pobrania",
        values={
            "intro": "<p>Wnioski, deklaracje i informatory Urzędu Miejskiego w Zatorze. Przy "
            "każdym pliku podajemy jego format i rozmiar.</p>",
            "documents": _LibraryItems(),
        },
    ),
    PageSpec(
        key="eservice-directory",
        parent="eurzad",
        model=EServiceCataloguePage,
        title="E-usługi",
        slug="e-uslugi",
        values={
            "intro": "<p>Sprawy, które załatwisz przez internet – w portalu i na platformach "
            "krajowych. Przy każdej e-usłudze piszemy, czy wymaga logowania.</p>",
        },
        body=_catalogue_body,
    ),
]
