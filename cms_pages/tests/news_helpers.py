"""Builders shared by the tests of news, notices, events, feeds and SEO tags."""

from __future__ import annotations

import datetime
import io
from html.parser import HTMLParser

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from cms_pages import demo_content, demo_news
from cms_pages.models import NewsArticlePage, NewsIndexPage, NoticeIndexPage, NoticePage


def publish_child(parent: Page, page: Page) -> Page:
    """Add ``page`` under ``parent`` and publish it."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def demo_pages(home: Page) -> dict[str, Page]:
    """The demo pages by their spec keys, looked up under the demo home page."""
    pages: dict[str, Page] = {"home": home}
    for spec in demo_content.PAGES:
        pages[spec.key] = pages[spec.parent].get_children().get(slug=spec.slug).specific
    return pages


def demo_news_pages(home: Page) -> dict[str, Page]:
    """The demo news, notices and events (``demo_news.PAGES``) the demo loader created, by key.

    Fails (``DoesNotExist``) when the loader did not create one of them.
    """
    pages = demo_pages(home)
    for spec in demo_news.PAGES:
        pages[spec.key] = pages[spec.parent].get_children().get(slug=spec.slug).specific
    return pages


def delete_pages_of_types(root: Page, *models: type[Page]) -> None:
    """Delete every page of ``models`` under ``root`` (e.g. the demo articles or notices).

    For tests that must know exactly which items a list, feed or the home page may show; the
    index pages themselves stay.
    """
    for page in Page.objects.descendant_of(root).type(*models):
        page.delete()


def today() -> datetime.date:
    """Today in the portal's time zone."""
    return timezone.localdate()


def days(offset: int) -> datetime.date:
    """Today plus ``offset`` days."""
    return today() + datetime.timedelta(days=offset)


def make_news_index(parent: Page, *, title: str = "Aktualności", slug: str = "aktualnosci"):
    """The news index ``slug`` under ``parent``, published; reused when it exists already.

    The demo loader creates "aktualnosci" under the home page (with articles: see
    ``delete_pages_of_types``).
    """
    existing = NewsIndexPage.objects.child_of(parent).filter(slug=slug).first()
    return existing or publish_child(parent, NewsIndexPage(title=title, slug=slug))


def make_article(index: Page, *, title: str, date: datetime.date, **fields) -> NewsArticlePage:
    """A published article under ``index``."""
    fields.setdefault("intro", f"Wstęp: {title}")
    fields.setdefault("slug", f"artykul-{date:%Y%m%d}-{NewsArticlePage.objects.count()}")
    return publish_child(index, NewsArticlePage(title=title, date=date, **fields))


def make_notice_index(parent: Page) -> NoticeIndexPage:
    """The notice index "ogloszenia" under ``parent``, published; reused when it exists already.

    The demo loader creates it under the home page (with notices: see ``delete_pages_of_types``).
    """
    existing = NoticeIndexPage.objects.child_of(parent).filter(slug="ogloszenia").first()
    return existing or publish_child(parent, NoticeIndexPage(title="Ogłoszenia", slug="ogloszenia"))


def make_notice(
    index: Page, *, title: str, valid_from: datetime.date, valid_until: datetime.date | None
) -> NoticePage:
    """A published notice under ``index``."""
    return publish_child(
        index,
        NoticePage(
            title=title,
            slug=f"ogloszenie-{NoticePage.objects.count()}",
            valid_from=valid_from,
            valid_until=valid_until,
            intro=f"Wstęp: {title}",
        ),
    )


def make_image(*, title: str, description: str = ""):
    """A stored 1600×900 PNG image in Wagtail's image library."""
    # Wagtail's migrations create the root collection; tests run without migrations.
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), "#0b4f8a").save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title,
        description=description,
        collection=collection,
        file=ImageFile(buffer, name="zator.png"),
    )


class HeadMeta(HTMLParser):
    """Collects <meta> and <link> tags of an HTML document."""

    def __init__(self, html: str):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record meta tags by property/name, and every link tag."""
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and ("property" in values or "name" in values):
            self.meta[values.get("property") or values["name"]] = values.get("content", "")
        elif tag == "link":
            self.links.append(values)
