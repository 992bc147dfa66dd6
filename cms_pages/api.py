"""The headless, read-only API (Wagtail API v2 under /api/v2/): pages, images, documents.

Anonymous and read-only; it shows what the public site shows (live, public pages; documents
outside private collections) plus the BIP metryka and register of changes of every page and
document. Rich text, also inside StreamField blocks, is served as display HTML with internal
links resolved (`?rich_text_format=db_html` still gives Wagtail's stored form). Editors are named
by their full name, as in the metryka on the site; no e-mail or username is ever serialised.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from rest_framework.fields import Field, IntegerField
from wagtail import blocks
from wagtail import fields as wagtail_fields
from wagtail.api import APIField
from wagtail.api.rich_text import APIRichText
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from .metryka import (
    ChangeEntry,
    Metryka,
    change_register,
    document_change_register,
    document_metryka,
    metryka_for_page,
)

# The portal's front ends want HTML they can show; Wagtail's default is the stored form with
# `<a linktype="page" id="3">` links a front end cannot follow.
HTML_DEFAULT = APIRichText.FORMAT_HTML


def metryka_representation(metryka: Metryka) -> dict[str, Any]:
    """The metryka as JSON: ISO dates, full names."""
    return {
        "information_producer": metryka.information_producer,
        "information_produced_at": _iso(metryka.information_produced_at),
        "entered_by": metryka.entered_by,
        "published_at": _iso(metryka.published_at),
        "last_modified_at": _iso(metryka.last_modified_at),
        "last_modified_by": metryka.last_modified_by,
    }


def change_register_representation(register: list[ChangeEntry]) -> list[dict[str, Any]]:
    """The register of changes as JSON, oldest entry first."""
    return [
        {
            "at": _iso(entry.at),
            "user": entry.user,
            "action": entry.action,
            "action_label": entry.action_label,
            "changed_fields": [
                {"name": field.name, "label": field.label} for field in entry.changed_fields
            ],
            "description": entry.description,
        }
        for entry in register
    ]


def _iso(value: datetime.date | None) -> str | None:
    # Times in the portal's zone, like Wagtail's own `first_published_at` in the same response.
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return value.isoformat() if value is not None else None


class PageMetrykaField(Field):
    """The page's BIP metryka (serialised from the whole page, hence `source="*"`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page: Any) -> dict[str, Any]:
        return metryka_representation(metryka_for_page(page=page))


class PageChangeRegisterField(Field):
    """The page's register of changes."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page: Any) -> list[dict[str, Any]]:
        return change_register_representation(change_register(page=page))


class DocumentMetrykaField(Field):
    """The document's BIP metryka."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, document: Any) -> dict[str, Any]:
        return metryka_representation(document_metryka(document=document))


class DocumentChangeRegisterField(Field):
    """The document's register of uploads and edits."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, document: Any) -> list[dict[str, Any]]:
        return change_register_representation(document_change_register(document=document))


def _rich_text_format(context: dict[str, Any]) -> str:
    return context.get("_wagtail_rich_text_format") or HTML_DEFAULT


def stream_representation(block: blocks.Block, value: Any, context: dict[str, Any]) -> Any:
    """A block value as JSON, with every rich text in the chosen format (default: HTML).

    Wagtail's `RichTextBlock.get_api_representation` reads only the query parameter and the
    project-wide setting, so blocks nested in streams, structs and lists are walked here to give
    them the format the view resolved. The shape is Wagtail's own otherwise.
    """
    if isinstance(block, blocks.RichTextBlock):
        return APIRichText.serialize(
            value.source, format=_rich_text_format(context), features=block.features
        )
    if isinstance(block, blocks.StreamBlock):
        return [
            {
                "type": child.block_type,
                "value": stream_representation(child.block, child.value, context),
                "id": child.id,
            }
            for child in value
        ]
    if isinstance(block, blocks.StructBlock):
        return {
            name: stream_representation(child_block, value.get(name), context)
            for name, child_block in block.child_blocks.items()
        }
    if isinstance(block, blocks.ListBlock):
        return [stream_representation(block.child_block, item, context) for item in value]
    return block.get_api_representation(value, context)


class HTMLStreamField(Field):
    """A StreamField value as Wagtail's block list, with rich text as display HTML."""

    def to_representation(self, value: Any) -> Any:
        return stream_representation(value.stream_block, value, self.context)


class PortalPageSerializer(PageSerializer):
    """Pages with StreamField rich text expanded like top-level rich text fields."""

    serializer_field_mapping = {
        **PageSerializer.serializer_field_mapping,
        wagtail_fields.StreamField: HTMLStreamField,
    }


class RichTextAsHTMLMixin:
    """Rich text as display HTML unless `?rich_text_format=` asks for another format."""

    def resolve_rich_text_format(self) -> str:
        if "rich_text_format" in self.request.GET:
            return super().resolve_rich_text_format()
        return HTML_DEFAULT


class PortalPagesAPIViewSet(RichTextAsHTMLMixin, PagesAPIViewSet):
    """Live public pages; every type also has `metryka` and `change_register`."""

    base_serializer_class = PortalPageSerializer
    body_fields = [
        *PagesAPIViewSet.body_fields,
        APIField("metryka", serializer=PageMetrykaField()),
        APIField("change_register", serializer=PageChangeRegisterField()),
    ]


class PortalDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Documents outside private collections, with size, type and metryka."""

    base_serializer_class = DocumentSerializer
    body_fields = [
        *DocumentsAPIViewSet.body_fields,
        APIField("file_size", serializer=IntegerField(source="get_file_size", read_only=True)),
        APIField("file_extension"),
        APIField("content_type"),
        APIField("metryka", serializer=DocumentMetrykaField()),
        APIField("change_register", serializer=DocumentChangeRegisterField()),
    ]
    listing_default_fields = [
        *DocumentsAPIViewSet.listing_default_fields,
        "file_size",
        "file_extension",
        "content_type",
    ]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", PortalDocumentsAPIViewSet)
