"""The municipality's home page."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock


class HomePage(Page):
    """The municipality's home page ("strona główna")."""

    intro = RichTextField(_("wstęp"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyBlock(), verbose_name=_("treść"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms_pages.ContentPage", "cms_pages.ProjectPage", "cms_pages.EServicePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("strona główna")
        verbose_name_plural = _("strony główne")
