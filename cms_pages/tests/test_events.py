"""Events ("wydarzenia"): upcoming first, past on request, time and place shown."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Page

from cms_pages.models import EventIndexPage, EventPage

from .news_helpers import delete_pages_of_types, demo_pages, publish_child


@pytest.fixture
def pages(demo_site) -> dict[str, Page]:
    """The demo site's pages by key."""
    return demo_pages(demo_site)


@pytest.fixture
def events(demo_site) -> EventIndexPage:
    """The demo events index under the home page, emptied of the demo events."""
    delete_pages_of_types(demo_site, EventPage)
    index = EventIndexPage.objects.child_of(demo_site).get(slug="wydarzenia")
    assert not index.get_children().exists()
    return index


def _at(days: int, hour: int = 0) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days, hours=hour)


def _event(index: Page, title: str, start: datetime.datetime, end=None, **fields) -> EventPage:
    fields.setdefault("place", "Rynek w Zatorze")
    fields.setdefault("intro", f"Wstęp: {title}")
    slug = f"wydarzenie-{EventPage.objects.count()}"
    return publish_child(index, EventPage(title=title, slug=slug, start=start, end=end, **fields))


def test_event_index_may_be_created_under_the_home_page_and_content_pages(pages):
    assert EventIndexPage.can_create_at(pages["home"])
    assert EventIndexPage.can_create_at(pages["eurzad"])
    assert not EventIndexPage.can_create_at(pages["project"])


def test_events_go_only_under_an_event_index(pages, events):
    assert EventPage.can_create_at(events)
    assert not EventPage.can_create_at(pages["home"])
    assert EventIndexPage.allowed_subpage_models() == [EventPage]


def test_event_cannot_end_before_it_starts(db):  # a Page looks up its content type
    event = EventPage(title="x", slug="x", place="y", intro="z", start=_at(2), end=_at(1))
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "end" in error.value.message_dict


def test_event_index_lists_upcoming_events_soonest_first(client, events):
    _event(events, "Dni Karpia", _at(30), _at(31))
    _event(events, "Sesja Rady Miejskiej", _at(3), _at(3, 4))
    _event(events, "Trwający kiermasz", _at(-1), _at(1))
    _event(events, "Dawny koncert", _at(-20), _at(-20, 2))

    response = client.get(events.url)

    assert [e.title for e in response.context["events"]] == [
        "Trwający kiermasz",
        "Sesja Rady Miejskiej",
        "Dni Karpia",
    ]
    assert "Dawny koncert" not in response.text


def test_event_index_lists_past_events_on_request_latest_first(client, events):
    _event(events, "Dni Karpia", _at(30), _at(31))
    _event(events, "Koncert sprzed miesiąca", _at(-30), _at(-30, 2))
    _event(events, "Spotkanie sprzed tygodnia", _at(-7))  # no end: past once started

    response = client.get(events.url, {"minione": "1"})

    assert [e.title for e in response.context["events"]] == [
        "Spotkanie sprzed tygodnia",
        "Koncert sprzed miesiąca",
    ]
    assert 'href="/wydarzenia/?minione=1" aria-current="page"' in response.text


def test_event_page_shows_when_and_where(client, events):
    start = timezone.make_aware(datetime.datetime(2031, 6, 14, 10, 0))
    event = _event(
        events,
        "Dni Karpia",
        start,
        start + datetime.timedelta(hours=8),
        place="Rynek w Zatorze",
        address="pl. Marszałka J. Piłsudskiego, 32-640 Zator",
    )

    html = client.get(event.url).text

    assert "<h1>Dni Karpia</h1>" in html
    assert "14 czerwca 2031, 10:00" in html
    assert f'<time datetime="{start.isoformat()}">' in html
    assert ">18:00</time>" in html
    assert "pl. Marszałka J. Piłsudskiego, 32-640 Zator" in html
    assert "już się odbyło" not in html


def test_past_event_page_says_it_has_taken_place(client, events):
    event = _event(events, "Dawny koncert", _at(-3), _at(-3, 2))
    assert "To wydarzenie już się odbyło." in client.get(event.url).text
