"""Content pages: text, headings, cards and calls to action."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock
from ..metryka import MetrykaMixin


class ContentPage(MetrykaMixin, Page):
    """A page of text, cards and calls to action ("strona treści")."""

    intro = models.TextField(_("wstęp"), blank=True, max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("treść"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MetrykaMixin.metryka_panel,
    ]
    api_fields = [APIField("intro"), APIField("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms_pages.HomePage", "cms_pages.ContentPage", "cms_pages.ProjectPage"]
    subpage_types = [
        "cms_pages.ContentPage",
        "cms_pages.EServicePage",
        "cms_pages.ContactPage",
        "cms_pages.DocumentLibraryPage",
        "cms_pages.EServiceCataloguePage",
        "cms_pages.NoticeIndexPage",
        "cms_pages.EventIndexPage",
    ]

    class Meta:
        verbose_name = _("strona treści")
        verbose_name_plural = _("strony treści")
