"""Notices ("ogłoszenia"): announcements valid for a period, then kept in an archive.

Which notices are current depends on today's date, and the anonymous page cache keeps a rendered
list (the notice index and the home page) for up to PAGE_CACHE_SECONDS (300 s by default). A
notice therefore moves to the archive at most five minutes after midnight of its last day; that
delay is acceptable for notices, so these pages are not excluded from the cache.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page, PageQuerySet
from wagtail.search import index

from ..blocks import BodyBlock
from ..metryka import MetrykaMixin
from .news import paginate

ARCHIVE_PARAMETER = "archiwum"


def current_notices(*, root: Page, today: datetime.date | None = None) -> PageQuerySet:
    """Live, public notices under ``root`` valid today, the most recently valid first."""
    today = today or timezone.localdate()
    return (
        NoticePage.objects.descendant_of(root)
        .live()
        .public()
        .filter(valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("-valid_from", "-pk")
    )


def archived_notices(*, root: Page, today: datetime.date | None = None) -> PageQuerySet:
    """Live, public notices under ``root`` whose validity has ended, the latest ended first."""
    today = today or timezone.localdate()
    return (
        NoticePage.objects.descendant_of(root)
        .live()
        .public()
        .filter(valid_until__lt=today)
        .order_by("-valid_until", "-valid_from", "-pk")
    )


class NoticeIndexPage(MetrykaMixin, Page):
    """The notices of the office: current ones, and the archive on ``?archiwum=1``."""

    intro = models.TextField(_("wstęp"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro"), MetrykaMixin.metryka_panel]
    api_fields = [APIField("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms_pages.HomePage", "cms_pages.ContentPage"]
    subpage_types = ["cms_pages.NoticePage"]

    class Meta:
        verbose_name = _("lista ogłoszeń")
        verbose_name_plural = _("listy ogłoszeń")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        """Add one page of current notices, or of archived ones on ``?archiwum=1``."""
        context = super().get_context(request, *args, **kwargs)
        show_archive = request.GET.get(ARCHIVE_PARAMETER) == "1"
        select = archived_notices if show_archive else current_notices
        context["show_archive"] = show_archive
        context["notices"] = paginate(request, select(root=self))
        return context


class NoticePage(MetrykaMixin, Page):
    """One notice, shown as current between its two dates ("ogłoszenie")."""

    valid_from = models.DateField(_("ważne od"), default=timezone.localdate)
    valid_until = models.DateField(
        _("ważne do"),
        null=True,
        blank=True,
        help_text=_("Ostatni dzień ważności; puste – ogłoszenie bezterminowe."),
    )
    intro = models.TextField(
        _("wstęp"),
        max_length=600,
        help_text=_(
            "Krótkie streszczenie: pokazywane na listach, w kanałach RSS i przy udostępnianiu."
        ),
    )
    body = StreamField(BodyBlock(), verbose_name=_("treść"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")], heading=_("Ważność")),
        FieldPanel("intro"),
        FieldPanel("body"),
        MetrykaMixin.metryka_panel,
    ]
    api_fields = [
        APIField("valid_from"),
        APIField("valid_until"),
        APIField("intro"),
        APIField("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("valid_from"),
        index.FilterField("valid_until"),
    ]
    parent_page_types = ["cms_pages.NoticeIndexPage"]
    subpage_types: list[str] = []
    #: Open Graph type of the page (see includes/head_meta.html).
    og_type = "article"

    class Meta:
        verbose_name = _("ogłoszenie")
        verbose_name_plural = _("ogłoszenia")

    def clean(self) -> None:
        """The validity cannot end before it begins."""
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {
                    "valid_until": _(
                        "Data „ważne do” nie może być wcześniejsza niż data „ważne od”."
                    )
                },
                code="valid_until_before_valid_from",
            )

    def is_archived(self, today: datetime.date | None = None) -> bool:
        """True once the last day of validity has passed ("archiwalne")."""
        today = today or timezone.localdate()
        return self.valid_until is not None and self.valid_until < today

    @property
    def archived(self) -> bool:
        """Whether the notice is archived today (for templates)."""
        return self.is_archived()
