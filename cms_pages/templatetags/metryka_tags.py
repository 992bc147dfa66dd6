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

register = template.Library()


@register.simple_tag
def page_metryka(page: Any) -> Metryka | None:
    """The metryka of a saved page; None for anything else (e.g. a paginator's "page")."""
    if not isinstance(page, Page) or page.pk is None:
        return None
    return metryka_for_page(page=page)


@register.simple_tag
def page_change_register(page: Any) -> list[ChangeEntry]:
    """The register of changes of a saved page; empty for anything else."""
    if not isinstance(page, Page) or page.pk is None:
        return []
    return change_register(page=page)


@register.simple_tag
def document_metryka_of(document: Any) -> Metryka:
    """The metryka of a Wagtail document, for document lists."""
    return document_metryka(document=document)


@register.simple_tag
def document_change_register_of(document: Any) -> list[ChangeEntry]:
    """The register of changes of a Wagtail document."""
    return document_change_register(document=document)
