"""The render cache: page bodies and the metryka are shared by readers, yet always current."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template import Context, Template, engines
from django.template.loaders.cached import Loader as CachedLoader
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import format_html
from wagtail import blocks
from wagtail.blocks import StreamValue

from cms_pages.blocks import BodyBlock
from cms_pages.models import ContentPage, HomePage
from cms_pages.render_cache import (
    block_depends_on_request,
    page_fragment_key,
    render_page_stream,
)

SLUG = "sprawy-od-a-do-z"


class ReaderBlock(blocks.StaticBlock):
    """A block showing something of the reader's own (as a form with a CSRF token would)."""

    class Meta:
        depends_on_request = True

    def render_basic(self, value, context=None):
        return format_html("<p>czytelnik:{}</p>", context["request"].headers["X-Reader"])


class SharedReaderBlock(ReaderBlock):
    """The same block wrongly left shareable: the control that shows the cache is in use."""

    class Meta:
        depends_on_request = False


class FormBlock(blocks.StructBlock):
    """A block that holds a reader's block, the way a form block would hold its token."""

    intro = blocks.CharBlock()
    reader = ReaderBlock()

    def render_basic(self, value, context=None):
        return format_html(
            "<p>{}</p>{}", value["intro"], value.bound_blocks["reader"].render(context)
        )


class ReaderStream(blocks.StreamBlock):
    heading = BodyBlock.base_blocks["heading"]
    reader = ReaderBlock()
    shared_reader = SharedReaderBlock()
    form = FormBlock()


def _body(text: str, *, link_to=None) -> list[tuple[str, object]]:
    card = {"title": "Karta", "text": "Opis", "page": link_to, "url": ""}
    if link_to is None:
        card["url"] = "https://example.org/karta"
    return [
        ("heading", {"text": "Rozdział pierwszy", "level": "h2"}),
        ("paragraph", f"<p>{text}</p>"),
        ("cards", {"heading": "Usługi", "cards": [card]}),
        ("map", {"address": "pl. Marszałka J. Piłsudskiego 17"}),
    ]


@pytest.fixture
def content_page(demo_site: HomePage) -> ContentPage:
    page = ContentPage(title="Sprawy od A do Z", slug=SLUG, body=_body("Treść pierwsza."))
    demo_site.add_child(instance=page)
    page.save_revision().publish()
    return page


def _request(path: str = f"/{SLUG}/", reader: str = "anna"):
    request = RequestFactory().get(path, HTTP_X_READER=reader)
    request.COOKIES["sessionid"] = "czytelnik"
    return request


def test_the_cached_body_is_the_html_include_block_renders(content_page, reader_client):
    page = ContentPage.objects.get(pk=content_page.pk)
    request = _request()
    expected = Template("{% load wagtailcore_tags %}{% include_block page.body %}").render(
        Context({"page": page, "request": request})
    )
    miss = render_page_stream(page=page, field_name="body", context={"request": request})
    hit = render_page_stream(page=page, field_name="body", context={"request": request})
    assert miss == expected
    assert hit == expected
    # And the served page carries it, first rendered and then from the cache.
    assert expected in reader_client.get(f"/{SLUG}/").text
    assert expected in reader_client.get(f"/{SLUG}/").text


def test_a_second_view_takes_the_body_from_the_cache(content_page, reader_client):
    reader_client.get(f"/{SLUG}/")
    # A change behind the portal's back (no publish) is not seen: the body came from the cache.
    ContentPage.objects.filter(pk=content_page.pk).update(body=_body("Treść podmieniona."))
    response = reader_client.get(f"/{SLUG}/")
    assert "Treść pierwsza." in response.text
    assert "Treść podmieniona." not in response.text


def test_an_edit_and_publish_shows_the_new_body_at_once(content_page, reader_client):
    assert "Treść pierwsza." in reader_client.get(f"/{SLUG}/").text
    page = ContentPage.objects.get(pk=content_page.pk)
    page.body = _body("Treść poprawiona po publikacji.")
    page.save_revision().publish()
    response = reader_client.get(f"/{SLUG}/")
    assert "Treść poprawiona po publikacji." in response.text
    assert "Treść pierwsza." not in response.text


def test_a_saved_draft_does_not_change_the_published_body(content_page, reader_client):
    reader_client.get(f"/{SLUG}/")
    page = ContentPage.objects.get(pk=content_page.pk)
    page.body = _body("Szkic, jeszcze nie opublikowany.")
    page.save_revision()
    response = reader_client.get(f"/{SLUG}/")
    assert "Treść pierwsza." in response.text
    assert "Szkic" not in response.text


def test_publishing_a_linked_page_under_a_new_address_updates_the_link(demo_site, reader_client):
    target = ContentPage(title="Podatki", slug="podatki-lokalne", body=[])
    demo_site.add_child(instance=target)
    target.save_revision().publish()
    page = ContentPage(title="Sprawy od A do Z", slug=SLUG, body=_body("Tekst.", link_to=target))
    demo_site.add_child(instance=page)
    page.save_revision().publish()
    assert 'href="/podatki-lokalne/"' in reader_client.get(f"/{SLUG}/").text

    target.slug = "podatki-i-oplaty"
    target.save_revision().publish()
    response = reader_client.get(f"/{SLUG}/")
    assert 'href="/podatki-i-oplaty/"' in response.text
    assert "/podatki-lokalne/" not in response.text


def test_the_same_page_body_is_cached_per_language(content_page):
    page = ContentPage.objects.get(pk=content_page.pk)
    with translation.override("pl"):
        polish = render_page_stream(page=page, field_name="body", context={"request": _request()})
    with translation.override("en"):
        english = render_page_stream(page=page, field_name="body", context={"request": _request()})
    with translation.override("pl"):
        polish_again = render_page_stream(
            page=page, field_name="body", context={"request": _request()}
        )
    assert "Pokaż na mapie OpenStreetMap" in polish
    assert "Show on the OpenStreetMap map" in english
    assert "Pokaż na mapie" not in english
    assert polish_again == polish


def test_an_english_translation_shows_its_english_body(content_page, reader_client):
    from cms_pages.tests.language_helpers import translate

    home = HomePage.objects.get(pk=content_page.get_parent().pk)
    translate(home, "en", slug="zator-en")
    english = translate(
        ContentPage.objects.get(pk=content_page.pk), "en", body=_body("Text in English.")
    )
    polish = reader_client.get(f"/{SLUG}/")
    response = reader_client.get(english.get_url())
    assert response.status_code == 200
    assert "Text in English." in response.text
    assert "Show on the OpenStreetMap map" in response.text
    assert "Treść pierwsza." in polish.text
    assert "Pokaż na mapie OpenStreetMap" in polish.text


def _reader_page(content_page: ContentPage) -> ContentPage:
    page = ContentPage.objects.get(pk=content_page.pk)
    page.reader_body = StreamValue(
        ReaderStream(),
        [
            ("heading", {"text": "Formularz", "level": "h2"}),
            ("reader", None),
            ("shared_reader", None),
            ("form", {"intro": "Wypełnij", "reader": None}),
        ],
    )
    return page


def _render_for(page: ContentPage, request) -> str:
    return render_page_stream(page=page, field_name="reader_body", context={"request": request})


def test_a_block_depending_on_the_request_is_not_shared(content_page):
    first = _render_for(_reader_page(content_page), _request(reader="anna"))
    second = _render_for(_reader_page(content_page), _request(reader="jan"))
    assert first.count("czytelnik:anna") == 3
    # The marked block, alone or inside another block, shows each reader their own…
    assert second.count("czytelnik:jan") == 2
    # …while the wrongly shareable one came from the cache: the first reader's.
    assert second.count("czytelnik:anna") == 1
    assert "<h2>Formularz</h2>" in second
    assert "<p>Wypełnij</p>" in second


def test_request_dependence_is_found_inside_other_blocks():
    stream = ReaderStream()
    assert block_depends_on_request(stream.child_blocks["reader"])
    assert block_depends_on_request(stream.child_blocks["form"])
    assert not block_depends_on_request(stream.child_blocks["heading"])
    assert not any(block_depends_on_request(block) for block in BodyBlock().child_blocks.values())


def test_previews_are_never_cached(content_page):
    page = ContentPage.objects.get(pk=content_page.pk)
    request = _request()
    assert page_fragment_key(name="body", page=page, request=request) is not None
    request.is_preview = True
    assert page_fragment_key(name="body", page=page, request=request) is None
    assert page_fragment_key(name="body", page=page, request=None) is None


def test_a_preview_shows_the_draft_not_the_cached_body(content_page, reader_client):
    reader_client.get(f"/{SLUG}/")  # caches the published body
    page = ContentPage.objects.get(pk=content_page.pk)
    page.body = _body("Treść w podglądzie.")
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "Treść w podglądzie." in response.render().text
    assert "Treść pierwsza." in reader_client.get(f"/{SLUG}/").text


def test_a_second_view_reads_no_audit_log_for_the_metryka(content_page, reader_client):
    first = reader_client.get(f"/{SLUG}/")
    with CaptureQueriesContext(connection) as queries:
        second = reader_client.get(f"/{SLUG}/")
    assert not [q for q in queries.captured_queries if "wagtailcore_pagelogentry" in q["sql"]]
    assert "Metryka i rejestr zmian" in second.text
    assert second.content == first.content


def test_the_change_register_shows_a_new_publication_at_once(content_page, reader_client):
    assert "Publikacja zmian" not in reader_client.get(f"/{SLUG}/").text
    page = ContentPage.objects.get(pk=content_page.pk)
    page.intro = "Nowy wstęp."
    page.save_revision().publish()
    response = reader_client.get(f"/{SLUG}/")
    assert "Publikacja zmian" in response.text
    assert "Nowy wstęp." in response.text


def test_templates_come_from_the_cached_loader():
    loaders = engines["django"].engine.template_loaders
    assert [type(loader) for loader in loaders] == [CachedLoader]


def test_a_second_view_finds_its_page_without_walking_the_tree(content_page, reader_client):
    with CaptureQueriesContext(connection) as first:
        reader_client.get(f"/{SLUG}/")
    with CaptureQueriesContext(connection) as second:
        response = reader_client.get(f"/{SLUG}/")
    assert response.status_code == 200
    # The locale, the home page and the tree walk are remembered (cms_pages.page_routes).
    assert len(second.captured_queries) <= len(first.captured_queries) - 3


def test_a_moved_page_is_found_at_its_new_address_at_once(content_page, demo_site, reader_client):
    parent = ContentPage(title="Urząd", slug="urzad-dzial", body=[])
    demo_site.add_child(instance=parent)
    parent.save_revision().publish()
    assert reader_client.get(f"/{SLUG}/").status_code == 200
    ContentPage.objects.get(pk=content_page.pk).move(parent, pos="last-child")
    # The old address no longer finds the page; Wagtail's redirect (made by the move) answers.
    old_address = reader_client.get(f"/{SLUG}/")
    assert old_address.status_code == 301
    assert old_address["Location"] == f"/urzad-dzial/{SLUG}/"
    assert reader_client.get(f"/urzad-dzial/{SLUG}/").status_code == 200


def test_an_unpublished_page_is_gone_at_once(content_page, reader_client):
    assert reader_client.get(f"/{SLUG}/").status_code == 200
    ContentPage.objects.get(pk=content_page.pk).unpublish()
    assert reader_client.get(f"/{SLUG}/").status_code == 404


def test_a_private_page_stays_private_when_its_route_is_remembered(content_page, reader_client):
    from wagtail.models import PageViewRestriction

    assert reader_client.get(f"/{SLUG}/").status_code == 200
    PageViewRestriction.objects.create(
        page=content_page, restriction_type=PageViewRestriction.LOGIN
    )
    response = reader_client.get(f"/{SLUG}/")
    assert response.status_code == 302
    assert "Treść pierwsza." not in response.text


def test_a_new_site_root_is_served_at_once(content_page, reader_client):
    from wagtail.models import Site

    assert "Treść pierwsza." not in reader_client.get("/").text
    site = Site.objects.get(is_default_site=True)
    site.root_page = content_page
    site.save()
    assert "Treść pierwsza." in reader_client.get("/").text
