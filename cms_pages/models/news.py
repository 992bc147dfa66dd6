"""News ("aktualności"): an index of articles, for the municipality and for the eZator project."""

from __future__ import annotations

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Page, PageQuerySet
from wagtail.search import index

from ..blocks import BodyBlock
from ..metryka import MetrykaMixin

#: Listings show this many items per page; the page number comes from ``?strona=``.
ITEMS_PER_PAGE = 20
PAGE_PARAMETER = "strona"


def paginate(request: HttpRequest, items: PageQuerySet) -> PaginatorPage:
    """One page of ``items`` chosen by ``?strona=`` (a wrong number gives the first or last)."""
    return Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get(PAGE_PARAMETER))


class NewsArticleTag(TaggedItemBase):
    """A tag given to a news article ("tag aktualności")."""

    content_object = ParentalKey(
        "cms_pages.NewsArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsIndexPage(MetrykaMixin, Page):
    """A list of news articles, newest first ("aktualności")."""

    intro = models.TextField(_("wstęp"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro"), MetrykaMixin.metryka_panel]
    api_fields = [APIField("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms_pages.HomePage", "cms_pages.ProjectPage"]
    subpage_types = ["cms_pages.NewsArticlePage"]

    class Meta:
        verbose_name = _("lista aktualności")
        verbose_name_plural = _("listy aktualności")

    def articles(self) -> PageQuerySet:
        """The live, public articles under this index, newest first."""
        return (
            NewsArticlePage.objects.child_of(self)
            .live()
            .public()
            .select_related("image")
            .order_by("-date", "-first_published_at", "-pk")
        )

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        """Add one page of articles (``articles``)."""
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate(request, self.articles())
        return context


class NewsArticlePage(MetrykaMixin, Page):
    """One news article with its date, lead, optional picture and tags ("aktualność")."""

    date = models.DateField(_("data"), default=timezone.localdate)
    intro = models.TextField(
        _("wstęp"),
        max_length=600,
        help_text=_(
            "Krótkie streszczenie: pokazywane na listach, w kanałach RSS i przy udostępnianiu."
        ),
    )
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("zdjęcie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Tekst alternatywny zdjęcia to jego opis (albo tytuł, gdy opisu nie ma)."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("treść"), blank=True)
    tags = ClusterTaggableManager(verbose_name=_("tagi"), through=NewsArticleTag, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("tags"),
        MetrykaMixin.metryka_panel,
    ]
    api_fields = [
        APIField("date"),
        APIField("intro"),
        APIField("image"),
        APIField("body"),
        APIField("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["cms_pages.NewsIndexPage"]
    subpage_types: list[str] = []
    #: Open Graph type of the page (see includes/head_meta.html).
    og_type = "article"

    class Meta:
        verbose_name = _("aktualność")
        verbose_name_plural = _("aktualności")

    @property
    def image_alt(self) -> str:
        """The picture's alternative text: its description, else its title."""
        if self.image is None:
            return ""
        return self.image.description or self.image.title


def latest_news(*, root: Page, limit: int = 3) -> PageQuerySet:
    """The newest live, public articles anywhere under ``root`` (for the home page)."""
    return (
        NewsArticlePage.objects.descendant_of(root)
        .live()
        .public()
        .select_related("image")
        .order_by("-date", "-first_published_at", "-pk")[:limit]
    )
