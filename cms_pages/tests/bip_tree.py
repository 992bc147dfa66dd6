"""A small page tree and two editors for the metryka and API tests (no demo content needed)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.documents.models import Document
from wagtail.models import Collection, Locale, Page, Site
from wagtail.rich_text import RichText

from cms_pages.models import ContentPage, HomePage, ProjectPage


@dataclass
class BipTree:
    """The home page, a content page published by Alice and edited by Bob, and a project page."""

    home: HomePage
    page: ContentPage
    project: ProjectPage
    alice: object
    bob: object


def make_editor(username: str, first_name: str, last_name: str):
    """An editor (allowed to publish) with a full name and an e-mail that must stay private."""
    return get_user_model().objects.create_user(
        username,
        email=f"{username}@zator.example.pl",
        password="x" * 16,
        first_name=first_name,
        last_name=last_name,
        is_staff=True,
        is_superuser=True,
    )


def build_tree(*, body_html: str = "<p>Stawki podatku od nieruchomości na 2026 rok.</p>"):
    """Create the tree: Alice creates and publishes the page, Bob renames it and edits the body."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage(title="Gmina Zator", slug="gmina-zator")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "Gmina Zator"},
    )
    alice = make_editor("akowalska", "Anna", "Kowalska")
    bob = make_editor("bnowak", "Bartosz", "Nowak")

    page = ContentPage(
        title="Podatki lokalne",
        slug="podatki-lokalne",
        intro="Stawki i terminy płatności.",
        body=[("paragraph", RichText(body_html))],
        information_producer="Referat Finansowy",
        owner=alice,
    )
    home.add_child(instance=page)
    page.save_revision(user=alice).publish(user=alice)

    page = ContentPage.objects.get(pk=page.pk)
    page.title = "Podatki i opłaty lokalne"
    page.body = [("paragraph", RichText("<p>Stawki na 2026 rok, po uchwale Rady Miejskiej.</p>"))]
    page.save_revision(user=bob).publish(user=bob)

    project = ProjectPage(
        title="Projekt eZator",
        slug="ezator",
        programme="Małopolski Regionalny Program Operacyjny na lata 2007–2013",
        funding_statement="Projekt współfinansowany przez Unię Europejską.",
    )
    home.add_child(instance=project)
    project.save_revision(user=alice).publish(user=alice)
    return BipTree(
        home=home, page=ContentPage.objects.get(pk=page.pk), project=project, alice=alice, bob=bob
    )


def make_document(*, user, title: str = "Uchwała budżetowa na 2026 rok") -> Document:
    """A small PDF uploaded by `user` into the root collection."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    document = Document(title=title, uploaded_by_user=user)
    document.file.save("uchwala-budzetowa-2026.pdf", ContentFile(b"%PDF-1.4 uchwala"), save=False)
    document.save()
    return document
