"""Wagtail pages as search documents (the portal's own content; records register elsewhere)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelsearch import index
from wagtail.models import Page

from .documents import DocumentSource, SearchDocument, register

PAGE_TYPE = "page"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(_text(item) for item in value)
    return strip_tags(str(value))


@register
class PageSource(DocumentSource):
    """Live pages without view restrictions: title, search description and searchable fields."""

    type = PAGE_TYPE
    label = _("Strony")
    model = Page

    def instances(self) -> Iterable[Page]:
        """Live, public pages below the root."""
        return Page.objects.live().public().filter(depth__gt=1).specific().iterator()

    def count(self) -> int:
        """How many live public pages there are."""
        return Page.objects.live().public().filter(depth__gt=1).count()

    def document(self, instance: Page) -> SearchDocument | None:
        """The page's text, or None for drafts, the root and restricted pages."""
        page = instance.specific
        if not page.live or page.depth <= 1 or page.get_view_restrictions().exists():
            return None
        parts = [page.search_description or ""]
        for search_field in page.get_search_fields():
            if isinstance(search_field, index.SearchField) and search_field.field_name not in {
                "title",
                "search_description",
            }:
                parts.append(_text(search_field.get_value(page)))
        published = getattr(page, "date", None) or page.first_published_at
        return SearchDocument(
            key=self.key(page.pk),
            type=self.type,
            title=page.title,
            url=page.get_url() or page.url_path,
            body=" ".join(part for part in parts if part).strip(),
            year=published.year if published else None,
        )
