"""Demo news, notices and events of Gmina Zator, and the news of the eZator project.

Invented but plausible content; dates are relative to the day the content is loaded, so the demo
always has current notices, upcoming events and one item of each kind in the archive.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from wagtail.models import Page

from .demo_content import Body, PageSpec
from .models import (
    EventIndexPage,
    EventPage,
    NewsArticlePage,
    NewsIndexPage,
    NoticeIndexPage,
    NoticePage,
)

OFFICE = "Urząd Miejski w Zatorze"
OFFICE_ADDRESS = "pl. Marszałka J. Piłsudskiego 17, 32-640 Zator"


def _day(offset: int) -> datetime.date:
    """Today plus ``offset`` days (negative: in the past)."""
    return timezone.localdate() + datetime.timedelta(days=offset)


def _moment(offset: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A local time ``offset`` days from today."""
    return timezone.make_aware(datetime.datetime.combine(_day(offset), datetime.time(hour, minute)))


def _text(*paragraphs: str) -> Body:
    def body(pages: dict[str, Page]) -> list[tuple[str, Any]]:
        return [("paragraph", "".join(f"<p>{text}</p>" for text in paragraphs))]

    return body


def _text_with_link(*paragraphs: str, text: str, link_text: str, page_key: str) -> Body:
    def body(pages: dict[str, Page]) -> list[tuple[str, Any]]:
        return [
            ("paragraph", "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)),
            (
                "call_to_action",
                {"text": text, "link_text": link_text, "page": pages[page_key], "url": ""},
            ),
        ]

    return body


def _article(
    key: str, parent: str, title: str, slug: str, days_ago: int, intro: str, body: Body
) -> PageSpec:
    return PageSpec(
        key=key,
        parent=parent,
        model=NewsArticlePage,
        title=title,
        slug=slug,
        values={"date": _day(-days_ago), "intro": intro},
        body=body,
    )


def _notice(
    key: str, title: str, slug: str, valid: tuple[int, int | None], intro: str, body: Body
) -> PageSpec:
    start, end = valid
    return PageSpec(
        key=key,
        parent="notices",
        model=NoticePage,
        title=title,
        slug=slug,
        values={
            "valid_from": _day(start),
            "valid_until": None if end is None else _day(end),
            "intro": intro,
        },
        body=body,
    )


NEWS = [
    PageSpec(
        key="news",
        parent="home",
        model=NewsIndexPage,
        title="Aktualności",
        slug="aktualnosci",
        in_menu=True,
        values={
            "intro": "Wiadomości z Gminy Zator i Urzędu Miejskiego w Zatorze.",
            "search_description": "Aktualności Gminy Zator: inwestycje, sprawy urzędowe, "
            "wydarzenia i komunikaty dla mieszkańców.",
        },
    ),
    _article(
        "news-eservices",
        "news",
        "Podatki lokalne sprawdzisz w e-Urzędzie",
        "podatki-lokalne-w-e-urzedzie",
        1,
        "Po zalogowaniu profilem zaufanym zobaczysz kwoty wymiaru podatku, terminy rat "
        "i ewentualne zaległości – bez wizyty w urzędzie.",
        _text_with_link(
            "Mieszkańcy Gminy Zator mogą sprawdzić swoje rozliczenia z tytułu podatków i opłat "
            "lokalnych przez internet. Wystarczy zalogować się do e-Urzędu profilem zaufanym, "
            "e-dowodem lub bankowością elektroniczną.",
            "Dane pochodzą bezpośrednio z systemu podatkowego urzędu i są aktualizowane "
            "codziennie. W razie pytań prosimy o kontakt z Referatem Podatków i Opłat.",
            text="Sprawdź, jakie sprawy załatwisz przez internet.",
            link_text="Katalog e-usług",
            page_key="catalogue",
        ),
    ),
    _article(
        "news-session",
        "news",
        "Zaproszenie na sesję Rady Miejskiej w Zatorze",
        "zaproszenie-na-sesje-rady-miejskiej",
        3,
        "Przewodniczący Rady Miejskiej zaprasza na kolejną sesję. W porządku obrad m.in. "
        "zmiany w budżecie gminy i sprawozdanie z realizacji inwestycji.",
        _text(
            "Sesja odbędzie się w sali obrad Urzędu Miejskiego w Zatorze, "
            f"{OFFICE_ADDRESS}. Obrady są jawne i transmitowane w internecie.",
            "Projekty uchwał są dostępne w Biuletynie Informacji Publicznej oraz do wglądu "
            "w Biurze Rady Miejskiej.",
        ),
    ),
    _article(
        "news-heating",
        "news",
        "Dofinansowanie wymiany starych pieców – nabór wniosków",
        "dofinansowanie-wymiany-piecow",
        8,
        "Gminny punkt konsultacyjno-informacyjny pomaga mieszkańcom złożyć wniosek "
        "o dofinansowanie wymiany źródła ciepła i termomodernizacji domu.",
        _text(
            "Pracownicy punktu pomagają wypełnić wniosek, sprawdzają wymagane załączniki "
            "i wyjaśniają zasady rozliczenia dotacji. Punkt działa w budynku urzędu "
            "we wtorki i czwartki.",
            "Przed wizytą warto przygotować dokumenty potwierdzające dochód gospodarstwa "
            "domowego oraz informacje o powierzchni ogrzewanej budynku.",
        ),
    ),
    _article(
        "news-road",
        "news",
        "Remont drogi gminnej w Graboszycach zakończony",
        "remont-drogi-w-graboszycach",
        15,
        "Zakończyła się przebudowa odcinka drogi gminnej w Graboszycach. Kierowcy i piesi "
        "korzystają z nowej nawierzchni i chodnika.",
        _text(
            "W ramach inwestycji wykonano nową nawierzchnię asfaltową, chodnik, zjazdy "
            "do posesji oraz odwodnienie. Prace prowadzono etapami, aby utrzymać dojazd "
            "do domów.",
            "Dziękujemy mieszkańcom za cierpliwość w czasie robót.",
        ),
    ),
    _article(
        "news-waste",
        "news",
        "Nowy harmonogram odbioru odpadów komunalnych",
        "harmonogram-odbioru-odpadow",
        22,
        "Opublikowaliśmy harmonogram odbioru odpadów komunalnych z nieruchomości "
        "zamieszkałych na kolejne półrocze – dla miasta i wszystkich sołectw.",
        _text(
            "Harmonogram obejmuje odpady zmieszane, segregowane, biodegradowalne oraz "
            "wielkogabarytowe. Pojemniki i worki należy wystawić przed posesję do godziny "
            "6:00 w dniu odbioru.",
            "Wydrukowany harmonogram można odebrać w biurze podawczym urzędu.",
        ),
    ),
    _article(
        "news-carp",
        "news",
        "Przygotowania do Dni Karpia w Zatorze",
        "przygotowania-do-dni-karpia",
        30,
        "Trwają przygotowania do tegorocznych Dni Karpia. Zapraszamy lokalnych wystawców "
        "i koła gospodyń wiejskich do zgłaszania udziału w kiermaszu.",
        _text(
            "Zgłoszenia wystawców przyjmuje Centrum Kultury w Zatorze. Liczba stoisk jest "
            "ograniczona, decyduje kolejność zgłoszeń.",
            "Szczegółowy program imprezy opublikujemy w zakładce Wydarzenia.",
        ),
    ),
]

NOTICES = [
    PageSpec(
        key="notices",
        parent="home",
        model=NoticeIndexPage,
        title="Ogłoszenia",
        slug="ogloszenia",
        in_menu=True,
        values={
            "intro": f"Ogłoszenia, obwieszczenia i komunikaty – {OFFICE}.",
            "search_description": "Ogłoszenia i obwieszczenia Urzędu Miejskiego w Zatorze; "
            "ogłoszenia archiwalne w archiwum.",
        },
    ),
    _notice(
        "notice-water",
        "Przerwa w dostawie wody – ul. Kopernika",
        "przerwa-w-dostawie-wody",
        (-1, 3),
        "Z powodu wymiany odcinka sieci wodociągowej mieszkańcy ul. Kopernika nie będą "
        "mieli wody w godzinach 8:00–15:00.",
        _text(
            "Zakład Gospodarki Komunalnej przeprasza za utrudnienia. Na czas przerwy przy "
            "skrzyżowaniu z ul. Wadowicką zostanie ustawiony beczkowóz z wodą pitną.",
        ),
    ),
    _notice(
        "notice-plan",
        "Obwieszczenie o wyłożeniu projektu planu miejscowego",
        "wylozenie-projektu-planu-miejscowego",
        (-7, 21),
        "Projekt miejscowego planu zagospodarowania przestrzennego jest wyłożony do "
        "publicznego wglądu. Uwagi można składać na piśmie lub przez e-Urząd.",
        _text(
            "Z projektem planu i prognozą oddziaływania na środowisko można zapoznać się "
            f"w budynku urzędu ({OFFICE_ADDRESS}) w godzinach pracy urzędu.",
            "Uwagi należy składać z podaniem imienia i nazwiska lub nazwy jednostki, adresu "
            "oraz oznaczenia nieruchomości, której dotyczą.",
        ),
    ),
    _notice(
        "notice-hours",
        "Zmiana godzin pracy kasy urzędu",
        "zmiana-godzin-pracy-kasy",
        (-3, None),
        "Kasa Urzędu Miejskiego w Zatorze jest czynna od poniedziałku do piątku "
        "w godzinach 8:00–14:00.",
        _text(
            "Opłaty i podatki lokalne można również wpłacać przelewem na indywidualny "
            "rachunek bankowy podany w decyzji podatkowej.",
        ),
    ),
    _notice(
        "notice-consultation",
        "Konsultacje programu współpracy z organizacjami pozarządowymi",
        "konsultacje-programu-wspolpracy",
        (-60, -30),
        "Zapraszaliśmy organizacje pozarządowe do zgłaszania uwag do projektu programu "
        "współpracy Gminy Zator na kolejny rok.",
        _text(
            "Konsultacje zostały zakończone. Sprawozdanie z konsultacji opublikowano "
            "w Biuletynie Informacji Publicznej.",
        ),
    ),
]

EVENTS = [
    PageSpec(
        key="events",
        parent="home",
        model=EventIndexPage,
        title="Wydarzenia",
        slug="wydarzenia",
        in_menu=True,
        values={
            "intro": "Kultura, sport i spotkania w Gminie Zator.",
            "search_description": "Kalendarz wydarzeń w Gminie Zator.",
        },
    ),
    PageSpec(
        key="event-trusted-profile",
        parent="events",
        model=EventPage,
        title="Dyżur: załóż profil zaufany w urzędzie",
        slug="dyzur-profil-zaufany",
        values={
            "start": _moment(5, 9),
            "end": _moment(5, 15),
            "place": "Biuro podawcze Urzędu Miejskiego w Zatorze",
            "address": OFFICE_ADDRESS,
            "intro": "Pracownicy urzędu pomogą założyć i potwierdzić profil zaufany, "
            "potrzebny do korzystania z e-usług.",
        },
        body=_text(
            "Prosimy zabrać dowód osobisty i telefon komórkowy, na który przyjdzie kod "
            "potwierdzający. Potwierdzenie profilu trwa około 15 minut.",
        ),
    ),
    PageSpec(
        key="event-carp",
        parent="events",
        model=EventPage,
        title="Dni Karpia w Zatorze",
        slug="dni-karpia",
        values={
            "start": _moment(40, 10),
            "end": _moment(41, 22),
            "place": "Rynek w Zatorze",
            "address": "pl. Marszałka J. Piłsudskiego, 32-640 Zator",
            "intro": "Dwa dni kiermaszu, koncertów i pokazów kulinarnych – święto "
            "zatorskiego karpia.",
        },
        body=_text(
            "W programie kiermasz wyrobów lokalnych, konkurs kulinarny kół gospodyń "
            "wiejskich, występy zespołów i koncert wieczorny.",
            "W czasie imprezy część rynku będzie wyłączona z ruchu.",
        ),
    ),
    PageSpec(
        key="event-meeting",
        parent="events",
        model=EventPage,
        title="Spotkanie informacyjne o e-usługach dla seniorów",
        slug="spotkanie-e-uslugi-dla-seniorow",
        values={
            "start": _moment(-14, 11),
            "end": _moment(-14, 13),
            "place": "Centrum Kultury w Zatorze",
            "address": "32-640 Zator",
            "intro": "Pokazaliśmy, jak sprawdzić podatki i wysłać pismo do urzędu przez internet.",
        },
        body=_text(
            "Dziękujemy wszystkim uczestnikom. Kolejne spotkanie zorganizujemy po "
            "zebraniu zgłoszeń.",
        ),
    ),
]

PROJECT_NEWS = [
    PageSpec(
        key="project-news",
        parent="project",
        model=NewsIndexPage,
        title="Aktualności projektu",
        slug="aktualnosci",
        values={"intro": "Wiadomości o realizacji projektu eZator."},
    ),
    _article(
        "project-news-training",
        "project-news",
        "Szkolenia pracowników urzędu z nowego systemu",
        "szkolenia-pracownikow",
        12,
        "Pracownicy Urzędu Miejskiego w Zatorze przeszli szkolenia z obsługi systemu "
        "obiegu dokumentów i modułów dziedzinowych e-Urzędu.",
        _text(
            "Szkolenia objęły obsługę elektronicznej skrzynki podawczej, rejestrację "
            "dokumentów w jednolitym repozytorium oraz publikację danych w portalu.",
        ),
    ),
    _article(
        "project-news-guide",
        "project-news",
        "Informator dla mieszkańców o e-usługach",
        "informator-dla-mieszkancow",
        5,
        "Przygotowaliśmy informator, który krok po kroku pokazuje, jak korzystać "
        "z e-usług Urzędu Miejskiego w Zatorze.",
        _text_with_link(
            "Informator jest dostępny w biurze podawczym urzędu oraz w portalu.",
            text="Zobacz, jakie sprawy załatwisz przez internet.",
            link_text="Przejdź do e-Urzędu",
            page_key="eurzad",
        ),
    ),
]

PAGES: list[PageSpec] = [*NEWS, *NOTICES, *EVENTS, *PROJECT_NEWS]
