"""Synthetic but plausible records of Gmina Zator: businesses, parcels and the budget.

Everything is generated from a seed, so the committed demo files can be regenerated exactly. The
people and firms are invented (random combinations of common Polish names); NIP, REGON and
land-register numbers carry correct check digits but are not taken from any register.
"""

from __future__ import annotations

import csv
import datetime
import json
import random
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path

from .identifiers import land_register_check_digit

#: Obręby (cadastral precincts) of the gmina; the codes are illustrative, not the official ones.
PRECINCTS = (
    ("0001", "Zator"),
    ("0002", "Graboszyce"),
    ("0003", "Grodzisko"),
    ("0004", "Laskowa"),
    ("0005", "Palczowice"),
    ("0006", "Podolsze"),
    ("0007", "Rudze"),
    ("0008", "Smolice"),
    ("0009", "Trzebieńczyce"),
)
POSTAL_CODE = "32-640"
#: Land-register court department for the demo numbers (a Małopolska code of the right shape).
LAND_REGISTER_COURT = "KR1E"
ZATOR_STREETS = (
    "Rynek",
    "Krakowska",
    "Wadowicka",
    "Oświęcimska",
    "Kopernika",
    "Mickiewicza",
    "Słowackiego",
    "Szkolna",
    "Ogrodowa",
    "Parkowa",
    "Spacerowa",
    "Kościuszki",
    "Łąkowa",
    "Polna",
    "Rzeczna",
    "Bema",
    "Piłsudskiego",
    "Jagiellońska",
    "Słoneczna",
    "Leśna",
)
MALE_NAMES = (
    "Jan",
    "Piotr",
    "Krzysztof",
    "Andrzej",
    "Tomasz",
    "Paweł",
    "Marcin",
    "Michał",
    "Grzegorz",
    "Józef",
    "Łukasz",
    "Adam",
    "Zbigniew",
    "Jerzy",
    "Tadeusz",
    "Mateusz",
    "Dariusz",
    "Wojciech",
)
FEMALE_NAMES = (
    "Anna",
    "Maria",
    "Katarzyna",
    "Małgorzata",
    "Agnieszka",
    "Barbara",
    "Ewa",
    "Krystyna",
    "Elżbieta",
    "Magdalena",
    "Joanna",
    "Zofia",
    "Monika",
    "Beata",
    "Dorota",
    "Halina",
)
SURNAMES = (
    "Nowak",
    "Kowalski",
    "Wiśniewski",
    "Wójcik",
    "Kowalczyk",
    "Kamiński",
    "Lewandowski",
    "Zieliński",
    "Szymański",
    "Woźniak",
    "Dąbrowski",
    "Kozłowski",
    "Mazur",
    "Jankowski",
    "Kwiatkowski",
    "Krawczyk",
    "Kaczmarek",
    "Piotrowski",
    "Grabowski",
    "Pawłowski",
    "Michalski",
    "Król",
    "Wieczorek",
    "Jabłoński",
    "Wróbel",
    "Nowakowski",
    "Majewski",
    "Stępień",
    "Adamczyk",
    "Dudek",
    "Zając",
    "Pawlak",
    "Sikora",
    "Baran",
    "Duda",
    "Gil",
    "Kubiak",
    "Bąk",
    "Żak",
)
#: What a trader of the PKD code usually calls the firm.
TRADES = (
    ("43.21.Z", "Usługi Elektryczne"),
    ("43.22.Z", "Instalatorstwo Sanitarne"),
    ("43.33.Z", "Usługi Remontowo-Budowlane"),
    ("43.91.Z", "Dekarstwo"),
    ("41.20.Z", "Firma Budowlana"),
    ("47.11.Z", "Sklep Spożywczo-Przemysłowy"),
    ("47.24.Z", "Cukiernia"),
    ("10.71.Z", "Piekarnia"),
    ("56.10.A", "Restauracja"),
    ("56.21.Z", "Catering"),
    ("96.02.Z", "Salon Fryzjerski"),
    ("45.20.Z", "Auto-Serwis"),
    ("49.41.Z", "Transport Ciężarowy"),
    ("49.32.Z", "Taxi"),
    ("69.20.Z", "Biuro Rachunkowe"),
    ("62.01.Z", "Usługi Informatyczne"),
    ("16.23.Z", "Stolarstwo"),
    ("31.09.Z", "Meble na Wymiar"),
    ("01.13.Z", "Gospodarstwo Ogrodnicze"),
    ("03.22.Z", "Gospodarstwo Rybackie"),
    ("55.20.Z", "Agroturystyka"),
    ("81.30.Z", "Usługi Ogrodnicze"),
    ("86.90.A", "Gabinet Fizjoterapii"),
    ("74.20.Z", "Fotografia"),
    ("47.76.Z", "Kwiaciarnia"),
    ("66.22.Z", "Agencja Ubezpieczeniowa"),
)
EXTRA_PKD = ("47.19.Z", "47.91.Z", "46.19.Z", "77.32.Z", "43.39.Z")
FANCY = ("Max", "Bud", "Premium", "Perła", "Zatorek", "Karp", "Dom", "Tęcza", "Orzeł", "Sokół")
PARCEL_USES = (
    ("drogi", 0.28),
    ("tereny mieszkaniowe", 0.12),
    ("grunty orne", 0.18),
    ("łąki trwałe", 0.08),
    ("tereny rekreacyjno-wypoczynkowe", 0.06),
    ("zurbanizowane tereny niezabudowane", 0.08),
    ("tereny przemysłowe", 0.04),
    ("lasy", 0.04),
    ("grunty pod stawami", 0.05),
    ("inne tereny zabudowane", 0.07),
)
PARCEL_STATUSES = (
    ("własność", 0.72),
    ("dzierżawa", 0.14),
    ("na sprzedaż", 0.06),
    ("użytkowanie wieczyste", 0.08),
)
BUSINESS_HEADER = (
    "Nazwa firmy",
    "Imię",
    "Nazwisko",
    "NIP",
    "REGON",
    "Miejscowość",
    "Ulica",
    "Nr domu",
    "Kod pocztowy",
    "PKD",
    "Wersja PKD",
    "Data rozpoczęcia",
    "Data zawieszenia",
    "Data wznowienia",
    "Data zakończenia",
)
PARCEL_HEADER = (
    "Kod obrębu",
    "Obręb",
    "Numer działki",
    "Powierzchnia m2",
    "Księga wieczysta",
    "Sposób użytkowania",
    "Forma władania",
    "Wartość księgowa",
    "Miejscowość",
    "Ulica",
    "Szerokość",
    "Długość",
)
BUDGET_HEADER = (
    "Rok",
    "Rodzaj",
    "Dział",
    "Rozdział",
    "Paragraf",
    "Plan pierwotny",
    "Plan po zmianach",
    "Wykonanie",
    "Stan na dzień",
    "Wytworzył",
    "Data wytworzenia",
)
#: Approximate centre of Zator, for plausible parcel coordinates.
ZATOR_LAT, ZATOR_LON = 49.996, 19.437


def nip_numbers(rng: random.Random) -> Iterator[str]:
    """Distinct valid NIPs: a bijection over 9-digit bodies, skipping ones with no check digit."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    offset, stride = rng.randrange(10**9), 7_654_321  # stride coprime with 10**9
    for index in range(10**9):
        body = f"{(offset + index * stride) % 10**9:09d}"
        if body[0] == "0":
            continue
        check = sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
        if check != 10:
            yield f"{body}{check}"


def regon_number(rng: random.Random, *, long: bool = False) -> str:
    """A valid REGON: 9 digits (12… – Małopolska-like prefix), or 14 for a local unit."""
    body = "12" + "".join(str(rng.randrange(10)) for _ in range(6))
    body += str(
        sum(int(d) * w for d, w in zip(body, (8, 9, 2, 3, 4, 5, 6, 7), strict=True)) % 11 % 10
    )
    if not long:
        return body
    body += "".join(str(rng.randrange(10)) for _ in range(4))
    weights = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)
    return body + str(sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11 % 10)


def land_register_number(rng: random.Random) -> str:
    """A land-register number of the demo court department with a correct check digit."""
    number = f"{rng.randrange(1, 200_000):08d}"
    return (
        f"{LAND_REGISTER_COURT}/{number}/{land_register_check_digit(LAND_REGISTER_COURT, number)}"
    )


def _weighted(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def _surname(surname: str, *, female: bool) -> str:
    if female and surname.endswith(("ski", "cki", "dzki")):
        return surname[:-1] + "a"
    return surname


def business_rows(rng: random.Random, count: int) -> Iterator[dict[str, str]]:
    """``count`` register entries with distinct NIPs, mostly in Zator, a few suspended or ended."""
    nips = nip_numbers(rng)
    for _index in range(count):
        female = rng.random() < 0.42
        first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        last = _surname(rng.choice(SURNAMES), female=female)
        code, trade = rng.choice(TRADES)
        codes = [code, *rng.sample(EXTRA_PKD, k=rng.choice((0, 0, 1, 2)))]
        name = f"{trade} {first} {last}"
        if rng.random() < 0.3:
            name = f"{trade} „{rng.choice(FANCY)}” {first} {last}"
        precinct = PRECINCTS[0] if rng.random() < 0.55 else rng.choice(PRECINCTS[1:])
        town = precinct[1]
        street = rng.choice(ZATOR_STREETS) if town == "Zator" else ""
        start = _date_between(rng, datetime.date(1993, 1, 1), datetime.date(2024, 12, 31))
        suspended_from = suspended_until = end = None
        roll = rng.random()
        if roll < 0.08:
            end = _date_between(
                rng, start + datetime.timedelta(days=30), datetime.date(2025, 12, 31)
            )
        elif roll < 0.15:
            suspended_from = _date_between(
                rng, start + datetime.timedelta(days=30), datetime.date(2025, 12, 31)
            )
            if rng.random() < 0.5:
                suspended_until = suspended_from + datetime.timedelta(days=rng.randrange(30, 700))
        yield {
            "Nazwa firmy": name,
            "Imię": first,
            "Nazwisko": last,
            "NIP": next(nips),
            "REGON": regon_number(rng, long=rng.random() < 0.05),
            "Miejscowość": town,
            "Ulica": street,
            "Nr domu": str(rng.randrange(1, 120 if street else 400)),
            "Kod pocztowy": POSTAL_CODE,
            "PKD": ", ".join(codes),
            "Wersja PKD": "2007",
            "Data rozpoczęcia": start.isoformat(),
            "Data zawieszenia": suspended_from.isoformat() if suspended_from else "",
            "Data wznowienia": suspended_until.isoformat() if suspended_until else "",
            "Data zakończenia": end.isoformat() if end else "",
        }


def parcel_rows(rng: random.Random, count: int) -> Iterator[dict[str, str]]:
    """``count`` municipal parcels spread over the obręby, with distinct numbers per obręb."""
    for index in range(count):
        code, name = PRECINCTS[index % len(PRECINCTS)]
        sequence = index // len(PRECINCTS)
        base, sub = sequence // 4 + 1, sequence % 4
        number = str(base * 7 + 11) if sub == 0 else f"{base * 7 + 11}/{sub}"
        use = _weighted(rng, PARCEL_USES)
        low, high = (200, 4_000) if use in ("drogi", "tereny mieszkaniowe") else (300, 40_000)
        area = Decimal(round(rng.lognormvariate(0, 0.8) * (low + high) / 4)).max(Decimal(low // 4))
        status = _weighted(rng, PARCEL_STATUSES)
        book_value = ""
        if status == "na sprzedaż" or rng.random() < 0.3:
            book_value = f"{(area * Decimal(rng.randrange(8, 140))):.2f}".replace(".", ",")
        yield {
            "Kod obrębu": code,
            "Obręb": name,
            "Numer działki": number,
            "Powierzchnia m2": f"{area:.2f}".replace(".", ","),
            "Księga wieczysta": land_register_number(rng) if rng.random() < 0.75 else "",
            "Sposób użytkowania": use,
            "Forma władania": status,
            "Wartość księgowa": book_value,
            "Miejscowość": name,
            "Ulica": rng.choice(ZATOR_STREETS) if name == "Zator" else "",
            "Szerokość": f"{ZATOR_LAT + rng.uniform(-0.04, 0.04):.6f}".replace(".", ","),
            "Długość": f"{ZATOR_LON + rng.uniform(-0.06, 0.06):.6f}".replace(".", ","),
        }


#: The 2025 budget's initial plan (zł): (rodzaj, rozdział, paragraf with its 4th digit, plan).
BUDGET_2025 = (
    ("dochody", "75615", "0310", 2_400_000),
    ("dochody", "75615", "0320", 35_000),
    ("dochody", "75615", "0330", 18_000),
    ("dochody", "75615", "0340", 120_000),
    ("dochody", "75615", "0500", 20_000),
    ("dochody", "75615", "0910", 8_000),
    ("dochody", "75616", "0310", 3_100_000),
    ("dochody", "75616", "0320", 520_000),
    ("dochody", "75616", "0330", 22_000),
    ("dochody", "75616", "0340", 95_000),
    ("dochody", "75616", "0360", 60_000),
    ("dochody", "75616", "0500", 350_000),
    ("dochody", "75616", "0910", 40_000),
    ("dochody", "75618", "0410", 45_000),
    ("dochody", "75618", "0480", 260_000),
    ("dochody", "75618", "0490", 90_000),
    ("dochody", "75621", "0010", 22_500_000),
    ("dochody", "75621", "0020", 420_000),
    ("dochody", "75801", "2920", 14_800_000),
    ("dochody", "70005", "0750", 380_000),
    ("dochody", "70005", "0770", 650_000),
    ("dochody", "90002", "0490", 4_900_000),
    ("dochody", "90002", "0640", 25_000),
    ("dochody", "85502", "2010", 4_500_000),
    ("dochody", "85219", "2030", 420_000),
    ("dochody", "85216", "2030", 310_000),
    ("dochody", "85214", "2030", 150_000),
    ("dochody", "85230", "2030", 120_000),
    ("dochody", "75011", "2010", 160_000),
    ("dochody", "75101", "2010", 3_000),
    ("dochody", "60016", "6330", 4_800_000),
    ("dochody", "90001", "6330", 3_200_000),
    ("dochody", "80148", "0830", 420_000),
    ("dochody", "75023", "0690", 15_000),
    ("dochody", "75023", "0970", 40_000),
    ("dochody", "75814", "0920", 250_000),
    ("wydatki", "01010", "6050", 2_400_000),
    ("wydatki", "01095", "4300", 40_000),
    ("wydatki", "60004", "4300", 650_000),
    ("wydatki", "60016", "4270", 900_000),
    ("wydatki", "60016", "4300", 350_000),
    ("wydatki", "60016", "6050", 7_800_000),
    ("wydatki", "63003", "4300", 60_000),
    ("wydatki", "70005", "4300", 180_000),
    ("wydatki", "70005", "4430", 60_000),
    ("wydatki", "70007", "4270", 200_000),
    ("wydatki", "70007", "4260", 90_000),
    ("wydatki", "71004", "4300", 250_000),
    ("wydatki", "71035", "4300", 40_000),
    ("wydatki", "75011", "4010", 130_000),
    ("wydatki", "75011", "4110", 22_000),
    ("wydatki", "75011", "4120", 3_200),
    ("wydatki", "75022", "3030", 330_000),
    ("wydatki", "75022", "4300", 25_000),
    ("wydatki", "75023", "4010", 4_800_000),
    ("wydatki", "75023", "4040", 350_000),
    ("wydatki", "75023", "4110", 860_000),
    ("wydatki", "75023", "4120", 110_000),
    ("wydatki", "75023", "4210", 260_000),
    ("wydatki", "75023", "4260", 140_000),
    ("wydatki", "75023", "4300", 620_000),
    ("wydatki", "75023", "4410", 25_000),
    ("wydatki", "75023", "4440", 95_000),
    ("wydatki", "75023", "4710", 40_000),
    ("wydatki", "75023", "6060", 150_000),
    ("wydatki", "75075", "4300", 120_000),
    ("wydatki", "75085", "4010", 620_000),
    ("wydatki", "75085", "4110", 110_000),
    ("wydatki", "75412", "4210", 250_000),
    ("wydatki", "75412", "4260", 60_000),
    ("wydatki", "75412", "6050", 600_000),
    ("wydatki", "75702", "8110", 1_100_000),
    ("wydatki", "75818", "4810", 450_000),
    ("wydatki", "80101", "3020", 420_000),
    ("wydatki", "80101", "4010", 9_800_000),
    ("wydatki", "80101", "4040", 740_000),
    ("wydatki", "80101", "4110", 1_750_000),
    ("wydatki", "80101", "4120", 220_000),
    ("wydatki", "80101", "4210", 380_000),
    ("wydatki", "80101", "4260", 560_000),
    ("wydatki", "80101", "4270", 300_000),
    ("wydatki", "80101", "4300", 320_000),
    ("wydatki", "80101", "4440", 520_000),
    ("wydatki", "80101", "6050", 2_100_000),
    ("wydatki", "80101", "6057", 1_200_000),
    ("wydatki", "80101", "6059", 300_000),
    ("wydatki", "80103", "4010", 900_000),
    ("wydatki", "80104", "4010", 2_600_000),
    ("wydatki", "80104", "4110", 460_000),
    ("wydatki", "80113", "4300", 900_000),
    ("wydatki", "80146", "4300", 60_000),
    ("wydatki", "80148", "4210", 520_000),
    ("wydatki", "80148", "4010", 380_000),
    ("wydatki", "85153", "4300", 15_000),
    ("wydatki", "85154", "4300", 180_000),
    ("wydatki", "85154", "4170", 45_000),
    ("wydatki", "85214", "3110", 260_000),
    ("wydatki", "85215", "3110", 60_000),
    ("wydatki", "85216", "3110", 380_000),
    ("wydatki", "85219", "4010", 1_150_000),
    ("wydatki", "85219", "4110", 200_000),
    ("wydatki", "85228", "4010", 280_000),
    ("wydatki", "85230", "3110", 180_000),
    ("wydatki", "85502", "3110", 4_300_000),
    ("wydatki", "85502", "4010", 160_000),
    ("wydatki", "85504", "4010", 120_000),
    ("wydatki", "90001", "4300", 420_000),
    ("wydatki", "90001", "6050", 4_500_000),
    ("wydatki", "90002", "4300", 4_850_000),
    ("wydatki", "90003", "4300", 260_000),
    ("wydatki", "90004", "4300", 210_000),
    ("wydatki", "90013", "4300", 90_000),
    ("wydatki", "90015", "4260", 680_000),
    ("wydatki", "90015", "4270", 150_000),
    ("wydatki", "92109", "2480", 1_450_000),
    ("wydatki", "92116", "2480", 720_000),
    ("wydatki", "92120", "4270", 120_000),
    ("wydatki", "92601", "4300", 180_000),
    ("wydatki", "92601", "6050", 1_600_000),
    ("wydatki", "92605", "2820", 280_000),
)


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}".replace(".", ",")


def budget_rows(
    rng: random.Random, *, year: int, data_as_of: datetime.date, growth: Decimal, executed: float
) -> list[dict[str, str]]:
    """The year's budget lines: the 2025 plan grown by ``growth``, executed about ``executed``."""
    rows = []
    for kind, chapter, paragraph, plan in BUDGET_2025:
        initial = (Decimal(plan) * growth * Decimal(rng.uniform(0.96, 1.06))).quantize(Decimal(100))
        amended = (initial * Decimal(rng.choice((1, 1, 1, 1.02, 1.05, 0.97, 1.1)))).quantize(
            Decimal("0.01")
        )
        share = executed * (
            rng.uniform(0.55, 0.95)
            if paragraph[:2] in ("60", "63")
            else rng.uniform(0.9, 1.04 if kind == "dochody" else 0.995)
        )
        rows.append(
            {
                "Rok": str(year),
                "Rodzaj": kind,
                "Dział": chapter[:3],
                "Rozdział": chapter,
                "Paragraf": paragraph,
                "Plan pierwotny": _money(initial),
                "Plan po zmianach": _money(amended),
                "Wykonanie": _money(amended * Decimal(share)),
                "Stan na dzień": data_as_of.isoformat(),
                "Wytworzył": "Referat Finansowy Urzędu Miejskiego w Zatorze",
                "Data wytworzenia": (data_as_of + datetime.timedelta(days=20)).isoformat(),
            }
        )
    return rows


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[dict[str, str]],
    *,
    encoding: str = "cp1250",
    progress=None,
) -> int:
    """Write rows as CSV in the Polish Excel dialect (``;``, CRLF), streamed; returns the count."""
    count = 0
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, delimiter=";", lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
            if progress is not None:
                progress.update(1)
    return count


def write_xlsx(path: Path, header: Sequence[str], rows: Iterable[dict[str, str]]) -> int:
    """Write rows to the first sheet of a workbook (openpyxl's streaming write-only mode)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dane")
    sheet.append(list(header))
    count = 0
    for row in rows:
        sheet.append([row.get(name, "") for name in header])
        count += 1
    workbook.save(path)
    return count


def write_json(path: Path, rows: Iterable[dict[str, str]]) -> int:
    """Write rows as a JSON list of objects (UTF-8), one object per line."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[\n")
        for row in rows:
            handle.write(("" if count == 0 else ",\n") + json.dumps(row, ensure_ascii=False))
            count += 1
        handle.write("\n]\n")
    return count
