"""The StreamField blocks: validation, accessible markup and self-description for editors."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.typed_table_block.blocks import TypedTableBlockValidationError

from cms_pages.blocks import (
    AccordionBlock,
    BodyBlock,
    DataTableBlock,
    DocumentListBlock,
    FigureBlock,
    MapBlock,
)
from cms_pages.models import ContentPage

from .media_helpers import make_document, make_image

ZATOR = "pl. Marszałka J. Piłsudskiego 17, 32-640 Zator"


@pytest.fixture(autouse=True)
def _polish():
    with translation.override("pl"):
        yield


def _figure(**values):
    block = FigureBlock()
    return block, block.to_python({"alt_text": "", "decorative": False, "caption": "", **values})


@pytest.mark.django_db
def test_image_without_alt_text_that_is_not_decorative_is_rejected_in_polish():
    block, value = _figure(image=make_image().pk)
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    message = error.value.block_errors["alt_text"].messages[0]
    assert "Wpisz tekst alternatywny" in message


@pytest.mark.django_db
def test_image_of_only_spaces_as_alt_text_is_rejected():
    block, value = _figure(image=make_image().pk, alt_text="   ")
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


@pytest.mark.django_db
def test_decorative_image_is_valid_and_renders_an_empty_alt_even_if_text_was_typed():
    block, value = _figure(image=make_image().pk, decorative=True, alt_text="stary opis")
    html = block.render(block.clean(value))
    assert 'alt=""' in html
    assert "stary opis" not in html


@pytest.mark.django_db
def test_image_renders_alt_text_caption_and_responsive_renditions():
    block, value = _figure(
        image=make_image().pk, alt_text="Ratusz od strony rynku", caption="Ratusz"
    )
    html = block.render(block.clean(value))
    assert 'alt="Ratusz od strony rynku"' in html
    assert "<figcaption>Ratusz</figcaption>" in html
    assert "srcset=" in html
    assert "sizes=" in html


def _table(caption="Stawki podatku od nieruchomości"):
    block = DataTableBlock()
    value = block.to_python(
        {
            "caption": caption,
            "columns": [
                {"type": "row_heading", "heading": "Przedmiot"},
                {"type": "number", "heading": "Stawka (zł)"},
                {"type": "date", "heading": "Obowiązuje od"},
            ],
            "rows": [{"values": ["Grunty", "1234.5", "2026-01-01"]}],
        }
    )
    return block, value


def test_table_without_a_caption_is_rejected_in_polish():
    block, value = _table(caption="  ")
    with pytest.raises(TypedTableBlockValidationError) as error:
        block.clean(value)
    assert "Wpisz tytuł tabeli" in error.value.non_block_errors[0]
    # The editor sees it: the admin reads the error as JSON.
    assert "Wpisz tytuł tabeli" in str(error.value.as_json_data()["messages"])


def test_table_renders_caption_column_and_row_headers_and_polish_numbers():
    block, value = _table()
    html = block.render(block.clean(value))
    assert "<caption>Stawki podatku od nieruchomości</caption>" in html
    assert '<th scope="col">Przedmiot</th>' in html
    assert '<th scope="col">Stawka (zł)</th>' in html
    assert '<th scope="row">Grunty</th>' in html
    assert "1\xa0234,50" in html  # Polish thousands separator and decimal comma
    assert "1 stycznia 2026" in html
    assert value.row_data[0]["values"][1] == Decimal("1234.5")
    assert value.row_data[0]["values"][2] == datetime.date(2026, 1, 1)


def test_accordion_uses_native_details_and_summary():
    block = AccordionBlock()
    value = block.to_python(
        {
            "heading": "Pytania",
            "questions": [
                {"question": "Czy potrzebuję profilu zaufanego?", "answer": "<p>Nie zawsze.</p>"}
            ],
        }
    )
    html = block.render(value)
    assert "<summary>Czy potrzebuję profilu zaufanego?</summary>" in html
    assert html.count("<details") == 1
    assert "<p>Nie zawsze.</p>" in html


@pytest.mark.django_db
def test_document_list_shows_file_type_and_polish_size():
    document = make_document("Regulamin", "regulamin.pdf", size=1_258_291)
    block = DocumentListBlock()
    value = block.to_python(
        {"heading": "", "documents": [{"document": document.pk, "title": "Regulamin urzędu"}]}
    )
    html = block.render(value)
    assert "Regulamin urzędu" in html
    assert "(PDF, 1,2\xa0MB)" in html
    assert f'href="{document.url}"' in html


@pytest.mark.django_db
def test_document_list_falls_back_to_the_documents_own_title():
    document = make_document("Deklaracja DO-1", "deklaracja.odt", size=2048)
    block = DocumentListBlock()
    html = block.render(block.to_python({"documents": [{"document": document.pk, "title": ""}]}))
    assert "Deklaracja DO-1" in html
    assert "(ODT, 2,0\xa0KB)" in html


def test_map_links_to_an_openstreetmap_search_for_the_url_encoded_address():
    block = MapBlock()
    value = block.to_python({"address": "pl. Marszałka J. Piłsudskiego 17\n32-640 Zator"})
    html = block.render(value)
    expected = (
        "https://www.openstreetmap.org/search?query="
        "pl.%20Marsza%C5%82ka%20J.%20Pi%C5%82sudskiego%2017%2C%2032-640%20Zator"
    )
    assert value.map_url == expected
    assert f'href="{expected}"' in html
    assert "Pokaż na mapie OpenStreetMap" in html
    assert "<iframe" not in html and "<script" not in html


def test_map_links_to_the_coordinates_with_dots_even_in_polish():
    block = MapBlock()
    value = block.to_python({"address": ZATOR, "latitude": 49.9963, "longitude": 19.4378})
    assert value.map_url == (
        "https://www.openstreetmap.org/?mlat=49.996300&mlon=19.437800#map=18/49.996300/19.437800"
    )


def test_map_needs_both_coordinates_or_neither():
    block = MapBlock()
    value = block.to_python({"address": ZATOR, "latitude": 49.9963, "longitude": None})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "longitude" in error.value.block_errors


@pytest.mark.parametrize("name", list(BodyBlock().child_blocks))
def test_every_body_block_describes_itself_for_editors(name):
    block = BodyBlock().child_blocks[name]
    assert block.meta.icon
    assert block.meta.template.startswith("cms_pages/blocks/")
    assert block.label
    assert block.get_description()
    assert block.is_previewable


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["image", "table", "accordion", "documents", "map"])
def test_every_new_block_renders_its_preview_value(name):
    block = BodyBlock().child_blocks[name]
    block.render(block.get_preview_value())  # must not raise, even without chosen media


def test_body_keeps_the_existing_block_names():
    assert {"heading", "paragraph", "cards", "call_to_action"} <= set(BodyBlock().child_blocks)


def test_content_page_renders_every_new_block(client, demo_site):
    image = make_image()
    document = make_document("Informator", "informator.pdf", size=30_000)
    page = ContentPage(
        title="Wszystkie bloki",
        slug="wszystkie-bloki",
        body=[
            ("image", {"image": image, "alt_text": "Rynek", "decorative": False, "caption": ""}),
            (
                "table",
                {
                    "caption": "Godziny",
                    "columns": [{"type": "text", "heading": "Dzień"}],
                    "rows": [{"values": ["poniedziałek"]}],
                },
            ),
            ("accordion", {"heading": "", "questions": [{"question": "P?", "answer": "<p>O</p>"}]}),
            ("documents", {"heading": "Pliki", "documents": [{"document": document, "title": ""}]}),
            ("map", {"address": ZATOR, "latitude": None, "longitude": None}),
        ],
    )
    demo_site.add_child(instance=page)
    page.save_revision().publish()
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.text
    assert 'alt="Rynek"' in html
    assert "<caption>Godziny</caption>" in html
    assert "<summary>P?</summary>" in html
    assert "(PDF, 29,3\xa0KB)" in html
    assert "Pokaż na mapie OpenStreetMap" in html


@pytest.mark.parametrize("name", ["image", "table", "accordion", "documents", "map"])
def test_editors_get_a_styled_preview_of_every_new_block(admin_client, name):
    block = BodyBlock().child_blocks[name]
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )
    assert response.status_code == 200
    assert "css/portal.css" in response.text
