"""An editor-curated catalogue of e-services, as cards grouped by the three areas of the e-Urząd."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from eservices.base import Category

from ..blocks import EServiceCardBlock
from ..metryka import MetrykaMixin


class EServiceCardsBlock(blocks.StreamBlock):
    """The catalogue's cards; the page groups them by area, keeping the editor's order within."""

    service = EServiceCardBlock()


@dataclass(frozen=True)
class CatalogueArea:
    """The cards of one area of the catalogue."""

    category: Category
    cards: list[blocks.BoundBlock]

    @property
    def label(self) -> str:
        """The area's name."""
        return str(self.category.label)


class EServiceCataloguePage(MetrykaMixin, Page):
    """A catalogue of e-services written by editors ("katalog e-usług").

    Unlike the catalogue e-service plugin, which lists the installed plugins, this page can
    also describe services on other platforms (ePUAP, gov.pl) the office wants residents to find.
    """

    intro = RichTextField(_("wstęp"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(EServiceCardsBlock(), verbose_name=_("e-usługi"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MetrykaMixin.metryka_panel,
    ]
    api_fields = [APIField("intro"), APIField("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms_pages.HomePage", "cms_pages.ContentPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("katalog e-usług (redagowany)")
        verbose_name_plural = _("katalogi e-usług (redagowane)")

    def areas(self) -> list[CatalogueArea]:
        """The cards by area, areas in the fixed order of the e-Urząd, empty ones left out."""
        areas = []
        for category in Category:
            cards = [card for card in self.body if card.value.get("area") == category.value]
            if cards:
                areas.append(CatalogueArea(category=category, cards=cards))
        return areas
