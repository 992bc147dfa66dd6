"""The resident guide: numbered chapters, the guide pages and the PDF/A of the whole guide."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from wagtail.models import Page

from cms_pages.models import GuideChapterPage, GuidePage
from cms_pages.tests.guide_helpers import demo_guide

GUIDE_URL = "/informator/"
PDF_URL = "/informator/pdf/"


@pytest.fixture
def guide(demo_site) -> GuidePage:
    """The demo guide (five chapters, one with a sub-chapter) on the demo site."""
    return demo_guide(demo_site)


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return _normalise(text)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _first_sentence(chapter: GuideChapterPage) -> str:
    """The first sentence of the chapter's first paragraph, as plain text."""
    paragraph = next(block for block in chapter.body if block.block_type == "paragraph")
    text = re.sub(r"<[^>]+>", " ", paragraph.value.source)
    return _normalise(text).split(". ")[0]


def _add_chapter(parent: Page, *, title: str, slug: str, text: str) -> GuideChapterPage:
    chapter = GuideChapterPage(title=title, slug=slug, body=[("paragraph", f"<p>{text}</p>")])
    parent.add_child(instance=chapter)
    chapter.save_revision().publish()
    return chapter


def test_chapters_are_numbered_in_tree_order(guide):
    numbered = [(c.number, c.page.title) for c in guide.numbered_chapters()]
    assert numbered == [
        ("1", "Jak założyć profil zaufany"),
        ("1.1", "Potwierdzenie profilu zaufanego w urzędzie"),
        ("2", "Podatki i opłaty lokalne w e-Urzędzie"),
        ("3", "Wysyłanie pism do urzędu"),
        ("4", "Doręczenia elektroniczne"),
        ("5", "Pomoc i kontakt"),
    ]


def test_unpublished_chapter_and_its_published_subchapter_are_left_out(guide):
    first = GuideChapterPage.objects.get(slug="profil-zaufany")
    first.unpublish()  # the page only; its sub-chapter stays live
    assert GuideChapterPage.objects.get(slug="potwierdzenie-w-urzedzie").live
    numbered = [(c.number, c.page.slug) for c in guide.numbered_chapters()]
    assert numbered[0] == ("1", "podatki-i-oplaty")
    assert "potwierdzenie-w-urzedzie" not in [slug for _, slug in numbered]


def test_guide_page_lists_chapters_and_links_to_the_pdf_with_its_size(client, guide):
    response = client.get(GUIDE_URL)
    assert response.status_code == 200
    html = response.text
    assert f'href="{PDF_URL}"' in html
    link_text = re.search(r"Pobierz informator \(PDF, ([^)]+)\)", html)
    assert link_text, "the download link names the format and the size"
    assert re.fullmatch(r"[\d,.]+\s(bajtów|KB|MB)", link_text[1].replace("\xa0", " "))
    assert "1.1. Potwierdzenie profilu zaufanego w urzędzie" in html


def test_chapter_page_shows_its_number_and_the_next_chapter(client, guide):
    response = client.get("/informator/profil-zaufany/")
    assert response.status_code == 200
    assert "<h1>1. Jak założyć profil zaufany</h1>" in response.text
    assert "1.1. Potwierdzenie profilu zaufanego w urzędzie" in response.text  # sub-chapters
    assert 'rel="next" href="/informator/profil-zaufany/potwierdzenie-w-urzedzie/"' in (
        response.text
    )


def test_pdf_is_an_attachment_named_after_the_guide(client, guide):
    response = client.get(PDF_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="informator-informator.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_pdf_is_pdf_a_in_polish_with_the_guide_title(client, guide):
    content = client.get(PDF_URL).content
    reader = PdfReader(io.BytesIO(content))
    xmp = reader.xmp_metadata
    assert xmp is not None
    raw_xmp = xmp.stream.get_data().decode()
    assert re.search(r"pdfaid:part(>|=\")3", raw_xmp), "PDF/A part 3 is declared"
    assert re.search(r"pdfaid:conformance(>|=\")B", raw_xmp)
    assert "Informator dla mieszkańców" in raw_xmp  # dc:title
    assert reader.trailer["/Root"]["/Lang"] == "pl"
    assert "/StructTreeRoot" in reader.trailer["/Root"], "the PDF is tagged"


def test_pdf_embeds_the_dejavu_font(client, guide):
    reader = PdfReader(io.BytesIO(client.get(PDF_URL).content))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()
            fonts.add(str(descriptor["/BaseFont"]))
            for child in descriptor.get("/DescendantFonts", []):
                assert "/FontFile2" in child.get_object()["/FontDescriptor"]
    assert fonts, "the PDF has fonts"
    assert all("DejaVu" in name for name in fonts), fonts


def test_pdf_contains_every_chapter_title_and_a_sentence_of_each(client, guide):
    text = _pdf_text(client.get(PDF_URL).content)
    chapters = GuideChapterPage.objects.live().descendant_of(guide)
    assert chapters.count() == 6
    for chapter in chapters:
        assert chapter.title in text
        assert _first_sentence(chapter) in text, chapter.title
    assert "Spis treści" in text
    assert "1.1. Potwierdzenie profilu zaufanego w urzędzie" in text


def test_newly_published_chapter_appears_in_the_next_download(client, guide):
    before = _pdf_text(client.get(PDF_URL).content)
    assert "Zgłaszanie awarii oświetlenia" not in before
    _add_chapter(
        guide,
        title="Zgłaszanie awarii oświetlenia",
        slug="awarie",
        text="Awarię latarni zgłosisz formularzem w katalogu e-usług.",
    )
    after = _pdf_text(client.get(PDF_URL).content)
    assert "6. Zgłaszanie awarii oświetlenia" in after
    assert "Awarię latarni zgłosisz formularzem w katalogu e-usług." in after


def test_republished_chapter_text_replaces_the_old_text_in_the_pdf(client, guide):
    client.get(PDF_URL)  # fills the cache
    chapter = GuideChapterPage.objects.get(slug="pomoc")
    chapter.body = [("paragraph", "<p>Od czerwca punkt pomocy działa także w soboty.</p>")]
    chapter.save_revision().publish()
    text = _pdf_text(client.get(PDF_URL).content)
    assert "Od czerwca punkt pomocy działa także w soboty." in text
    assert "Przy stanowisku obsługi klienta" not in text


def test_unpublished_chapter_disappears_from_the_next_download(client, guide):
    client.get(PDF_URL)
    GuideChapterPage.objects.get(slug="doreczenia-elektroniczne").unpublish()
    text = _pdf_text(client.get(PDF_URL).content)
    assert "Doręczenia elektroniczne" not in text


def test_unchanged_guide_is_served_from_the_cache(guide, monkeypatch):
    from cms_pages import guide_pdf

    first = guide_pdf.guide_pdf(guide=guide)
    calls = []
    monkeypatch.setattr(guide_pdf, "render_guide_pdf", lambda **kwargs: calls.append(kwargs))
    assert guide_pdf.guide_pdf(guide=guide) == first
    assert calls == []


def test_draft_chapter_is_not_in_the_pdf(client, guide):
    draft = GuideChapterPage(
        title="Szkic rozdziału",
        slug="szkic",
        body=[("paragraph", "<p>Tekst jeszcze nie gotowy.</p>")],
        live=False,
    )
    guide.add_child(instance=draft)
    draft.save_revision()
    assert "Szkic rozdziału" not in _pdf_text(client.get(PDF_URL).content)


def test_pdf_fetches_only_its_fonts_never_addresses_from_the_content(guide, monkeypatch):
    import urllib.request

    from cms_pages import guide_pdf

    fetched = []
    original_open = urllib.request.OpenerDirector.open

    def recording_open(self, fullurl, *args, **kwargs):
        fetched.append(getattr(fullurl, "full_url", fullurl))
        return original_open(self, fullurl, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", recording_open)
    html = guide_pdf.guide_html(guide=guide).replace(
        "</body>", '<img src="http://example.invalid/x.png" alt=""></body>'
    )
    monkeypatch.setattr(guide_pdf, "guide_html", lambda **kwargs: html)
    assert guide_pdf.render_guide_pdf(guide=guide).startswith(b"%PDF-")
    assert fetched, "the fonts are read through the fetcher"
    assert all(url.startswith(guide_pdf.FONT_DIR.as_uri()) for url in fetched), fetched


def test_guide_accepts_only_chapters_and_lives_under_home_or_project():
    assert GuidePage.allowed_subpage_models() == [GuideChapterPage]
    parents = {model.__name__ for model in GuidePage.allowed_parent_page_models()}
    assert parents == {"HomePage", "ProjectPage"}
    chapter_parents = {model.__name__ for model in GuideChapterPage.allowed_parent_page_models()}
    assert chapter_parents == {"GuidePage", "GuideChapterPage"}
