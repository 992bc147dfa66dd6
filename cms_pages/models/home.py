"""The municipality's home page."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock
from ..metryka import MetrykaMixin
from .news import NewsIndexPage, latest_news
from .notices import NoticeIndexPage, current_notices


class HomePage(MetrykaMixin, Page):
    """The municipality's home page ("strona główna")."""

    intro = RichTextField(_("wstęp"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyBlock(), verbose_name=_("treść"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MetrykaMixin.metryka_panel,
    ]
    api_fields = [APIField("intro"), APIField("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms_pages.ContentPage",
        "cms_pages.ProjectPage",
        "cms_pages.EServicePage",
        "cms_pages.ContactPage",
        "cms_pages.DocumentLibraryPage",
        "cms_pages.EServiceCataloguePage",
        "cms_pages.NewsIndexPage",
        "cms_pages.NoticeIndexPage",
        "cms_pages.EventIndexPage",
        "cms_pages.GuidePage",
        "cms_pages.AccessibilityStatementPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("strona główna")
        verbose_name_plural = _("strony główne")

    def get_context(self, request, *args, **kwargs) -> dict:
        """Add the three latest news and the current notices, with links to their lists."""
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = latest_news(root=self, limit=3)
        context["current_notices"] = current_notices(root=self)[:5]
        context["news_index"] = NewsIndexPage.objects.child_of(self).live().public().first()
        context["notice_index"] = (
            NoticeIndexPage.objects.descendant_of(self).live().public().first()
        )
        return context
