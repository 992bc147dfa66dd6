"""Template tags that give templates the BIP metryka and register of changes."""

from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Page

from ..metryka import (
    ChangeEntry,
    Metryka,
    change_register,
    document_change_register,
    document_metryka,
    metryka_for_page,
)
from ..render_cache import cached, page_fragment_key

register = template.Library()


@register.simple_tag(takes_context=True)
def page_metryka(context, page: Any) -> Metryka | None:
    """The metryka of a saved page; None for anything else (e.g. a paginator's "page").

    Cached with the page's published revision (see cms_pages.render_cache): it only changes
    when the page is published or withdrawn, and it costs a few queries of the audit log.
    """
    if not isinstance(page, Page) or page.pk is None:
        return None
    key = page_fragment_key(name="metryka", page=page, request=context.get("request"))
    return cached(key, lambda: metryka_for_page(page=page))


@register.simple_tag(takes_context=True)
def page_change_register(context, page: Any) -> tuple[ChangeEntry, ...]:
    """The register of changes of a saved page; empty for anything else (cached as the metryka)."""
    if not isinstance(page, Page) or page.pk is None:
        return ()
    key = page_fragment_key(name="change-register", page=page, request=context.get("request"))
    return cached(key, lambda: tuple(change_register(page=page)))


@register.simple_tag
def document_metryka_of(document: Any) -> Metryka:
    """The metryka of a Wagtail document, for document lists."""
    return document_metryka(document=document)


@register.simple_tag
def document_change_register_of(document: Any) -> list[ChangeEntry]:
    """The register of changes of a Wagtail document."""
    return document_change_register(document=document)
