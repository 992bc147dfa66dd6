"""The demo content command and the pages it creates."""

import html
import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from cms_pages.models import ContentPage, EServicePage, HomePage, ProjectPage


def _load(*args) -> str:
    out = io.StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_content_builds_the_site_tree_and_points_the_site_at_it():
    output = _load()
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert {p.title for p in home.get_children()} == {
        "e-Urząd",
        "Projekt eZator",
        "Aktualności",
        "Ogłoszenia",
        "Wydarzenia",
        "Kontakt",
        "Informator dla mieszkańców",
        "Deklaracja dostępności",
    }
    assert ContentPage.objects.count() == 4
    assert EServicePage.objects.get().plugin == "catalogue"
    assert "[37/37]" in output
    # Wagtail's placeholder page is gone.
    assert not Page.objects.filter(title__startswith="Welcome").exists()


@pytest.mark.django_db
def test_demo_content_is_idempotent_and_keeps_editors_changes():
    _load()
    project = ProjectPage.objects.get()
    project.title = "eZator – zmienione przez redaktora"
    project.save_revision().publish()
    output = _load()
    assert "0 nowych stron, 37 bez zmian" in output
    assert ProjectPage.objects.get().title == "eZator – zmienione przez redaktora"
    assert Page.objects.count() == 38  # root + 37


@pytest.mark.django_db
def test_if_empty_skips_a_site_with_content():
    _load()
    assert "pomijam" in _load("--if-empty")


@pytest.mark.django_db
def test_if_empty_loads_into_a_fresh_database():
    assert "37 nowych stron" in _load("--if-empty")


def test_every_demo_page_renders(client, demo_site):
    for page in Page.objects.live().filter(depth__gte=2).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", response.text, re.DOTALL)
        assert heading, page.url
        assert html.unescape(page.title) in html.unescape(re.sub(r"<[^>]+>", "", heading[1]))


def test_home_page_lists_the_three_areas(client, demo_site):
    text = client.get("/").text
    for title in ("Informacja publiczna", "Mój e-Urząd", "Formularze i dokumenty"):
        assert title in text
    assert 'href="/e-urzad/katalog-e-uslug/"' in text


def test_project_page_carries_the_eu_programme_attribution(client, demo_site):
    text = client.get("/ezator/").text
    assert "Małopolski Regionalny Program Operacyjny na lata 2007–2013" in text
    assert "Europejskiego Funduszu Rozwoju Regionalnego" in text
    assert "Koncepcja e-Urzędu rozumiana jest" in text
