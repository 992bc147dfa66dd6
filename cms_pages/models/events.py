"""Events ("wydarzenia"): what happens in the municipality, upcoming first.

Which events are upcoming depends on the current time, and the anonymous page cache keeps a
rendered list for up to PAGE_CACHE_SECONDS (300 s by default); an event that has just ended may
stay on the upcoming list for those few minutes, which is acceptable.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page, PageQuerySet
from wagtail.search import index

from ..blocks import BodyBlock
from ..metryka import MetrykaMixin
from .news import paginate

PAST_PARAMETER = "minione"


def upcoming_events(*, root: Page, now: datetime.datetime | None = None) -> PageQuerySet:
    """Live, public events under ``root`` that have not ended yet, the soonest first."""
    now = now or timezone.now()
    return (
        EventPage.objects.descendant_of(root)
        .live()
        .public()
        .filter(Q(end__gte=now) | Q(end__isnull=True, start__gte=now))
        .order_by("start", "pk")
    )


def past_events(*, root: Page, now: datetime.datetime | None = None) -> PageQuerySet:
    """Live, public events under ``root`` that have ended, the most recent first."""
    now = now or timezone.now()
    return (
        EventPage.objects.descendant_of(root)
        .live()
        .public()
        .annotate(finished=Coalesce("end", "start"))
        .filter(finished__lt=now)
        .order_by("-start", "-pk")
    )


class EventIndexPage(MetrykaMixin, Page):
    """The events calendar: upcoming events, and past ones on ``?minione=1``."""

    intro = models.TextField(_("wstęp"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro"), MetrykaMixin.metryka_panel]
    api_fields = [APIField("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms_pages.HomePage", "cms_pages.ContentPage"]
    subpage_types = ["cms_pages.EventPage"]

    class Meta:
        verbose_name = _("lista wydarzeń")
        verbose_name_plural = _("listy wydarzeń")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        """Add one page of upcoming events, or of past ones on ``?minione=1``."""
        context = super().get_context(request, *args, **kwargs)
        show_past = request.GET.get(PAST_PARAMETER) == "1"
        select = past_events if show_past else upcoming_events
        context["show_past"] = show_past
        context["events"] = paginate(request, select(root=self))
        return context


class EventPage(MetrykaMixin, Page):
    """One event with its time and place ("wydarzenie")."""

    start = models.DateTimeField(_("początek"))
    end = models.DateTimeField(
        _("koniec"),
        null=True,
        blank=True,
        help_text=_("Puste, gdy wydarzenie nie ma godziny końca."),
    )
    place = models.CharField(
        _("miejsce"), max_length=200, help_text=_("Np. Sala widowiskowa Centrum Kultury.")
    )
    address = models.CharField(
        _("adres"), max_length=255, blank=True, help_text=_("Ulica, numer, kod i miejscowość.")
    )
    intro = models.TextField(
        _("wstęp"),
        max_length=600,
        help_text=_("Krótkie streszczenie: pokazywane na listach i przy udostępnianiu."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("treść"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("place"),
                FieldPanel("address"),
            ],
            heading=_("Termin i miejsce"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
        MetrykaMixin.metryka_panel,
    ]
    api_fields = [
        APIField("start"),
        APIField("end"),
        APIField("place"),
        APIField("address"),
        APIField("intro"),
        APIField("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("place"),
        index.FilterField("start"),
    ]
    parent_page_types = ["cms_pages.EventIndexPage"]
    subpage_types: list[str] = []
    #: Open Graph type of the page (see includes/head_meta.html).
    og_type = "article"

    class Meta:
        verbose_name = _("wydarzenie")
        verbose_name_plural = _("wydarzenia")

    def clean(self) -> None:
        """An event cannot end before it starts."""
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError(
                {"end": _("Koniec wydarzenia nie może być wcześniejszy niż jego początek.")},
                code="end_before_start",
            )

    @property
    def is_past(self) -> bool:
        """True once the event has ended (or started, when it has no end)."""
        return (self.end or self.start) < timezone.now()
