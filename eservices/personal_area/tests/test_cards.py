"""Plugins contribute cards to the dashboard; a failing one does not take it down."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from eservices.personal_area.cards import PersonalAreaCard, collect_cards

from .plugins import build_registry

pytestmark = pytest.mark.django_db


def test_a_plugin_contributes_no_cards_unless_it_says_so(anna):
    silent = build_registry().get("test-silent")
    assert "personal_area_cards" not in vars(type(silent))
    assert silent.personal_area_cards(request=RequestFactory().get("/"), person=anna) == ()


def test_cards_come_from_contributing_plugins_and_a_failure_is_marked(anna, caplog):
    sections = collect_cards(
        request=RequestFactory().get("/"), person=anna, plugins=build_registry()
    )

    by_plugin = {section.identifier: section for section in sections}
    assert set(by_plugin) == {"test-taxes", "test-broken"}
    assert by_plugin["test-taxes"].cards == (
        PersonalAreaCard(
            title="Do zapłaty",
            summary=f"Rata dla osoby #{anna.pk}: 120,00 zł",
            url="/moj-e-urzad/podatki/",
            icon="money",
        ),
    )
    assert by_plugin["test-broken"].unavailable
    assert by_plugin["test-broken"].cards == ()
    assert "test-broken failed: ConnectionError" in caplog.text
    assert "did not answer" not in caplog.text
    assert anna.family_name not in caplog.text
