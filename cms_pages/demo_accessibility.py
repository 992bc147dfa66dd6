"""Demo content: the accessibility statement of Urząd Miejski w Zatorze (invented but plausible)."""

from __future__ import annotations

import datetime

from .demo_content import PageSpec
from .models import AccessibilityStatementPage
from .models.accessibility import AssessmentMethod, ComplianceStatus

STATEMENT = PageSpec(
    key="accessibility-statement",
    parent="home",
    model=AccessibilityStatementPage,
    title="Deklaracja dostępności",
    slug="deklaracja-dostepnosci",
    values={
        "search_description": "Deklaracja dostępności portalu Gminy Zator i e-Urzędu: stan "
        "zgodności z WCAG 2.1, kontakt w sprawie dostępności, dostępność budynku urzędu.",
        "entity_name": "Urząd Miejski w Zatorze",
        "website_name": "Portal Gminy Zator i e-Urząd",
        "website_url": "https://www.zator.pl/",
        "publication_date": datetime.date(2012, 1, 2),
        "last_update_date": datetime.date(2026, 2, 16),
        "status": ComplianceStatus.PARTIALLY_COMPLIANT,
        "non_accessible_content": (
            "<ul>"
            "<li>część plików PDF opublikowanych w latach 2012–2019 (uchwały, zarządzenia) to "
            "skany bez warstwy tekstowej,</li>"
            "<li>niektóre filmy z sesji Rady Miejskiej nie mają napisów ani transkrypcji,</li>"
            "<li>mapa interaktywna działek gminnych nie jest w pełni obsługiwana klawiaturą; "
            "te same dane są dostępne w tabeli w rejestrze mienia gminy.</li>"
            "</ul>"
            "<p>Skany dokumentów zastępujemy wersjami tekstowymi na bieżąco, zaczynając od "
            "najczęściej pobieranych; na prośbę udostępniamy dokument w formie dostępnej "
            "w ciągu 7 dni.</p>"
        ),
        "exemptions": (
            "<ul>"
            "<li>pliki opublikowane przed 23 września 2018 r., które nie są niezbędne do "
            "realizacji bieżących zadań urzędu,</li>"
            "<li>nagrania audio i wideo transmitowane na żywo (transmisje obrad Rady "
            "Miejskiej).</li>"
            "</ul>"
        ),
        "prepared_date": datetime.date(2020, 9, 21),
        "reviewed_date": datetime.date(2026, 3, 16),
        "assessment_method": AssessmentMethod.SELF_ASSESSMENT,
        "accessibility_features": (
            "<ul>"
            "<li>wersja kontrastowa (żółty tekst na czarnym tle) i trzy rozmiary tekstu – "
            "przyciski na górze każdej strony; wybór zapamiętuje przeglądarka, bez plików "
            "cookie,</li>"
            "<li>odnośnik „Przejdź do treści” jako pierwszy element strony,</li>"
            "<li>serwis obsługuje się w całości klawiaturą; nie wprowadzono niestandardowych "
            "skrótów klawiaturowych – działają standardowe skróty przeglądarki,</li>"
            "<li>strony w języku polskim, angielskim i ukraińskim.</li>"
            "</ul>"
        ),
        "contact_person": "Koordynator do spraw dostępności",
        "contact_email": "dostepnosc@zator.example.pl",
        "contact_phone": "33 841 00 00",
        "architectural_accessibility": (
            "<h3>Budynek Urzędu Miejskiego w Zatorze, pl. Marszałka J. Piłsudskiego 17</h3>"
            "<ul>"
            "<li>Do budynku prowadzi wejście główne od strony placu, z podjazdem dla wózków; "
            "drzwi otwierają się automatycznie.</li>"
            "<li>Biuro obsługi interesanta (kancelaria) znajduje się na parterze, przy "
            "wejściu. Na piętro prowadzi winda.</li>"
            "<li>Toaleta dostosowana do potrzeb osób z niepełnosprawnościami jest na "
            "parterze.</li>"
            "<li>Przed budynkiem wyznaczono dwa miejsca parkingowe dla osób "
            "z niepełnosprawnościami.</li>"
            "<li>Do budynku można wejść z psem asystującym i psem przewodnikiem.</li>"
            "<li>W kancelarii jest przenośna pętla indukcyjna.</li>"
            "<li>Tłumacz polskiego języka migowego jest dostępny po zgłoszeniu potrzeby co "
            "najmniej 3 dni robocze przed wizytą; można też skorzystać z tłumacza online.</li>"
            "</ul>"
        ),
        "mobile_apps": "",
    },
)

PAGES: list[PageSpec] = [STATEMENT]
