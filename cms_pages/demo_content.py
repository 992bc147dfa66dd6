"""The demo content of Gmina Zator: the municipal site, the e-Urząd areas and the eZator project.

The texts come from the municipality's 2011 announcement of the eZator project
(``shared/mission/seed-pl.txt``), with the dashes and spaces lost in that copy restored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wagtail.models import Page

from .models import ContentPage, EServicePage, HomePage, ProjectPage

Body = Callable[[dict[str, Page]], list[tuple[str, Any]]]


@dataclass(frozen=True)
class PageSpec:
    """One demo page: where it goes, its plain fields, and its body (which may link to others)."""

    key: str
    parent: str
    model: type[Page]
    title: str
    slug: str
    values: dict[str, Any] = field(default_factory=dict)
    body: Body | None = None
    in_menu: bool = False

    def fields(self) -> dict[str, Any]:
        """Field values for creating the page (the body is set once all pages exist)."""
        return {
            "title": self.title,
            "slug": self.slug,
            "show_in_menus": self.in_menu,
            **self.values,
        }


def _paragraph(*paragraphs: str) -> tuple[str, str]:
    return ("paragraph", "".join(f"<p>{text}</p>" for text in paragraphs))


def _card(title: str, text: str, page: Page) -> dict[str, Any]:
    return {"title": title, "text": text, "page": page, "url": ""}


AREA_PUBLIC = (
    "Dostęp do informacji publicznej – danych strukturalnych przechowywanych wewnątrz urzędu: "
    "dane budżetowe, ewidencja działalności gospodarczej, informacje o mieniu gminy."
)
AREA_PERSONAL = (
    "Informacja spersonalizowana, wymagająca uwierzytelnienia: rozliczenia podatkowe (kwoty "
    "wymiaru podatku, raty, zaległości), stan spraw oraz złożone i odebrane dokumenty."
)
AREA_FORMS = (
    "Wymiana informacji między urzędem a mieszkańcem: formularze i dokumenty elektroniczne "
    "składane do skrzynki podawczej urzędu oraz odpowiedzi urzędu."
)

SEED_CONCEPT = (
    "Koncepcja e-Urzędu rozumiana jest jako ogół działań i środków związanych z elektroniczną "
    "komunikacją między urzędem a obywatelem. Gdy przyjrzymy się bliżej temu zagadnieniu, okazuje "
    "się, że pociąga ono za sobą bardzo szeroki wachlarz działań i obejmuje cały szereg spraw "
    "o charakterze organizacyjnym, prawnym oraz czysto informatycznym."
)
SEED_SYSTEM = (
    "W momencie, kiedy informacje przetwarzane dotychczas tylko wewnątrz organizacji, jaką jest "
    "Urząd, zostają udostępnione na zewnątrz, zachodzi potrzeba zmiany organizacji pracy, a także "
    "wprowadzenia spójnego systemu informatycznego, który poradzi sobie z takim wyzwaniem. System "
    "taki musi obsługiwać wszystkie podstawowe obszary działalności urzędu, począwszy od "
    "księgowości budżetowej, poprzez systemy ewidencyjne, a kończąc na obsłudze podatków i opłat "
    "lokalnych."
)
SEED_DOCUMENTS = (
    "Kolejnym krokiem determinującym wprowadzenie e-Urzędu jest konieczność zastosowania systemu "
    "obiegu dokumentów obsługującego jednolite repozytorium wszystkich dokumentów generowanych "
    "także poprzez systemy dziedzinowe. System zarządzania dokumentami będzie również "
    "odpowiedzialny za integrację z zewnętrznymi platformami usług publicznych, takimi jak ePUAP "
    "czy Wrota Małopolski. Dopiero mając tak przygotowaną bazę (tzw. back office), możemy zacząć "
    "wprowadzanie w życie tego, co zobaczą na zewnątrz petenci urzędu (tzw. front office)."
)
SEED_AREAS_INTRO = (
    "Koncepcja e-Urzędu wdrażana w Urzędzie Miejskim w Zatorze obejmuje trzy obszary działań:"
)
SEED_AREAS = (
    "<ul>"
    "<li>dostęp do informacji publicznej – danych strukturalnych przechowywanych wewnątrz urzędu; "
    "tu można zapoznać się z takimi informacjami, jak m.in. dane budżetowe, ewidencja działalności "
    "gospodarczej czy też dotyczącymi mienia gminy,</li>"
    "<li>przeglądanie informacji spersonalizowanej wymagającej uwierzytelnienia – tu będą się "
    "pojawiały informacje, które nie są informacją publiczną, ale są ważne z punktu widzenia "
    "poszczególnych mieszkańców gminy; będą to dane na temat relacji finansowych obywatela "
    "z urzędem w zakresie podatków (kwoty wymiaru podatku, raty, globalne kwoty zaległości) czy "
    "też szersza informacja o stanie spraw i złożonych/odebranych dokumentach,</li>"
    "<li>wymiana informacji między urzędem a mieszkańcem, dostęp do formularzy i dokumentów "
    "elektronicznych – umożliwia to pobieranie dokumentów w postaci elektronicznej do skrzynki "
    "podawczej urzędu oraz w drugą stronę – udzielanie odpowiedzi i wysyłkę dokumentów do "
    "skrzynek umieszczonych na platformach elektronicznych usług publicznych.</li>"
    "</ul>"
)
SEED_STATUS = (
    "Obecnie projekt wkracza w ostateczną fazę wdrażania, trwają końcowe szkolenia "
    "i parametryzacja systemu. Od stycznia 2012 roku za pośrednictwem portalu eUrząd zostaną "
    "udostępnione wszystkim petentom wspomniane powyżej e-usługi. Zostanie również "
    "rozpowszechniony "
    "specjalny informator dla mieszkańców i klientów urzędu, który będzie stanowił instrukcję "
    "użytkownika usług publicznych."
)
SEED_WEBSITE = (
    "W ramach promocji i realizacji projektu uruchomiona została również strona internetowa "
    "www.e.zator.pl, która zawiera informacje o projekcie „eZator – budowa społeczeństwa "
    "informacyjnego w Gminie Zator”."
)
FUNDING_STATEMENT = (
    "Projekt „eZator – budowa społeczeństwa informacyjnego w Gminie Zator” współfinansowany przez "
    "Unię Europejską ze środków Europejskiego Funduszu Rozwoju Regionalnego w ramach Małopolskiego "
    "Regionalnego Programu Operacyjnego na lata 2007–2013."
)


def _home_body(pages: dict[str, Page]) -> list[tuple[str, Any]]:
    return [
        (
            "cards",
            {
                "heading": "Załatw sprawę przez internet",
                "cards": [
                    _card("Informacja publiczna", AREA_PUBLIC, pages["public-information"]),
                    _card("Mój e-Urząd", AREA_PERSONAL, pages["personal-area"]),
                    _card("Formularze i dokumenty", AREA_FORMS, pages["forms"]),
                ],
            },
        ),
        (
            "call_to_action",
            {
                "text": "Sprawdź, które sprawy załatwisz w e-Urzędzie bez wychodzenia z domu.",
                "link_text": "Katalog e-usług",
                "page": pages["catalogue"],
                "url": "",
            },
        ),
        ("heading", {"text": "Projekt eZator", "level": "h2"}),
        _paragraph(
            "Portal powstał w ramach projektu „eZator – budowa społeczeństwa informacyjnego "
            "w Gminie Zator”, współfinansowanego ze środków Unii Europejskiej."
        ),
        (
            "call_to_action",
            {
                "text": "Poznaj cele i efekty projektu.",
                "link_text": "O projekcie eZator",
                "page": pages["project"],
                "url": "",
            },
        ),
    ]


def _eurzad_body(pages: dict[str, Page]) -> list[tuple[str, Any]]:
    return [
        _paragraph(SEED_CONCEPT),
        (
            "cards",
            {
                "heading": "Trzy obszary e-Urzędu",
                "cards": [
                    _card("Informacja publiczna", AREA_PUBLIC, pages["public-information"]),
                    _card("Mój e-Urząd", AREA_PERSONAL, pages["personal-area"]),
                    _card("Formularze i dokumenty", AREA_FORMS, pages["forms"]),
                ],
            },
        ),
        (
            "call_to_action",
            {
                "text": "Wszystkie e-usługi urzędu w jednym miejscu.",
                "link_text": "Katalog e-usług",
                "page": pages["catalogue"],
                "url": "",
            },
        ),
    ]


def _project_body(pages: dict[str, Page]) -> list[tuple[str, Any]]:
    return [
        ("heading", {"text": "Nowe e-usługi w gminie", "level": "h2"}),
        _paragraph(SEED_CONCEPT, SEED_SYSTEM, SEED_DOCUMENTS, SEED_AREAS_INTRO),
        ("paragraph", SEED_AREAS),
        _paragraph(SEED_STATUS, SEED_WEBSITE),
        (
            "call_to_action",
            {
                "text": "Zobacz, co już działa w e-Urzędzie Gminy Zator.",
                "link_text": "Przejdź do e-Urzędu",
                "page": pages["eurzad"],
                "url": "",
            },
        ),
    ]


def _area_body(*paragraphs: str) -> Body:
    def body(pages: dict[str, Page]) -> list[tuple[str, Any]]:
        return [
            _paragraph(*paragraphs),
            (
                "call_to_action",
                {
                    "text": "Zobacz e-usługi dostępne w tym obszarze.",
                    "link_text": "Katalog e-usług",
                    "page": pages["catalogue"],
                    "url": "",
                },
            ),
        ]

    return body


HOME = PageSpec(
    key="home",
    parent="",
    model=HomePage,
    title="Gmina Zator",
    slug="gmina-zator",
    values={
        "intro": "<p>Oficjalny portal Gminy Zator: informacje dla mieszkańców, przedsiębiorców "
        "i turystów oraz e-Urząd, w którym sprawy urzędowe załatwisz przez internet.</p>",
        "seo_title": "Gmina Zator – strona główna",
        "search_description": "Portal Gminy Zator i e-Urząd: informacja publiczna, sprawy "
        "osobiste i formularze elektroniczne.",
    },
    body=_home_body,
)

PAGES: list[PageSpec] = [
    PageSpec(
        key="eurzad",
        parent="home",
        model=ContentPage,
        title="e-Urząd",
        slug="e-urzad",
        in_menu=True,
        values={
            "intro": "Elektroniczna komunikacja między urzędem a mieszkańcem – w trzech obszarach.",
            "search_description": "e-Urząd Gminy Zator: informacja publiczna, sprawy osobiste "
            "po zalogowaniu, formularze i dokumenty elektroniczne.",
        },
        body=_eurzad_body,
    ),
    PageSpec(
        key="public-information",
        parent="eurzad",
        model=ContentPage,
        title="Informacja publiczna",
        slug="informacja-publiczna",
        values={"intro": AREA_PUBLIC},
        body=_area_body(
            "Budżet gminy, ewidencja działalności gospodarczej i mienie komunalne – dane, które "
            "dotąd były przetwarzane tylko w urzędzie, są dostępne dla każdego, bez logowania.",
        ),
    ),
    PageSpec(
        key="personal-area",
        parent="eurzad",
        model=ContentPage,
        title="Mój e-Urząd",
        slug="moj-e-urzad",
        values={"intro": AREA_PERSONAL},
        body=_area_body(
            "Po zalogowaniu profilem zaufanym (login.gov.pl) zobaczysz swoje rozliczenia "
            "podatkowe – kwoty wymiaru, raty i zaległości – a także stan swoich spraw oraz "
            "dokumenty, które złożyłeś i które otrzymałeś z urzędu.",
        ),
    ),
    PageSpec(
        key="forms",
        parent="eurzad",
        model=ContentPage,
        title="Formularze i dokumenty",
        slug="formularze-i-dokumenty",
        values={"intro": AREA_FORMS},
        body=_area_body(
            "Wypełnij formularz albo wyślij pismo do elektronicznej skrzynki podawczej urzędu. "
            "Otrzymasz urzędowe poświadczenie przedłożenia (UPP), a odpowiedź urzędu trafi do "
            "Twojej skrzynki do doręczeń elektronicznych.",
        ),
    ),
    PageSpec(
        key="catalogue",
        parent="eurzad",
        model=EServicePage,
        title="Katalog e-usług",
        slug="katalog-e-uslug",
        values={
            "intro": "<p>E-usługi Urzędu Miejskiego w Zatorze: do czego służą, kto może z nich "
            "korzystać i czy trzeba się zalogować.</p>",
            "plugin": "catalogue",
            "options": {},
        },
    ),
    PageSpec(
        key="project",
        parent="home",
        model=ProjectPage,
        title="Projekt eZator",
        slug="ezator",
        in_menu=True,
        values={
            "intro": "„eZator – budowa społeczeństwa informacyjnego w Gminie Zator” to projekt "
            "współfinansowany środkami Unii Europejskiej w ramach Małopolskiego Regionalnego "
            "Programu Operacyjnego na lata 2007–2013, wprowadzający e-usługi w Gminie Zator.",
            "programme": "Małopolski Regionalny Program Operacyjny na lata 2007–2013",
            "funding_statement": FUNDING_STATEMENT,
            "website": "http://www.e.zator.pl/",
            "search_description": "Projekt eZator – budowa społeczeństwa informacyjnego w Gminie "
            "Zator, współfinansowany z MRPO 2007–2013.",
        },
        body=_project_body,
    ),
]
