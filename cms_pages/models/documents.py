"""Document libraries: pages listing files to download, grouped by category."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..document_facts import document_file_size, document_file_type, document_summary
from ..metryka import MetrykaMixin


class DocumentCategory(models.TextChoices):
    """Sections of a document library, shown in this order ("kategoria dokumentu")."""

    FORMS = "forms", _("Wnioski i formularze")
    TAXES = "taxes", _("Podatki i opłaty lokalne")
    LAW = "law", _("Uchwały i zarządzenia")
    BUDGET = "budget", _("Budżet i finanse")
    GUIDES = "guides", _("Poradniki i informatory")
    OTHER = "other", _("Inne")


class DocumentLibraryItem(Orderable):
    """One document in a library, with an optional title, a description and a category."""

    page = ParentalKey(
        "cms_pages.DocumentLibraryPage", on_delete=models.CASCADE, related_name="documents"
    )
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("dokument"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("tytuł"),
        max_length=255,
        blank=True,
        help_text=_("Zostaw puste, aby pokazać tytuł dokumentu z biblioteki."),
    )
    description = models.TextField(_("opis"), blank=True, max_length=600)
    category = models.CharField(
        _("kategoria"),
        max_length=20,
        choices=DocumentCategory.choices,
        default=DocumentCategory.OTHER,
    )

    api_fields = [
        APIField("document"),
        APIField("title"),
        APIField("description"),
        APIField("category"),
    ]

    panels = [
        FieldPanel("document"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("category"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("dokument w bibliotece")
        verbose_name_plural = _("dokumenty w bibliotece")

    def __str__(self) -> str:
        return self.display_title

    def clean(self) -> None:
        """Only file types the portal allows (WAGTAILDOCS_EXTENSIONS) are listed."""
        super().clean()
        allowed = [ext.lower() for ext in getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or []]
        if allowed and self.document_id and self.file_type.lower() not in allowed:
            raise ValidationError(
                {
                    "document": _(
                        "Pliku typu %(type)s nie można publikować; dozwolone typy: %(allowed)s."
                    )
                    % {
                        "type": self.file_type or "?",
                        "allowed": ", ".join(a.upper() for a in allowed),
                    }
                }
            )

    @property
    def display_title(self) -> str:
        """The editor's title, or the document's own."""
        return self.title or self.document.title

    @property
    def file_type(self) -> str:
        """E.g. "PDF"."""
        return document_file_type(self.document)

    @property
    def file_size(self) -> str:
        """E.g. "1,2 MB"."""
        return document_file_size(self.document)

    @property
    def summary(self) -> str:
        """E.g. "PDF, 1,2 MB"."""
        return document_summary(self.document)


@dataclass(frozen=True)
class DocumentGroup:
    """The documents of one category, as the library page lists them."""

    category: DocumentCategory
    items: list[DocumentLibraryItem]

    @property
    def label(self) -> str:
        """The category's name."""
        return str(self.category.label)


class DocumentLibraryPage(MetrykaMixin, Page):
    """A page of documents to download, grouped by category ("dokumenty do pobrania")."""

    intro = RichTextField(_("wstęp"), blank=True, features=["bold", "italic", "link"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("documents", label=_("Dokumenty"), min_num=0),
        MetrykaMixin.metryka_panel,
    ]
    api_fields = [APIField("intro"), APIField("documents")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.RelatedFields(
            "documents", [index.SearchField("title"), index.SearchField("description")]
        ),
    ]
    parent_page_types = ["cms_pages.HomePage", "cms_pages.ContentPage", "cms_pages.ProjectPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("biblioteka dokumentów")
        verbose_name_plural = _("biblioteki dokumentów")

    def document_groups(self) -> list[DocumentGroup]:
        """The documents by category, categories in their fixed order, empty ones left out."""
        items = list(self.documents.select_related("document").all())
        groups = []
        for category in DocumentCategory:
            in_category = [item for item in items if item.category == category]
            if in_category:
                groups.append(DocumentGroup(category=category, items=in_category))
        return groups
