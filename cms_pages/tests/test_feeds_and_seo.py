"""RSS/Atom feeds, robots.txt, the sitemap, and the canonical/Open Graph tags of pages."""

import xml.etree.ElementTree as ET

import pytest

from cms_pages.models import NewsArticlePage, NoticePage

from .news_helpers import (
    HeadMeta,
    days,
    delete_pages_of_types,
    make_article,
    make_image,
    make_news_index,
    make_notice,
    make_notice_index,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def news(demo_site):
    """The site's only articles (three) and notices (a current and an old one).

    The demo articles and notices are deleted; their index pages ("aktualnosci", "ogloszenia")
    are reused.
    """
    delete_pages_of_types(demo_site, NewsArticlePage, NoticePage)
    index = make_news_index(demo_site)
    make_article(index, title="Sesja Rady Miejskiej", date=days(-2), slug="sesja")
    make_article(index, title="Remont drogi", date=days(-5), slug="remont")
    make_article(index, title="Harmonogram odpadów", date=days(-9), slug="odpady")
    notices = make_notice_index(demo_site)
    make_notice(notices, title="Przerwa w dostawie wody", valid_from=days(-1), valid_until=days(2))
    make_notice(notices, title="Dawne konsultacje", valid_from=days(-40), valid_until=days(-10))
    return index


def _xml(response) -> ET.Element:
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 - our own output, not untrusted input


def test_news_rss_lists_articles_newest_first_with_absolute_links(client, news):
    response = client.get("/kanaly/aktualnosci.rss")
    channel = _xml(response).find("channel")

    assert response["Content-Type"].startswith("application/rss+xml")
    assert channel.findtext("title") == "Aktualności – Gmina Zator"
    assert channel.findtext("link") == "http://testserver/aktualnosci/"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Sesja Rady Miejskiej",
        "Remont drogi",
        "Harmonogram odpadów",
    ]
    assert items[0].findtext("link") == "http://localhost/aktualnosci/sesja/"
    assert items[0].findtext("description") == "Wstęp: Sesja Rady Miejskiej"
    assert items[0].findtext("pubDate")


def test_news_atom_lists_the_same_articles(client, news):
    feed = _xml(client.get("/kanaly/aktualnosci.atom"))

    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Sesja Rady Miejskiej",
        "Remont drogi",
        "Harmonogram odpadów",
    ]
    assert entries[0].find(f"{ATOM}link").get("href") == "http://localhost/aktualnosci/sesja/"
    assert entries[0].findtext(f"{ATOM}updated")


def test_news_feed_leaves_out_unpublished_articles(client, news):
    news.get_children().get(slug="remont").specific.unpublish()
    channel = _xml(client.get("/kanaly/aktualnosci.rss")).find("channel")
    assert "Remont drogi" not in [item.findtext("title") for item in channel.findall("item")]


@pytest.mark.parametrize("path", ["/kanaly/ogloszenia.rss", "/kanaly/ogloszenia.atom"])
def test_notice_feeds_list_only_current_notices(client, news, path):
    root = _xml(client.get(path))
    titles = [element.text for element in root.iter() if element.tag in {"title", f"{ATOM}title"}]
    assert "Przerwa w dostawie wody" in titles
    assert "Dawne konsultacje" not in titles


def test_pages_advertise_the_feeds(client, news):
    links = HeadMeta(client.get(news.url).text).links
    alternates = {(link["type"], link["href"]) for link in links if link.get("rel") == "alternate"}
    assert alternates == {
        ("application/rss+xml", "/kanaly/aktualnosci.rss"),
        ("application/atom+xml", "/kanaly/aktualnosci.atom"),
        ("application/rss+xml", "/kanaly/ogloszenia.rss"),
        ("application/atom+xml", "/kanaly/ogloszenia.atom"),
    }


def test_robots_txt_keeps_crawlers_out_of_admin_and_search_and_names_the_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    assert {line for line in lines if line.startswith("Disallow:")} == {
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /szukaj/",
        "Disallow: /en/szukaj/",
        "Disallow: /uk/szukaj/",
    }
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_sitemap_lists_the_articles(client, news):
    sitemap = _xml(client.get("/sitemap.xml"))
    locations = {url.findtext(f"{SITEMAP}loc") for url in sitemap.findall(f"{SITEMAP}url")}
    assert {
        "http://localhost/aktualnosci/",
        "http://localhost/aktualnosci/sesja/",
        "http://localhost/aktualnosci/remont/",
        "http://localhost/ezator/",
    } <= locations


def test_article_has_canonical_open_graph_and_twitter_tags(client, news):
    article = news.get_children().get(slug="sesja").specific
    article.search_description = ""
    article.save_revision().publish()

    head = HeadMeta(client.get(article.url).text)

    canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
    assert canonical == ["http://localhost/aktualnosci/sesja/"]
    assert head.meta["og:url"] == "http://localhost/aktualnosci/sesja/"
    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == "Sesja Rady Miejskiej"
    assert head.meta["og:description"] == "Wstęp: Sesja Rady Miejskiej"
    assert head.meta["og:locale"] == "pl_PL"
    assert head.meta["og:site_name"] == "Gmina Zator"
    assert head.meta["twitter:card"] == "summary"
    assert head.meta["twitter:title"] == "Sesja Rady Miejskiej"
    assert "og:image" not in head.meta


def test_article_with_an_image_shares_it_as_an_absolute_url(client, news):
    image = make_image(title="rynek", description="Rynek w Zatorze")
    article = make_article(news, title="Nowy rynek", date=days(0), slug="rynek", image=image)

    head = HeadMeta(client.get(article.url).text)

    assert head.meta["og:image"].startswith("http://testserver/")
    assert head.meta["og:image:width"] == "1200"
    assert head.meta["og:image:alt"] == "Rynek w Zatorze"
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["twitter:image"] == head.meta["og:image"]


def test_home_page_is_a_website_described_by_its_search_description(client, demo_site):
    head = HeadMeta(client.get("/").text)
    assert head.meta["og:type"] == "website"
    assert head.meta["og:description"] == demo_site.search_description
    assert head.meta["og:title"] == "Gmina Zator – strona główna"  # the SEO title


def test_canonical_address_keeps_the_listing_page_but_not_other_parameters(client, news):
    head = HeadMeta(client.get(news.url, {"strona": 2, "utm_source": "x"}).text)
    assert head.meta["og:url"] == "http://localhost/aktualnosci/?strona=2"
    first = HeadMeta(client.get(news.url, {"strona": 1}).text)
    assert first.meta["og:url"] == "http://localhost/aktualnosci/"
