"""Demo content: the resident guide ("Informator dla mieszkańców") of Gmina Zator.

The eZator project promised "a special guide for residents and the office's clients, the user
manual of the public e-services"; these are its chapters, one nested, with invented but
plausible texts about the services the portal offers.
"""

from __future__ import annotations

from typing import Any

from wagtail.models import Page

from .demo_content import PageSpec
from .models import GuideChapterPage, GuidePage


def _text(*paragraphs: str) -> tuple[str, str]:
    return ("paragraph", "".join(f"<p>{text}</p>" for text in paragraphs))


def _steps(*steps: str) -> tuple[str, str]:
    return ("paragraph", "<ol>" + "".join(f"<li>{step}</li>" for step in steps) + "</ol>")


def _heading(text: str) -> tuple[str, dict[str, str]]:
    return ("heading", {"text": text, "level": "h2"})


def _link(text: str, link_text: str, page: Page) -> tuple[str, dict[str, Any]]:
    return ("call_to_action", {"text": text, "link_text": link_text, "page": page, "url": ""})


def _trusted_profile(pages: dict[str, Page]) -> list[tuple[str, Any]]:
    return [
        _text(
            "Profil zaufany to bezpłatne narzędzie, którym potwierdzasz swoją tożsamość "
            "w internecie. Dzięki niemu zalogujesz się do e-Urzędu Gminy Zator, zobaczysz swoje "
            "rozliczenia podatkowe i podpiszesz pismo wysyłane do urzędu."
        ),
        _heading("Trzy sposoby założenia profilu"),
        _steps(
            "Przez bankowość elektroniczną – jeśli Twój bank to umożliwia, profil założysz "
            "w kilka minut, logując się na stronie pz.gov.pl i wybierając swój bank.",
            "Przez aplikację mObywatel albo e-dowód z czytnikiem lub telefonem z NFC.",
            "Wnioskiem złożonym przez internet i potwierdzonym osobiście w punkcie "
            "potwierdzającym, na przykład w Urzędzie Miejskim w Zatorze.",
        ),
        _text(
            "Profil zaufany jest ważny przez 3 lata. Przed upływem tego terminu przedłużysz go "
            "jednym kliknięciem po zalogowaniu się na stronie pz.gov.pl."
        ),
        _link(
            "Masz już profil zaufany? Zaloguj się i sprawdź swoje sprawy.",
            "Mój e-Urząd",
            pages["personal-area"],
        ),
    ]


def _trusted_profile_in_office(pages: dict[str, Page]) -> list[tuple[str, Any]]:
    return [
        _text(
            "Jeśli nie korzystasz z bankowości elektronicznej, profil zaufany potwierdzisz "
            "w punkcie potwierdzającym w Urzędzie Miejskim w Zatorze, pl. Marszałka "
            "J. Piłsudskiego 17, 32-640 Zator, w godzinach pracy urzędu."
        ),
        _steps(
            "Złóż wniosek o profil zaufany na stronie pz.gov.pl (wystarczy adres e-mail "
            "i numer telefonu komórkowego).",
            "W ciągu 14 dni przyjdź do urzędu z dowodem osobistym lub paszportem.",
            "Urzędnik sprawdzi Twoją tożsamość i potwierdzi profil; od razu możesz z niego "
            "korzystać.",
        ),
        _text("Potwierdzenie profilu zaufanego w urzędzie jest bezpłatne."),
    ]


def _taxes(pages: dict[str, Page]) -> list[tuple[str, Any]]:
    return [
        _text(
            "Po zalogowaniu profilem zaufanym w części „Mój e-Urząd” zobaczysz swoje podatki "
            "i opłaty lokalne: podatek od nieruchomości, podatek rolny i leśny, podatek od "
            "środków transportowych oraz opłatę za gospodarowanie odpadami komunalnymi."
        ),
        _heading("Co zobaczysz na swoim koncie"),
        _text(
            "Dla każdego podatku e-Urząd pokazuje kwotę wymiaru z decyzji, terminy i kwoty rat "
            "oraz wpłaty zaksięgowane przez urząd. Jeśli rata nie została zapłacona w terminie, "
            "zobaczysz kwotę zaległości razem z odsetkami naliczonymi na dzień sprawdzenia."
        ),
        _text(
            "Podatek od nieruchomości, rolny i leśny osoby fizyczne płacą w czterech ratach: "
            "do 15 marca, 15 maja, 15 września i 15 listopada. Numer indywidualnego rachunku "
            "bankowego do wpłat znajdziesz przy każdym podatku."
        ),
        _link(
            "Sprawdź swoje podatki i raty po zalogowaniu.",
            "Przejdź do Mojego e-Urzędu",
            pages["personal-area"],
        ),
    ]


def _letters(pages: dict[str, Page]) -> list[tuple[str, Any]]:
    return [
        _text(
            "Pismo do Urzędu Miejskiego w Zatorze wyślesz przez elektroniczną skrzynkę "
            "podawczą urzędu, bez wychodzenia z domu. Pismo wysłane elektronicznie i podpisane "
            "profilem zaufanym lub podpisem kwalifikowanym ma taką samą moc jak pismo złożone "
            "w urzędzie."
        ),
        _heading("Jak wysłać pismo"),
        _steps(
            "Wybierz formularz z katalogu e-usług albo „Pismo ogólne do urzędu”.",
            "Wypełnij formularz i dołącz załączniki (np. PDF, ODT, JPG).",
            "Podpisz pismo profilem zaufanym lub podpisem kwalifikowanym i wyślij je.",
        ),
        _text(
            "Po wysłaniu otrzymasz urzędowe poświadczenie przedłożenia (UPP). To dowód, że "
            "urząd otrzymał Twoje pismo, z datą i godziną jego wpływu – zachowaj je."
        ),
        _link(
            "Znajdź formularz dla swojej sprawy.",
            "Formularze i dokumenty",
            pages["forms"],
        ),
    ]


def _deliveries(pages: dict[str, Page]) -> list[tuple[str, Any]]:
    return [
        _text(
            "Urząd wysyła odpowiedzi i decyzje na adres do doręczeń elektronicznych. Taki list "
            "ma moc prawną listu poleconego za potwierdzeniem odbioru, a przychodzi od razu."
        ),
        _heading("Jak założyć adres do doręczeń elektronicznych"),
        _text(
            "Adres założysz bezpłatnie w serwisie mObywatel.gov.pl, logując się profilem "
            "zaufanym, e-dowodem albo aplikacją mObywatel. Po wpisaniu adresu do bazy adresów "
            "elektronicznych urząd będzie wysyłał Ci pisma elektronicznie zamiast pocztą."
        ),
        _text(
            "Gdy otrzymasz list, dostaniesz powiadomienie e-mailem. Jeśli go nie odbierzesz, "
            "po 14 dniach uznaje się go za doręczony, tak jak awizowany list polecony."
        ),
    ]


def _help(pages: dict[str, Page]) -> list[tuple[str, Any]]:
    return [
        _text(
            "W razie kłopotów z e-usługami pomogą Ci pracownicy Urzędu Miejskiego w Zatorze, "
            "pl. Marszałka J. Piłsudskiego 17, 32-640 Zator, w godzinach pracy urzędu. "
            "Przy stanowisku obsługi klienta możesz też skorzystać z komputera z dostępem do "
            "e-Urzędu."
        ),
        _link(
            "Zobacz wszystkie e-usługi urzędu i sprawdź, które wymagają logowania.",
            "Katalog e-usług",
            pages["catalogue"],
        ),
    ]


PAGES: list[PageSpec] = [
    PageSpec(
        key="guide",
        parent="home",
        model=GuidePage,
        title="Informator dla mieszkańców",
        slug="informator",
        in_menu=True,
        values={
            "intro": "<p>Instrukcja korzystania z e-usług Urzędu Miejskiego w Zatorze: jak się "
            "zalogować, sprawdzić podatki, wysłać pismo i odebrać odpowiedź urzędu. Cały "
            "informator możesz też pobrać jako plik PDF.</p>",
            "search_description": "Informator dla mieszkańców Gminy Zator – instrukcja "
            "korzystania z e-usług urzędu.",
        },
    ),
    PageSpec(
        key="guide-trusted-profile",
        parent="guide",
        model=GuideChapterPage,
        title="Jak założyć profil zaufany",
        slug="profil-zaufany",
        body=_trusted_profile,
    ),
    PageSpec(
        key="guide-trusted-profile-office",
        parent="guide-trusted-profile",
        model=GuideChapterPage,
        title="Potwierdzenie profilu zaufanego w urzędzie",
        slug="potwierdzenie-w-urzedzie",
        body=_trusted_profile_in_office,
    ),
    PageSpec(
        key="guide-taxes",
        parent="guide",
        model=GuideChapterPage,
        title="Podatki i opłaty lokalne w e-Urzędzie",
        slug="podatki-i-oplaty",
        body=_taxes,
    ),
    PageSpec(
        key="guide-letters",
        parent="guide",
        model=GuideChapterPage,
        title="Wysyłanie pism do urzędu",
        slug="wysylanie-pism",
        body=_letters,
    ),
    PageSpec(
        key="guide-deliveries",
        parent="guide",
        model=GuideChapterPage,
        title="Doręczenia elektroniczne",
        slug="doreczenia-elektroniczne",
        body=_deliveries,
    ),
    PageSpec(
        key="guide-help",
        parent="guide",
        model=GuideChapterPage,
        title="Pomoc i kontakt",
        slug="pomoc",
        body=_help,
    ),
]
