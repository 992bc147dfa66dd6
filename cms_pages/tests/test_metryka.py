"""The BIP metryka and register of changes: derived correctly and shown on every page."""

from __future__ import annotations

import datetime
import functools

import pytest
from django.utils import timezone, translation
from wagtail.models import Page

from cms_pages.metryka import (
    DocumentMetryka,
    change_register,
    document_metryka,
    metryka_for_page,
    person_name,
)
from cms_pages.models import ContentPage

from .bip_tree import build_tree, make_document, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, otp_login):
    """The test client; its force_login also gives the admin's second factor (TOTP)."""
    client.force_login = functools.partial(otp_login, client)
    return client


@pytest.fixture
def tree():
    # Labels follow the active language; other tests may leave another one active.
    with translation.override("pl"):
        yield build_tree()


def test_register_lists_both_editors_in_order_with_the_changed_fields(tree):
    register = change_register(page=tree.page)

    assert [entry.user for entry in register] == ["Anna Kowalska", "Bartosz Nowak"]
    assert [entry.action for entry in register] == ["first_publish", "publish"]
    assert register[0].at <= register[1].at
    assert register[0].changed_fields == ()
    assert [field.name for field in register[1].changed_fields] == ["title", "body"]
    assert register[1].description == "Zmieniono: tytuł, treść."


def test_metryka_names_the_creator_as_entered_by_and_the_last_editor(tree):
    metryka = metryka_for_page(page=tree.page)

    assert metryka.entered_by == "Anna Kowalska"
    assert metryka.last_modified_by == "Bartosz Nowak"
    assert metryka.information_producer == "Referat Finansowy"
    assert metryka.published_at == tree.page.first_published_at
    assert metryka.last_modified_at == tree.page.last_published_at
    assert metryka.last_modified_at > metryka.published_at


def test_production_date_defaults_to_the_first_publication_day(tree):
    metryka = metryka_for_page(page=tree.page)
    assert metryka.information_produced_at == timezone.localdate(tree.page.first_published_at)

    tree.page.information_produced_at = datetime.date(2025, 12, 18)
    tree.page.save_revision(user=tree.alice).publish(user=tree.alice)
    assert metryka_for_page(page=tree.page).information_produced_at == datetime.date(2025, 12, 18)


def test_change_of_the_metryka_itself_is_registered_with_its_polish_name(tree):
    tree.page.information_producer = "Referat Podatków i Opłat"
    tree.page.save_revision(user=tree.alice).publish(user=tree.alice)

    last = change_register(page=tree.page)[-1]
    assert [field.label for field in last.changed_fields] == ["informację wytworzył(a)"]


def test_entered_by_falls_back_to_the_author_of_the_first_revision(tree):
    carol = make_editor("cwisniewska", "Celina", "Wiśniewska")
    page = ContentPage(title="Ogłoszenie", slug="ogloszenie")
    tree.home.add_child(instance=page)
    page.save_revision(user=carol).publish(user=carol)

    assert page.owner is None
    assert metryka_for_page(page=page).entered_by == "Celina Wiśniewska"


def test_editor_without_a_name_is_shown_as_the_newsroom_never_by_login_or_email(tree):
    anonymous_editor = make_editor("redaktor7", "", "")
    tree.page.intro = "Nowy wstęp."
    tree.page.save_revision(user=anonymous_editor).publish(user=anonymous_editor)

    last = change_register(page=tree.page)[-1]
    assert last.user == "Redakcja"
    assert person_name(None) == "Redakcja"


def test_drafts_are_not_public_and_do_not_enter_the_register(tree):
    tree.page.title = "Szkic zmiany"
    tree.page.save_revision(user=tree.bob, log_action=True)

    assert len(change_register(page=tree.page)) == 2


def test_withdrawal_from_publication_is_registered(tree):
    tree.page.unpublish(user=tree.bob)

    last = change_register(page=tree.page)[-1]
    assert last.action == "unpublish"
    assert last.user == "Bartosz Nowak"


def test_republishing_without_changes_says_so(tree):
    tree.page.save_revision(user=tree.bob).publish(user=tree.bob)

    last = change_register(page=tree.page)[-1]
    assert last.changed_fields == ()
    assert last.description == "Ponowna publikacja bez zmian treści."


def test_page_shows_the_metryka_and_the_register(client, tree):
    html = client.get(tree.page.url).text

    assert "<summary>Metryka i rejestr zmian</summary>" in html
    assert "Referat Finansowy" in html
    assert "<dd>Anna Kowalska</dd>" in html  # entered by
    assert "<caption>Rejestr zmian</caption>" in html
    assert '<th scope="col">Osoba</th>' in html
    assert html.index("Pierwsza publikacja") < html.index("Zmieniono: tytuł, treść.")
    assert "Bartosz Nowak" in html
    assert "akowalska" not in html  # neither the login
    assert "@zator.example.pl" not in html  # nor the e-mail address


def test_views_without_a_page_render_no_metryka(client, tree):
    response = client.get("/nie-ma-takiej-strony/")
    assert response.status_code == 404
    assert "Metryka i rejestr zmian" not in response.text


def test_any_page_type_has_a_metryka_even_without_the_mixin(tree):
    plain = Page(title="Strona techniczna", slug="techniczna")
    tree.home.add_child(instance=plain)
    plain.save_revision(user=tree.bob).publish(user=tree.bob)

    metryka = metryka_for_page(page=plain)
    assert metryka.information_producer == "Bartosz Nowak"  # no producer field: the one who entered


def test_document_metryka_comes_from_its_snippet_or_from_the_upload(tree):
    document = make_document(user=tree.alice)

    derived = document_metryka(document=document)
    assert derived.entered_by == "Anna Kowalska"
    assert derived.information_producer == "Anna Kowalska"
    assert derived.information_produced_at == timezone.localdate(document.created_at)

    DocumentMetryka.objects.create(
        document=document,
        information_producer="Skarbnik Gminy",
        information_produced_at=datetime.date(2025, 12, 30),
    )
    stored = document_metryka(document=document)
    assert stored.information_producer == "Skarbnik Gminy"
    assert stored.information_produced_at == datetime.date(2025, 12, 30)
    assert stored.entered_by == "Anna Kowalska"


def test_editors_record_a_document_metryka_in_the_snippet_form(client, tree):
    document = make_document(user=tree.alice)
    client.force_login(tree.bob)

    response = client.post(
        "/admin/snippets/cms_pages/documentmetryka/add/",
        {
            "document": document.pk,
            "information_producer": "Referat Gospodarki Komunalnej",
            "information_produced_at": "2026-01-15",
        },
    )

    assert response.status_code == 302, response.content[:2000]
    assert document.metryka.information_producer == "Referat Gospodarki Komunalnej"
    assert client.get("/admin/snippets/cms_pages/documentmetryka/").status_code == 200


def test_page_editor_has_the_metryka_panel(client, tree):
    client.force_login(tree.alice)
    html = client.get(f"/admin/pages/{tree.page.pk}/edit/").text
    assert "Metryka informacji publicznej" in html
    assert 'name="information_producer"' in html
    assert 'name="information_produced_at"' in html
