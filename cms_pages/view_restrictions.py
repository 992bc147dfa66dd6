"""Wagtail's view-restriction check without its queries, for pages known to have none."""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.models import PageViewRestriction


class RememberedViewRestrictions:
    """Page-type mixin: ``no_view_restrictions`` set (by `page_routes.load_page`) skips the query.

    Wagtail checks a page's view restrictions and those of its ancestors on every view (two
    queries). `load_page` remembers per content generation whether any applies, and saving or
    deleting a restriction starts a new generation, so "none" is known without asking.
    """

    no_view_restrictions = False

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        if self.no_view_restrictions:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
