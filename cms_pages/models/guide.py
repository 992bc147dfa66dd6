"""The resident guide ("informator dla mieszkańców"): a start page, nested chapters, a PDF.

The guide is the user manual of the office's e-services promised by the eZator project. Editors
write it as a tree of chapter pages under one guide page; residents read it page by page or
download the whole guide as one PDF/A file generated from the published chapters.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock
from ..metryka import MetrykaMixin


@dataclass(frozen=True)
class NumberedChapter:
    """A published chapter with its number in the guide ("1", "1.2") and its nesting level."""

    page: GuideChapterPage
    number: str

    @property
    def level(self) -> int:
        """1 for a chapter of the guide, 2 for its sub-chapter, and so on."""
        return self.number.count(".") + 1


@dataclass(frozen=True)
class ChapterNode:
    """A chapter with its sub-chapters, for nested contents lists."""

    chapter: NumberedChapter
    children: list[ChapterNode]


def chapter_tree(chapters: list[NumberedChapter], *, top_level: int = 1) -> list[ChapterNode]:
    """Nest numbered chapters (in reading order, starting at ``top_level``) under their parents."""
    roots: list[ChapterNode] = []
    open_nodes: list[ChapterNode] = []  # the path from the top level to the last node
    for chapter in chapters:
        node = ChapterNode(chapter=chapter, children=[])
        del open_nodes[chapter.level - top_level :]
        (open_nodes[-1].children if open_nodes else roots).append(node)
        open_nodes.append(node)
    return roots


class GuidePage(MetrykaMixin, RoutablePageMixin, Page):
    """The start page of the resident guide ("informator dla mieszkańców")."""

    intro = RichTextField(
        _("wstęp"), blank=True, features=["bold", "italic", "link", "document-link", "ul"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), MetrykaMixin.metryka_panel]
    api_fields = [APIField("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms_pages.HomePage", "cms_pages.ProjectPage"]
    subpage_types = ["cms_pages.GuideChapterPage"]

    class Meta:
        verbose_name = _("informator")
        verbose_name_plural = _("informatory")

    def numbered_chapters(self) -> list[NumberedChapter]:
        """The published, public chapters in reading (tree) order, numbered 1, 1.1, 1.2, 2 …

        A published chapter under an unpublished one is left out: residents cannot reach it
        from the guide, so it must not appear in the contents or the PDF either.
        """
        chapters = GuideChapterPage.objects.live().public().descendant_of(self).order_by("path")
        numbers: dict[str, str] = {self.path: ""}
        children_seen: dict[str, int] = {}
        numbered = []
        for chapter in chapters:
            parent_path = chapter.path[: -Page.steplen]
            if parent_path not in numbers:
                continue
            children_seen[parent_path] = children_seen.get(parent_path, 0) + 1
            prefix = numbers[parent_path]
            number = (
                f"{prefix}.{children_seen[parent_path]}"
                if prefix
                else str(children_seen[parent_path])
            )
            numbers[chapter.path] = number
            numbered.append(NumberedChapter(page=chapter, number=number))
        return numbered

    def pdf_url(self, request: HttpRequest | None = None) -> str:
        """The address of the guide's PDF download."""
        return self.get_url(request) + self.reverse_subpage("pdf")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        """The contents and, for a published guide, the PDF link with the file's size."""
        from ..guide_pdf import guide_pdf  # the PDF module imports these models

        context = super().get_context(request, *args, **kwargs)
        chapters = self.numbered_chapters()
        context["chapters"] = chapters
        context["chapter_tree"] = chapter_tree(chapters)
        if self.pk and self.live and chapters:
            pdf = guide_pdf(guide=self, request=request)
            context["pdf_url"] = self.pdf_url(request)
            context["pdf_size"] = filesizeformat(len(pdf))
        return context

    @path("pdf/", name="pdf")
    def pdf(self, request: HttpRequest) -> HttpResponse:
        """The whole guide as one PDF/A file, to download."""
        from ..guide_pdf import guide_pdf

        response = HttpResponse(
            guide_pdf(guide=self, request=request), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="informator-{self.slug}.pdf"'
        return response


class GuideChapterPage(MetrykaMixin, Page):
    """A chapter of the resident guide ("rozdział informatora"); chapters nest."""

    body = StreamField(BodyBlock(), verbose_name=_("treść"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body"), MetrykaMixin.metryka_panel]
    api_fields = [APIField("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["cms_pages.GuidePage", "cms_pages.GuideChapterPage"]
    subpage_types = ["cms_pages.GuideChapterPage"]

    class Meta:
        verbose_name = _("rozdział informatora")
        verbose_name_plural = _("rozdziały informatora")

    def guide(self) -> GuidePage | None:
        """The guide this chapter belongs to (None only for a chapter not yet in the tree)."""
        if not self.path:
            return None
        return GuidePage.objects.ancestor_of(self).order_by("-depth").first()

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        """The guide, this chapter's number, its sub-chapters and the previous and next ones."""
        context = super().get_context(request, *args, **kwargs)
        guide = self.guide()
        context["guide"] = guide
        chapters = guide.numbered_chapters() if guide else []
        position = next(
            (index for index, chapter in enumerate(chapters) if chapter.page.pk == self.pk),
            None,
        )
        if position is not None:
            current = chapters[position]
            context["number"] = current.number
            context["previous_chapter"] = chapters[position - 1] if position > 0 else None
            context["next_chapter"] = (
                chapters[position + 1] if position + 1 < len(chapters) else None
            )
            context["subchapters"] = chapter_tree(
                [
                    chapter
                    for chapter in chapters
                    if chapter.number.startswith(f"{current.number}.")
                ],
                top_level=current.level + 1,
            )
        return context
