"""News ("aktualności"): where the pages may go, what the lists show, and the home page."""

import re

import pytest
from wagtail.models import Page

from cms_pages.models import (
    ContentPage,
    EventIndexPage,
    EventPage,
    HomePage,
    NewsArticlePage,
    NewsIndexPage,
    NoticeIndexPage,
    NoticePage,
    ProjectPage,
)
from cms_pages.models.news import ITEMS_PER_PAGE

from .news_helpers import (
    days,
    delete_pages_of_types,
    demo_news_pages,
    demo_pages,
    make_article,
    make_image,
    make_news_index,
    make_notice,
    make_notice_index,
    publish_child,
)


@pytest.fixture
def pages(demo_site) -> dict[str, Page]:
    """The demo site's pages by key."""
    return demo_pages(demo_site)


@pytest.fixture
def news_index(demo_site) -> NewsIndexPage:
    """An empty news index under the home page."""
    return make_news_index(demo_site, slug="wiadomosci-testowe")


def _titles_in_order(html: str, titles: list[str]) -> list[str]:
    """The given titles sorted by where they appear in ``html`` (missing ones are left out)."""
    found = [title for title in titles if title in html]
    return sorted(found, key=html.index)


def test_news_index_may_be_created_under_the_home_page_and_the_project(pages):
    assert NewsIndexPage.can_create_at(pages["home"])
    assert NewsIndexPage.can_create_at(pages["project"])
    assert NewsIndexPage in HomePage.allowed_subpage_models()
    assert NewsIndexPage in ProjectPage.allowed_subpage_models()


def test_news_index_is_refused_under_content_pages(pages):
    assert not NewsIndexPage.can_create_at(pages["eurzad"])
    assert NewsIndexPage not in ContentPage.allowed_subpage_models()


def test_articles_go_only_under_a_news_index(pages, news_index):
    assert NewsArticlePage.can_create_at(news_index)
    assert not NewsArticlePage.can_create_at(pages["home"])
    assert not NewsArticlePage.can_create_at(pages["eurzad"])
    assert NewsIndexPage.allowed_subpage_models() == [NewsArticlePage]
    assert NewsArticlePage.allowed_subpage_models() == []


def test_news_index_lists_live_articles_newest_first(client, news_index):
    make_article(news_index, title="Starszy artykuł", date=days(-10))
    make_article(news_index, title="Najnowszy artykuł", date=days(-1))
    make_article(news_index, title="Środkowy artykuł", date=days(-5))
    draft = make_article(news_index, title="Szkic artykułu", date=days(0))
    draft.unpublish()

    html = client.get(news_index.url).text

    titles = ["Najnowszy artykuł", "Środkowy artykuł", "Starszy artykuł", "Szkic artykułu"]
    assert _titles_in_order(html, titles) == titles[:3]


def test_news_index_lists_only_its_own_articles(client, pages, news_index):
    project_news = make_news_index(pages["project"], slug="aktualnosci-projektu")
    make_article(project_news, title="Artykuł projektu", date=days(-1))
    make_article(news_index, title="Artykuł gminy", date=days(-2))

    html = client.get(news_index.url).text

    assert "Artykuł gminy" in html
    assert "Artykuł projektu" not in html


def test_news_index_shows_twenty_articles_per_page(client, news_index):
    for number in range(ITEMS_PER_PAGE + 5):
        make_article(news_index, title=f"Artykuł nr {number:02d}", date=days(-number))

    first = client.get(news_index.url)
    second = client.get(news_index.url, {"strona": 2})

    assert first.context["articles"].object_list[0].title == "Artykuł nr 00"
    assert len(first.context["articles"]) == ITEMS_PER_PAGE
    assert [a.title for a in second.context["articles"]] == [
        f"Artykuł nr {number:02d}" for number in range(ITEMS_PER_PAGE, ITEMS_PER_PAGE + 5)
    ]
    assert 'href="?strona=2"' in first.text
    assert 'href="?strona=1"' in second.text
    assert "Strona 2 z 2" in second.text


def test_news_index_with_a_wrong_page_number_shows_a_page_instead_of_failing(client, news_index):
    make_article(news_index, title="Jedyny artykuł", date=days(-1))
    assert "Jedyny artykuł" in client.get(news_index.url, {"strona": "abc"}).text
    assert "Jedyny artykuł" in client.get(news_index.url, {"strona": 99}).text


def test_empty_news_index_says_so(client, news_index):
    assert "Nie ma jeszcze aktualności." in client.get(news_index.url).text


def test_article_shows_its_date_lead_body_and_tags(client, news_index):
    article = NewsArticlePage(
        title="Nowy chodnik w Graboszycach",
        slug="nowy-chodnik",
        date=days(-3).replace(month=3, day=14),
        intro="Chodnik jest gotowy.",
        body=[("paragraph", "<p>Prace trwały dwa miesiące.</p>")],
    )
    article.tags.add("inwestycje", "drogi")
    publish_child(news_index, article)

    html = client.get(article.url).text

    assert "<h1>Nowy chodnik w Graboszycach</h1>" in html
    assert f'<time datetime="{article.date:%Y-%m-%d}">14 marca {article.date:%Y}</time>' in html
    assert "Chodnik jest gotowy." in html
    assert "Prace trwały dwa miesiące." in html
    assert "inwestycje" in html and "drogi" in html


def test_article_image_takes_its_alt_text_from_the_image_description(client, news_index):
    image = make_image(title="rynek.jpg", description="Rynek w Zatorze po remoncie")
    article = make_article(news_index, title="Rynek po remoncie", date=days(-1), image=image)

    html = client.get(article.url).text

    assert re.search(r'<img [^>]*alt="Rynek w Zatorze po remoncie"', html)


def test_article_image_without_description_uses_its_title_as_alt_text(news_index):
    image = make_image(title="Kościół św. Wojciecha")
    article = make_article(news_index, title="Zabytki", date=days(-1), image=image)
    assert article.image_alt == "Kościół św. Wojciecha"


def test_home_page_shows_the_three_latest_news_and_current_notices(client, demo_site):
    delete_pages_of_types(demo_site, NewsArticlePage, NoticePage)
    news_index = make_news_index(demo_site)  # the demo "aktualnosci", now without articles
    for number, offset in enumerate([-1, -2, -3, -4]):
        make_article(news_index, title=f"Wiadomość {number + 1}", date=days(offset))
    notices = make_notice_index(demo_site)  # the demo "ogloszenia", now without notices
    make_notice(notices, title="Ogłoszenie bieżące", valid_from=days(-1), valid_until=days(5))
    make_notice(notices, title="Ogłoszenie wygasłe", valid_from=days(-9), valid_until=days(-2))

    html = client.get("/").text

    titles = ["Wiadomość 1", "Wiadomość 2", "Wiadomość 3"]
    assert _titles_in_order(html, titles) == titles
    assert "Wiadomość 4" not in html
    assert "Ogłoszenie bieżące" in html
    assert "Ogłoszenie wygasłe" not in html
    assert f'href="{news_index.url}"' in html
    assert f'href="{notices.url}"' in html


def test_home_page_without_news_or_notices_renders_without_the_sections(client, demo_site):
    # No news or notice pages at all (the demo indexes go together with their items).
    delete_pages_of_types(demo_site, NewsIndexPage, NoticeIndexPage)
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert 'id="home-news-heading"' not in html
    assert 'id="home-notices-heading"' not in html


def test_home_page_with_empty_indexes_says_there_are_no_current_notices(client, demo_site):
    delete_pages_of_types(demo_site, NewsArticlePage, NoticePage)
    html = client.get("/").text
    assert 'id="home-news-heading"' not in html
    assert 'id="home-notices-heading"' in html
    assert "Nie ma obecnie aktualnych ogłoszeń." in html
    assert f'href="{make_notice_index(demo_site).url}"' in html


def test_home_page_shows_the_demo_news_and_notices(client, demo_site):
    html = client.get("/").text
    assert 'id="home-news-heading"' in html
    assert 'id="home-notices-heading"' in html
    assert "Podatki lokalne sprawdzisz w e-Urzędzie" in html  # the newest demo article


def test_demo_news_notices_and_events_load_and_render(client, demo_site):
    pages = demo_news_pages(demo_site)

    assert NewsArticlePage.objects.child_of(pages["news"]).count() == 6
    assert NewsArticlePage.objects.child_of(pages["project-news"]).count() == 2
    for key in ("news", "notices", "events", "project-news", "notice-consultation"):
        page = pages[key]
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert f"<h1>{page.title}</h1>" in response.text
    assert pages["project-news"].url == "/ezator/aktualnosci/"


def test_editors_can_open_the_add_forms_of_every_new_page_type(admin_client, demo_site):
    pages = demo_news_pages(demo_site)
    forms = [
        (NewsIndexPage, pages["home"]),
        (NewsArticlePage, pages["news"]),
        (NoticeIndexPage, pages["home"]),
        (NoticePage, pages["notices"]),
        (EventIndexPage, pages["home"]),
        (EventPage, pages["events"]),
    ]
    for model, parent in forms:
        url = f"/admin/pages/add/cms_pages/{model._meta.model_name}/{parent.pk}/"
        assert admin_client.get(url).status_code == 200, model.__name__
