"""Benchmark content on top of the demo site: a heavy content page and 200 news articles.

Run inside the benchmark's Django environment: ``python -m tests.bench.content``.
"""

from __future__ import annotations

import datetime

HEAVY_SLUG = "bench-tresc"
NEWS_TOTAL = 200

LOREM = (
    "Urząd Miejski w Zatorze informuje, że wnioski można składać przez internet, w biurze "
    "podawczym albo pocztą. Do wniosku należy dołączyć dokumenty wymienione w karcie usługi; "
    "opłatę skarbową wnosi się na rachunek gminy. <b>Termin</b> załatwienia sprawy wynosi "
    "do 30 dni, a w sprawach szczególnie skomplikowanych do 60 dni. "
)


def _heavy_body() -> list[tuple[str, object]]:
    body: list[tuple[str, object]] = []
    for section in range(1, 13):
        body.append(("heading", {"text": f"Rozdział {section}: sprawy urzędowe", "level": "h2"}))
        body.append(("paragraph", f"<p>{LOREM * 3}</p><ul><li>{LOREM}</li><li>{LOREM}</li></ul>"))
        body.append(
            (
                "cards",
                {
                    "heading": f"Usługi – część {section}",
                    "cards": [
                        {
                            "title": f"Usługa {section}.{n}",
                            "text": LOREM[:180],
                            "page": None,
                            "url": f"https://example.org/usluga/{section}/{n}",
                        }
                        for n in range(1, 7)
                    ],
                },
            )
        )
        body.append(
            (
                "accordion",
                {
                    "heading": f"Pytania – część {section}",
                    "questions": [
                        {"question": f"Pytanie {section}.{n}?", "answer": f"<p>{LOREM}</p>"}
                        for n in range(1, 6)
                    ],
                },
            )
        )
        body.append(
            (
                "call_to_action",
                {
                    "text": "Załatw sprawę przez internet.",
                    "link_text": "Przejdź do formularza",
                    "page": None,
                    "url": "https://example.org/formularz",
                },
            )
        )
    return body


def create() -> None:
    """Add the heavy page and enough articles for a news index of 200."""
    from cms_pages.models import ContentPage, HomePage, NewsArticlePage, NewsIndexPage

    home = HomePage.objects.get(slug="gmina-zator")
    if not ContentPage.objects.filter(slug=HEAVY_SLUG).exists():
        page = ContentPage(
            title="Sprawy urzędowe od A do Z",
            slug=HEAVY_SLUG,
            intro="Strona z długą treścią do pomiarów wydajności.",
            body=_heavy_body(),
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    index = NewsIndexPage.objects.child_of(home).get(slug="aktualnosci")
    existing = NewsArticlePage.objects.child_of(index).count()
    today = datetime.date.today()
    for number in range(existing, NEWS_TOTAL):
        article = NewsArticlePage(
            title=f"Komunikat urzędu nr {number + 1}",
            slug=f"komunikat-{number + 1}",
            date=today - datetime.timedelta(days=number),
            intro=LOREM[:200],
            body=[("paragraph", f"<p>{LOREM}</p>")],
        )
        index.add_child(instance=article)
        article.save_revision().publish()
    print(f"bench content: heavy page /{HEAVY_SLUG}/, {NEWS_TOTAL} articles in /aktualnosci/")


if __name__ == "__main__":
    import django

    django.setup()
    create()
