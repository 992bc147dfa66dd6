"""Document libraries and what readers are told about each file (type and size)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from cms_pages.document_facts import document_summary
from cms_pages.models import DocumentCategory, DocumentLibraryItem, DocumentLibraryPage

from .demo_helpers import load_demo
from .media_helpers import make_document


@pytest.fixture(autouse=True)
def _polish():
    with translation.override("pl"):
        yield


@pytest.mark.django_db
def test_summary_gives_the_type_in_capitals_and_the_size_in_polish_format():
    assert document_summary(make_document("A", "plan.pdf", size=1_258_291)) == "PDF, 1,2\xa0MB"
    assert document_summary(make_document("B", "wniosek.DOCX", size=512)) == "DOCX, 512\xa0bajtów"


@pytest.mark.django_db
def test_summary_computes_a_missing_size_once_and_stores_it():
    document = make_document("C", "dane.csv", size=4096)
    type(document).objects.filter(pk=document.pk).update(file_size=None)
    document.refresh_from_db()
    assert document_summary(document) == "CSV, 4,0\xa0KB"
    document.refresh_from_db()
    assert document.file_size == 4096


@pytest.mark.django_db
@override_settings(WAGTAILDOCS_EXTENSIONS=["pdf", "odt"])
def test_library_rejects_a_file_type_the_portal_does_not_allow():
    item = DocumentLibraryItem(document=make_document("Makro", "makro.exe", size=10))
    with pytest.raises(ValidationError) as error:
        item.clean()
    assert "EXE" in error.value.message_dict["document"][0]
    DocumentLibraryItem(document=make_document("Plan", "plan.pdf", size=10)).clean()


def _library(parent, items):
    page = DocumentLibraryPage(
        title="Dokumenty", slug="dokumenty", intro="<p>Pliki urzędu.</p>", documents=items
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_library_groups_documents_by_category_in_a_fixed_order(client, demo_site):
    guide = make_document("Informator", "informator.pdf", size=20_000)
    form = make_document("Wniosek", "wniosek.odt", size=3_000)
    taxes = make_document("Stawki", "stawki.csv", size=700)
    page = _library(
        demo_site,
        [
            DocumentLibraryItem(document=guide, category=DocumentCategory.GUIDES),
            DocumentLibraryItem(document=taxes, category=DocumentCategory.TAXES),
            DocumentLibraryItem(
                document=form,
                category=DocumentCategory.FORMS,
                title="Wniosek o zaświadczenie",
                description="Składany w pokoju 4.",
            ),
        ],
    )
    assert [group.label for group in page.document_groups()] == [
        "Wnioski i formularze",
        "Podatki i opłaty lokalne",
        "Poradniki i informatory",
    ]
    html = client.get(page.url).text
    forms, taxes_at, guides = (
        html.index(">Wnioski i formularze</h2>"),
        html.index(">Podatki i opłaty lokalne</h2>"),
        html.index(">Poradniki i informatory</h2>"),
    )
    assert forms < taxes_at < guides
    assert "Wniosek o zaświadczenie" in html
    assert "(ODT, 2,9\xa0KB)" in html
    assert "(PDF, 19,5\xa0KB)" in html
    assert "Składany w pokoju 4." in html
    assert ">Uchwały i zarządzenia</h2>" not in html  # empty categories are left out


def test_empty_library_says_so(client, demo_site):
    page = _library(demo_site, [])
    assert "Nie ma jeszcze dokumentów do pobrania." in client.get(page.url).text


@pytest.mark.django_db
def test_demo_library_lists_real_pdf_odt_and_csv_files(client, settings, tmp_path):
    # Files on disk, so Wagtail's document view can serve them (it serves local files by path).
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    load_demo()
    page = DocumentLibraryPage.objects.get(slug="dokumenty-do-pobrania")
    assert page.get_parent().slug == "e-urzad"
    types = {item.file_type for item in page.documents.all()}
    assert types == {"PDF", "ODT", "CSV"}
    pdf = next(item.document for item in page.documents.all() if item.file_type == "PDF")
    with pdf.open_file() as file:
        assert file.read(5) == b"%PDF-"
    response = client.get(page.url)
    assert response.status_code == 200
    assert "(PDF, " in response.text and "(ODT, " in response.text
    download = client.get(pdf.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_demo_documents_are_created_once():
    from wagtail.documents import get_document_model

    from cms_pages.demo_documents import DEMO_DOCUMENTS, create_demo_documents

    load_demo()
    create_demo_documents()
    assert get_document_model().objects.count() == len(DEMO_DOCUMENTS)
