"""Notices ("ogłoszenia"): their validity window, the archive and where they may go."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page

from cms_pages.models import NoticeIndexPage, NoticePage
from cms_pages.models.notices import archived_notices, current_notices

from .news_helpers import (
    days,
    delete_pages_of_types,
    demo_pages,
    make_notice,
    make_notice_index,
)


@pytest.fixture
def pages(demo_site) -> dict[str, Page]:
    """The demo site's pages by key."""
    return demo_pages(demo_site)


@pytest.fixture
def notices(demo_site) -> NoticeIndexPage:
    """The notice index under the home page (the demo one), without the demo notices."""
    delete_pages_of_types(demo_site, NoticePage)
    index = make_notice_index(demo_site)
    assert not index.get_children().exists()
    return index


def test_notice_index_may_be_created_under_the_home_page_and_content_pages(pages):
    assert NoticeIndexPage.can_create_at(pages["home"])
    assert NoticeIndexPage.can_create_at(pages["eurzad"])
    assert not NoticeIndexPage.can_create_at(pages["catalogue"])


def test_notices_go_only_under_a_notice_index(pages, notices):
    assert NoticePage.can_create_at(notices)
    assert not NoticePage.can_create_at(pages["home"])
    assert not NoticePage.can_create_at(pages["eurzad"])
    assert NoticeIndexPage.allowed_subpage_models() == [NoticePage]


def test_validity_cannot_end_before_it_begins(db):  # a Page looks up its content type
    notice = NoticePage(
        title="Ogłoszenie", slug="o", intro="x", valid_from=days(0), valid_until=days(-1)
    )
    with pytest.raises(ValidationError) as error:
        notice.clean()
    assert error.value.message_dict["valid_until"] == [
        "Data „ważne do” nie może być wcześniejsza niż data „ważne od”."
    ]


@pytest.mark.parametrize("valid_until", [0, 3, None])
def test_validity_may_end_on_its_first_day_later_or_never(db, valid_until):
    notice = NoticePage(
        title="Ogłoszenie",
        slug="o",
        intro="x",
        valid_from=days(0),
        valid_until=None if valid_until is None else days(valid_until),
    )
    notice.clean()  # does not raise


def test_current_notices_are_those_valid_today_most_recent_first(notices):
    make_notice(notices, title="ważne od dziś do dziś", valid_from=days(0), valid_until=days(0))
    make_notice(notices, title="bezterminowe", valid_from=days(-30), valid_until=None)
    make_notice(notices, title="od jutra", valid_from=days(1), valid_until=days(5))
    make_notice(notices, title="skończyło się wczoraj", valid_from=days(-5), valid_until=days(-1))
    make_notice(notices, title="trwa", valid_from=days(-3), valid_until=days(3))

    current = [notice.title for notice in current_notices(root=notices)]
    archived = [notice.title for notice in archived_notices(root=notices)]

    assert current == ["ważne od dziś do dziś", "trwa", "bezterminowe"]
    assert archived == ["skończyło się wczoraj"]


def test_is_archived_only_after_the_last_day(db):
    notice = NoticePage(valid_from=days(-5), valid_until=days(0))
    assert not notice.is_archived(today=days(0))
    assert notice.is_archived(today=days(1))
    assert not NoticePage(valid_from=days(-5), valid_until=None).is_archived(today=days(999))


def test_notice_index_shows_current_notices_by_default(client, notices):
    make_notice(notices, title="Przerwa w dostawie wody", valid_from=days(-1), valid_until=days(2))
    make_notice(notices, title="Dawne konsultacje", valid_from=days(-40), valid_until=days(-10))

    html = client.get(notices.url).text

    assert "Przerwa w dostawie wody" in html
    assert "Dawne konsultacje" not in html
    assert "archiwalne" not in html.split("<main", 1)[1]


def test_notice_index_shows_the_archive_with_the_archived_mark(client, notices):
    make_notice(notices, title="Przerwa w dostawie wody", valid_from=days(-1), valid_until=days(2))
    make_notice(notices, title="Dawne konsultacje", valid_from=days(-40), valid_until=days(-10))

    html = client.get(notices.url, {"archiwum": "1"}).text

    assert "Dawne konsultacje" in html
    assert "Przerwa w dostawie wody" not in html
    assert '<span class="badge badge--archived">archiwalne</span>' in html
    assert 'href="/ogloszenia/?archiwum=1" aria-current="page"' in html


def test_expired_notice_page_carries_a_visible_archived_mark(client, notices):
    expired = make_notice(notices, title="Stare", valid_from=days(-9), valid_until=days(-1))
    current = make_notice(notices, title="Nowe", valid_from=days(-1), valid_until=days(1))

    assert "archiwalne" in client.get(expired.url).text
    assert "archiwalne" not in client.get(current.url).text.split("<main", 1)[1]


def test_notice_page_shows_its_validity_dates_in_polish(client, notices):
    notice = make_notice(
        notices,
        title="Zmiana godzin pracy kasy",
        valid_from=days(0).replace(month=1, day=5),
        valid_until=days(0).replace(month=2, day=7),
    )
    html = client.get(notice.url).text
    assert "5 stycznia" in html and "7 lutego" in html
