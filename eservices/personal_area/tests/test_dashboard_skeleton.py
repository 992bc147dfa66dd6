"""The dashboard is rendered once with markers and filled per request: nothing of one resident
may reach another, and the page is the one an uncached rendering gives."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from eservices import registry as registries
from eservices.personal_area.tests.residents import log_in, make_person, valid_pesel

from .plugins import build_registry

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
SECONDS = re.compile(r'data-seconds-left="\d+"')
HOLE_CSRF, HOLE_NAME = "\ue000csrf_token\ue001", "\ue000person_name\ue001"


def _normalised(html: str) -> str:
    """The page without what rightly differs between two requests of one resident."""
    return SECONDS.sub("data-seconds-left=…", CSRF.sub("csrf=…", html))


@pytest.fixture
def plugins(monkeypatch):
    monkeypatch.setattr(registries, "registry", build_registry())


def test_each_resident_sees_their_own_data_after_another_filled_the_cache(plugins):
    zofia = make_person(pesel=valid_pesel("8001010011"), given_name="Zofia", family_name="Nowak")
    jan = make_person(pesel=valid_pesel("9202020022"), given_name="Jan", family_name="Wiśniewski")
    zofia_html = log_in(Client(), zofia).get(reverse("personal-area")).content.decode()
    jan_html = log_in(Client(), jan).get(reverse("personal-area")).content.decode()

    assert "Zofia Nowak" in zofia_html and zofia.masked_pesel in zofia_html
    assert f"Rata dla osoby #{zofia.pk}: 120,00 zł" in zofia_html
    assert "Jan Wiśniewski" in jan_html and jan.masked_pesel in jan_html
    assert f"Rata dla osoby #{jan.pk}: 120,00 zł" in jan_html
    for trace in ("Zofia", "Nowak", zofia.masked_pesel, f"osoby #{zofia.pk}:"):
        assert trace not in jan_html
    assert "\ue000" not in jan_html and "\ue001" not in jan_html  # no marker left behind


def test_the_cached_page_equals_an_uncached_rendering(plugins, settings):
    resident = make_person(pesel=valid_pesel("7503030033"), given_name="Ala", family_name="Kot")
    client = log_in(Client(), resident)
    client.get(reverse("personal-area"))  # fills the cache
    cached = client.get(reverse("personal-area")).content.decode()

    settings.PAGE_CACHE_SECONDS = 0  # no part cached: every part rendered anew
    uncached = client.get(reverse("personal-area")).content.decode()

    assert _normalised(cached) == _normalised(uncached)


def test_each_resident_gets_their_own_csrf_token_and_their_forms_work(plugins):
    first = make_person(pesel=valid_pesel("6504040044"), given_name="Olga", family_name="Lis")
    second = make_person(pesel=valid_pesel("6605050055"), given_name="Piotr", family_name="Sowa")
    tokens = {}
    for person in (first, second):
        client = log_in(Client(enforce_csrf_checks=True), person)
        html = client.get(reverse("personal-area")).content.decode()
        found = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
        assert len(found) == 1  # one token per page, in every form
        tokens[person.pk] = found.pop()
        assert re.search(r'data-seconds-left="(\d+)"', html).group(1) != "0"
        assert 'name="next" value="/moj-e-urzad/"' in html
        # The page's own token is accepted: logging out with it works.
        response = client.post(reverse("logout"), {"csrfmiddlewaretoken": tokens[person.pk]})
        assert response.status_code == 302
    assert tokens[first.pk] != tokens[second.pk]


def test_the_residents_name_is_escaped_where_the_marker_was(plugins):
    resident = make_person(
        pesel=valid_pesel("5505050055"), given_name="<script>alert(1)</script>", family_name="X"
    )
    html = log_in(Client(), resident).get(reverse("personal-area")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_seconds_left_are_those_of_each_request(plugins, settings):
    settings.RESIDENT_SESSION_IDLE_SECONDS = 900
    settings.RESIDENT_SESSION_ABSOLUTE_SECONDS = 1000  # binds after 100 s
    with time_machine.travel("2026-11-29 10:00:00+00:00", tick=False) as clock:
        resident = make_person(pesel=valid_pesel("7707070077"), given_name="Iga", family_name="Lew")
        client = log_in(Client(), resident)
        first = client.get(reverse("personal-area")).content.decode()
        clock.shift(300)
        later = client.get(reverse("personal-area")).content.decode()

    assert 'data-seconds-left="900"' in first
    assert 'data-seconds-left="700"' in later


def test_a_card_holding_a_marker_does_not_receive_anything(monkeypatch):
    from eservices.personal_area.cards import PersonalAreaCard

    from .plugins import build_registry as plugins_with

    registry = plugins_with()
    taxes = next(plugin for plugin in registry if plugin.identifier == "test-taxes")
    monkeypatch.setattr(
        type(taxes),
        "personal_area_cards",
        lambda self, *, request, person: [
            PersonalAreaCard(title=f"Tytuł {HOLE_CSRF} {HOLE_NAME}", summary="")
        ],
    )
    monkeypatch.setattr(registries, "registry", registry)
    resident = make_person(pesel=valid_pesel("8210100010"), given_name="Eryk", family_name="Zięba")
    html = log_in(Client(), resident).get(reverse("personal-area")).content.decode()

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert html.count(token) == html.count('name="csrfmiddlewaretoken"')  # only in the forms
    assert html.count("Eryk Zięba") == 1  # only where the name belongs


def test_a_query_string_is_dropped_by_a_redirect(plugins):
    resident = make_person(pesel=valid_pesel("8311110011"), given_name="Adam", family_name="Gil")
    client = log_in(Client(), resident)
    response = client.get(reverse("personal-area") + "?x=1")
    assert response.status_code == 302
    assert response["Location"] == reverse("personal-area")
