"""RSS and Atom feeds of the news ("aktualności") and current notices ("ogłoszenia").

Each feed covers the site the request is for (a portal may serve several sites), and links point
at the pages' canonical addresses. The feeds are not in the page cache; they are cheap queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from .models import NewsArticlePage, NewsIndexPage, NoticeIndexPage, NoticePage
from .models.news import latest_news
from .models.notices import current_notices

FEED_LENGTH = 20


@dataclass(frozen=True)
class FeedSource:
    """The site a feed is built for, and the request (for links)."""

    site: Site
    request: HttpRequest

    @property
    def root(self) -> Page:
        """The site's home page."""
        return self.site.root_page

    @property
    def name(self) -> str:
        """The site's name, as editors set it in the admin."""
        return self.site.site_name or settings.WAGTAIL_SITE_NAME


def _source(request: HttpRequest) -> FeedSource:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site is configured for this host")
    return FeedSource(site=site, request=request)


def _start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight of ``day`` in the portal's time zone (feeds need a moment, pages have a date)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class NewsFeed(Feed):
    """The latest news of the site, RSS 2.0."""

    feed_type = Rss201rev2Feed
    description = _("Najnowsze aktualności Gminy Zator i projektu eZator.")
    language = "pl"

    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedSource:
        """The site of the request."""
        return _source(request)

    def title(self, obj: FeedSource) -> str:
        """The title: "Aktualności" and the site's name."""
        return _("Aktualności – %(site)s") % {"site": obj.name}

    def link(self, obj: FeedSource) -> str:
        """The site's news list, or its home page when it has none."""
        index = NewsIndexPage.objects.child_of(obj.root).live().public().first()
        return (index or obj.root).get_url(obj.request)

    def items(self, obj: FeedSource) -> list[NewsArticlePage]:
        """The newest articles of the site."""
        return list(latest_news(root=obj.root, limit=FEED_LENGTH))

    def item_title(self, item: NewsArticlePage) -> str:
        """The article's title."""
        return item.title

    def item_description(self, item: NewsArticlePage) -> str:
        """The article's lead."""
        return item.intro

    def item_link(self, item: NewsArticlePage) -> str:
        """The article's canonical address."""
        return item.get_full_url()

    def item_pubdate(self, item: NewsArticlePage) -> datetime.datetime:
        """The article's date."""
        return _start_of_day(item.date)

    def item_updateddate(self, item: NewsArticlePage) -> datetime.datetime:
        """When the article was last published (never earlier than its date)."""
        published = _start_of_day(item.date)
        return max(published, item.last_published_at or published)

    def item_categories(self, item: NewsArticlePage) -> list[str]:
        """The article's tags."""
        return [tag.name for tag in item.tags.all()]


class NewsAtomFeed(NewsFeed):
    """The latest news of the site, Atom 1.0."""

    feed_type = Atom1Feed
    subtitle = NewsFeed.description


class NoticeFeed(Feed):
    """The notices of the site valid today, RSS 2.0."""

    feed_type = Rss201rev2Feed
    description = _("Aktualne ogłoszenia Urzędu Miejskiego w Zatorze.")
    language = "pl"

    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedSource:
        """The site of the request."""
        return _source(request)

    def title(self, obj: FeedSource) -> str:
        """The title: "Ogłoszenia" and the site's name."""
        return _("Ogłoszenia – %(site)s") % {"site": obj.name}

    def link(self, obj: FeedSource) -> str:
        """The site's notice list, or its home page when it has none."""
        index = NoticeIndexPage.objects.descendant_of(obj.root).live().public().first()
        return (index or obj.root).get_url(obj.request)

    def items(self, obj: FeedSource) -> list[NoticePage]:
        """The current notices of the site."""
        return list(current_notices(root=obj.root)[:FEED_LENGTH])

    def item_title(self, item: NoticePage) -> str:
        """The notice's title."""
        return item.title

    def item_description(self, item: NoticePage) -> str:
        """The notice's lead."""
        return item.intro

    def item_link(self, item: NoticePage) -> str:
        """The notice's canonical address."""
        return item.get_full_url()

    def item_pubdate(self, item: NoticePage) -> datetime.datetime:
        """The first day of validity."""
        return _start_of_day(item.valid_from)

    def item_updateddate(self, item: NoticePage) -> datetime.datetime:
        """When the notice was last published (never earlier than its first day)."""
        published = _start_of_day(item.valid_from)
        return max(published, item.last_published_at or published)


class NoticeAtomFeed(NoticeFeed):
    """The notices of the site valid today, Atom 1.0."""

    feed_type = Atom1Feed
    subtitle = NoticeFeed.description
