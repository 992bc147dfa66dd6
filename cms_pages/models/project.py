"""The site of a funded project (the eZator project) with its programme attribution."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock
from ..metryka import MetrykaMixin


class ProjectPage(MetrykaMixin, Page):
    """The site of a funded project, with its programme attribution ("strona projektu")."""

    intro = models.TextField(_("wstęp"), blank=True, max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("treść"), blank=True)
    programme = models.CharField(
        _("program"),
        max_length=255,
        help_text=_("Np. Małopolski Regionalny Program Operacyjny na lata 2007–2013."),
    )
    funding_statement = models.TextField(
        _("informacja o współfinansowaniu"),
        help_text=_("Treść wymaganej informacji o współfinansowaniu ze środków Unii Europejskiej."),
    )
    website = models.URLField(_("adres serwisu projektu"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("programme"), FieldPanel("funding_statement"), FieldPanel("website")],
            heading=_("Finansowanie"),
        ),
        MetrykaMixin.metryka_panel,
    ]
    api_fields = [
        APIField("intro"),
        APIField("body"),
        APIField("programme"),
        APIField("funding_statement"),
        APIField("website"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("funding_statement"),
    ]
    parent_page_types = ["cms_pages.HomePage"]
    subpage_types = [
        "cms_pages.ContentPage",
        "cms_pages.NewsIndexPage",
        "cms_pages.GuidePage",
        "cms_pages.DocumentLibraryPage",
    ]

    class Meta:
        verbose_name = _("strona projektu")
        verbose_name_plural = _("strony projektów")
