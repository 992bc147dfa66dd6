"""The headless API under /api/v2/: pages with metryka, HTML rich text, documents, CORS."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import translation

from cms_pages.metryka import DocumentMetryka

from .bip_tree import build_tree, make_document

pytestmark = pytest.mark.django_db

FRONT_END = "https://mieszkancy.zator.example.pl"


@pytest.fixture
def tree():
    # Labels follow the active language; other tests may leave another one active.
    with translation.override("pl"):
        yield build_tree()


def test_page_detail_carries_the_metryka_and_the_register(client, tree):
    response = client.get(f"/api/v2/pages/{tree.page.pk}/")

    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "Podatki i opłaty lokalne"
    assert data["metryka"]["entered_by"] == "Anna Kowalska"
    assert data["metryka"]["information_producer"] == "Referat Finansowy"
    assert data["metryka"]["last_modified_by"] == "Bartosz Nowak"
    register = data["change_register"]
    assert [entry["user"] for entry in register] == ["Anna Kowalska", "Bartosz Nowak"]
    assert [field["name"] for field in register[1]["changed_fields"]] == ["title", "body"]
    assert register[1]["description"] == "Zmieniono: tytuł, treść."


def test_api_never_shows_logins_or_email_addresses(client, tree):
    text = client.get(f"/api/v2/pages/{tree.page.pk}/").text
    assert "@zator.example.pl" not in text
    assert "akowalska" not in text


def test_rich_text_in_the_body_is_html_with_internal_links_resolved(client, tree):
    page = tree.page
    page.body = [
        (
            "paragraph",
            f'<p>Zobacz <a linktype="page" id="{tree.project.pk}">projekt eZator</a>.</p>',
        )
    ]
    page.save_revision(user=tree.alice).publish(user=tree.alice)

    body = client.get(f"/api/v2/pages/{page.pk}/").json()["body"]

    assert body[0]["type"] == "paragraph"
    assert f'<a href="{tree.project.url}">projekt eZator</a>' in body[0]["value"]
    assert "linktype" not in body[0]["value"]


def test_stored_rich_text_format_is_still_available_on_request(client, tree):
    body = client.get(f"/api/v2/pages/{tree.page.pk}/?rich_text_format=db_html").json()["body"]
    assert body[0]["value"] == "<p>Stawki na 2026 rok, po uchwale Rady Miejskiej.</p>"


def test_listing_filters_by_type_and_returns_requested_fields(client, tree):
    response = client.get("/api/v2/pages/?type=cms_pages.ProjectPage&fields=programme")

    data = response.json()
    assert data["meta"]["total_count"] == 1
    [item] = data["items"]
    assert item["meta"]["type"] == "cms_pages.ProjectPage"
    assert item["programme"] == "Małopolski Regionalny Program Operacyjny na lata 2007–2013"


def test_project_detail_has_the_funding_fields(client, tree):
    data = client.get(f"/api/v2/pages/{tree.project.pk}/").json()
    assert data["funding_statement"] == "Projekt współfinansowany przez Unię Europejską."
    assert "programme" in data


def test_drafts_and_unpublished_pages_are_not_in_the_api(client, tree):
    tree.page.unpublish(user=tree.bob)
    assert client.get(f"/api/v2/pages/{tree.page.pk}/").status_code == 404


def test_api_is_read_only(client, tree):
    assert client.post("/api/v2/pages/", {"title": "x"}).status_code == 405


@override_settings(CORS_ALLOWED_ORIGINS=[FRONT_END])
def test_cors_header_is_sent_to_an_allowed_front_end(client, tree):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN=FRONT_END)
    assert response["Access-Control-Allow-Origin"] == FRONT_END


@override_settings(CORS_ALLOWED_ORIGINS=[FRONT_END])
def test_cors_header_is_absent_for_other_origins_and_outside_the_api(client, tree):
    other = client.get("/api/v2/pages/", HTTP_ORIGIN="https://obcy.example.com")
    page = client.get(tree.page.url, HTTP_ORIGIN=FRONT_END)
    assert "Access-Control-Allow-Origin" not in other
    assert "Access-Control-Allow-Origin" not in page


def test_documents_show_size_type_and_metryka(client, tree):
    document = make_document(user=tree.alice)
    DocumentMetryka.objects.create(
        document=document,
        information_producer="Skarbnik Gminy",
        information_produced_at=datetime.date(2025, 12, 30),
    )

    [item] = client.get("/api/v2/documents/").json()["items"]
    assert item["file_size"] == len(b"%PDF-1.4 uchwala")
    assert item["file_extension"] == "pdf"
    assert item["content_type"] == "application/pdf"

    detail = client.get(f"/api/v2/documents/{document.pk}/").json()
    assert detail["metryka"]["information_producer"] == "Skarbnik Gminy"
    assert detail["metryka"]["information_produced_at"] == "2025-12-30"
    assert detail["metryka"]["entered_by"] == "Anna Kowalska"
    assert "@zator.example.pl" not in str(detail)
