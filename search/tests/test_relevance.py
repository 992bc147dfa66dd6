"""Relevance: Polish queries over the demo data and what must be in their top 5, per backend.

Each case is (query, (document type, title or title prefix)). Run on the database backend
always, and on the engine with ``SEARCH_URL`` (marker ``search_engine``). The hit rate is the
share of queries whose document is among the first five; the misses are printed so a drop
can be read, not just seen. Thresholds: engine 0.95 (the issue's target); database 0.80,
measured at 0.87 (see the README): it has no typo tolerance and only a crude stemmer.
"""

from __future__ import annotations

import pytest

from search.backends.database import DatabaseBackend
from search.results import SearchFilters

TOP = 5
ENGINE_THRESHOLD = 0.95
DATABASE_THRESHOLD = 0.80

TAXES = ("page", "Podatki i opłaty lokalne w e-Urzędzie")
GUIDE = ("page", "Informator dla mieszkańców")
CARP = ("page", "Dni Karpia w Zatorze")
BINS = ("page", "Nowy harmonogram odbioru odpadów komunalnych")
STOVES = ("page", "Dofinansowanie wymiany starych pieców")
E_DELIVERY = ("page", "Doręczenia elektroniczne")
ACCESSIBILITY = ("page", "Deklaracja dostępności")
TRAINING = ("page", "Szkolenia pracowników urzędu z nowego systemu")
FISH_FARM = ("business", "Gospodarstwo Rybackie Małgorzata Kwiatkowska")
BAKERY = ("business", "Piekarnia „Sokół” Jan Lewandowski")
AGRO = ("business", "Agroturystyka Piotr Dąbrowski")
PARCEL_ZATOR_18 = ("parcel", "Działka 18, obręb Zator")
PARCEL_SMOLICE = ("parcel", "Działka 53/2, obręb Smolice")
ROADS_INVESTMENT = "§ 6050 Wydatki inwestycyjne jednostek budżetowych – Drogi publiczne"
OFFICE_SERVICES = ("budget_line", "§ 4300 Zakup usług pozostałych – Urzędy gmin")

CASES = [
    # inflected forms
    ("podatkami", TAXES),
    ("podatków lokalnych", ("page", "Podatki lokalne sprawdzisz w e-Urzędzie")),
    ("informatora dla mieszkańców", GUIDE),
    ("profilu zaufanego", ("page", "Jak założyć profil zaufany")),
    ("potwierdzeniu profilu zaufanego", ("page", "Potwierdzenie profilu zaufanego w urzędzie")),
    ("dniach karpia", CARP),
    ("przygotowaniach do dni karpia", ("page", "Przygotowania do Dni Karpia w Zatorze")),
    ("wymianie pieców", STOVES),
    ("odbiorze odpadów komunalnych", BINS),
    ("remont drogi w Graboszycach", ("page", "Remont drogi gminnej w Graboszycach")),
    ("przerwy w dostawie wody", ("page", "Przerwa w dostawie wody")),
    ("planu miejscowego", ("page", "Obwieszczenie o wyłożeniu projektu planu miejscowego")),
    ("organizacjami pozarządowymi", ("page", "Konsultacje programu współpracy")),
    ("sesji rady miejskiej", ("page", "Zaproszenie na sesję Rady Miejskiej w Zatorze")),
    ("działkach Smolice 53/2", PARCEL_SMOLICE),
    (
        "nieruchomościach zakup usług",
        ("budget_line", "§ 4300 Zakup usług pozostałych – Gospodarka gruntami"),
    ),
    (
        "wpływy z podatków od nieruchomości",
        ("budget_line", "§ 0310 Wpływy z podatku od nieruchomości"),
    ),
    (
        "dodatkach mieszkaniowych",
        ("budget_line", "§ 3110 Świadczenia społeczne – Dodatki mieszkaniowe"),
    ),
    ("cmentarzach", ("budget_line", "§ 4300 Zakup usług pozostałych – Cmentarze")),
    # missing diacritics
    ("oplaty lokalne", TAXES),
    ("mieszkancow", GUIDE),
    ("doreczenia elektroniczne", E_DELIVERY),
    ("deklaracja dostepnosci", ACCESSIBILITY),
    ("dofinansowanie piecow", STOVES),
    ("piekarnia sokol", BAKERY),
    ("agroturystyka dabrowski", AGRO),
    ("taxi zielinska", ("business", "Taxi Halina Zielińska")),
    ("dzialka 25/1 trzebienczyce", ("parcel", "Działka 25/1, obręb Trzebieńczyce")),
    # identifiers, with and without separators
    ("1189024612", FISH_FARM),
    ("118-902-46-12", FISH_FARM),
    ("578-161-72-11", BAKERY),
    ("128111364", BAKERY),
    ("12320819467275", ("business", "Taxi Halina Zielińska")),
    ("KR1E/00052621/2", PARCEL_ZATOR_18),
    ("KR1E000526212", PARCEL_ZATOR_18),
    ("kr1e/00065947/7", PARCEL_SMOLICE),
    ("75023 4300", OFFICE_SERVICES),
    ("75023-4300", OFFICE_SERVICES),
    ("§ 6050 drogi publiczne gminne", ("budget_line", ROADS_INVESTMENT)),
    # multi-word
    ("wysyłanie pism do urzędu", ("page", "Wysyłanie pism do urzędu")),
    ("godziny pracy kasy", ("page", "Zmiana godzin pracy kasy urzędu")),
    ("spotkanie dla seniorów", ("page", "Spotkanie informacyjne o e-usługach dla seniorów")),
    ("cukiernia kowalczyk laskowa", ("business", "Cukiernia Michał Kowalczyk")),
    ("fotografia żak palczowice", ("business", "Fotografia Halina Żak")),
    ("wpływy z podatku rolnego", ("budget_line", "§ 0320 Wpływy z podatku rolnego")),
    # typos
    ("szkolenai pracowników", TRAINING),
    ("harmonogran odpadów", BINS),
    ("dekalracja dostępności", ACCESSIBILITY),
    ("informatr dla mieszkańców", GUIDE),
    ("agroturystka dąbrowski", AGRO),
    ("doręczenia elektorniczne", E_DELIVERY),
]


def _found(results, expected) -> bool:
    type_, title = expected
    return any(hit.type == type_ and hit.title.startswith(title) for hit in results.hits[:TOP])


def _hit_rate(backend) -> tuple[float, list[str]]:
    misses = []
    for query, expected in CASES:
        results = backend.search(
            query=query, filters=SearchFilters(), sort="relevance", page=1, per_page=TOP
        )
        if not _found(results, expected):
            misses.append(f"{query!r} → {[hit.title for hit in results.hits]}")
    return 1 - len(misses) / len(CASES), misses


def test_the_set_has_forty_queries_with_every_kind_of_document():
    assert len(CASES) >= 40
    assert len({query for query, _ in CASES}) == len(CASES)
    assert {type_ for _, (type_, _) in CASES} == {"page", "business", "parcel", "budget_line"}


def test_database_backend_hit_rate(indexed_demo):
    rate, misses = _hit_rate(DatabaseBackend())
    print(f"\ndatabase backend: top-{TOP} hit rate {rate:.1%} over {len(CASES)} queries")
    print("\n".join(misses))
    assert rate >= DATABASE_THRESHOLD, misses


@pytest.mark.search_engine
def test_engine_backend_hit_rate(indexed_demo):
    from search.backends.engine import EngineBackend

    rate, misses = _hit_rate(EngineBackend())
    print(f"\nengine backend: top-{TOP} hit rate {rate:.1%} over {len(CASES)} queries")
    print("\n".join(misses))
    assert rate >= ENGINE_THRESHOLD, misses
