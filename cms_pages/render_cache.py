"""Rendered parts of pages (StreamField bodies, the metryka), cached for every reader alike.

Readers with a session (residents, editors, anyone who unlocked a private page) bypass the
anonymous page cache (`page_cache`), so each of their page views used to render the whole body
again: a 60-block body is most of a page's cost. The body is the same for everyone who may see
the page, so its HTML is cached once per

- page and published revision (``live_revision_id``, ``last_published_at``),
- site (a link to a page of the same site is relative, to another site absolute),
- active language (translated labels, number and date formats),
- content generation (`page_cache.content_generation`): any publish, unpublish, move or
  delete, and any save of a GDPR clause, a document or a view restriction, starts a new
  generation. A body shows other pages' addresses, snippets and documents, so a change to any
  of them must show at once; dropping everything is the simple safe rule, as for the page cache.

Never cached: previews (a draft has the page's id but other content), renders without a request
and pages that are not live. A block whose output depends on the reader (a CSRF token, the
logged-in user) says so with ``Meta.depends_on_request = True``: it is rendered anew for every
request, in its place among the cached blocks (a block containing such a block counts as one).

Entries live ``PAGE_CACHE_SECONDS`` (0 turns this cache off with the page cache); those of an
older generation are never read again and simply expire. Size: about the HTML of the body (the
60-block benchmark page: ~90 kB) per page, site and language viewed in that time.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpRequest
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.blocks import Block, StreamValue
from wagtail.models import Page, Site

from .generation_memo import memoized
from .page_cache import content_generation

KEY_PREFIX = "render"
# One rendered stream child: its own HTML, or its index when it is rendered for every request.
Segment = str | int

_request_dependence: dict[int, bool] = {}


def page_fragment_key(*, name: str, page: Any, request: HttpRequest | None) -> str | None:
    """The cache key of a part of ``page`` as shown for ``request``; None when not cacheable."""
    if (
        settings.PAGE_CACHE_SECONDS <= 0
        or request is None
        or getattr(request, "is_preview", False)
        or not isinstance(page, Page)
        or page.pk is None
        or not page.live
    ):
        return None
    site = Site.find_for_request(request)  # remembered on the request by Wagtail
    published = page.last_published_at.timestamp() if page.last_published_at else 0
    return ":".join(
        str(part)
        for part in (
            KEY_PREFIX,
            name,
            site.pk if site else 0,
            settings.ACTIVE_THEME,
            translation.get_language() or settings.LANGUAGE_CODE,
            page.pk,
            page.live_revision_id or 0,
            published,
            request_generation(request),
        )
    )


def site_fragment_key(*, name: str, request: HttpRequest | None) -> str | None:
    """The cache key of a part every page of the request's site shows alike; None if uncached.

    Such a part (the header's display controls, the footer) may depend on the site, the theme,
    the language and published content only: never on the page, the reader or the address.
    """
    if settings.PAGE_CACHE_SECONDS <= 0 or request is None or getattr(request, "is_preview", False):
        return None
    language = translation.get_language() or settings.LANGUAGE_CODE
    # A page has several such parts: the common part of their keys is made once per request.
    prefixes = request.__dict__.setdefault("_site_fragment_prefixes", {})
    prefix = prefixes.get(language)
    if prefix is None:
        from .page_routes import remember_site  # page_routes builds on this module

        site = remember_site(request=request)
        generation = request_generation(request)
        theme = settings.ACTIVE_THEME
        prefix = prefixes[language] = (
            f"{KEY_PREFIX}:site:{site.pk if site else 0}:{theme}:{language}:{generation}"
        )
    return f"{prefix}:{name}"


def request_generation(request: HttpRequest) -> int:
    """The content generation, read from the cache once per request and kept on it.

    A page asks for it for every cached part (route, body, metryka, language links); one read
    is enough, as the page cache reads it once before rendering too.
    """
    generation = getattr(request, "_content_generation", None)
    if generation is None:
        generation = request._content_generation = content_generation()
    return generation


def cached(key: str | None, build):
    """``build()``, stored under ``key`` (computed anew when ``key`` is None).

    The keys of this module all contain the content generation, so the value is also kept in
    the worker's memory (`generation_memo`): it must be one no reader changes.
    """
    return memoized(key, build)


def block_depends_on_request(block: Block) -> bool:
    """Whether ``block`` or any block inside it is marked ``Meta.depends_on_request``."""
    found = _request_dependence.get(id(block))
    if found is None:
        if getattr(block.meta, "depends_on_request", False):
            found = True
        else:
            children = getattr(block, "child_blocks", None)
            inner = list(children.values()) if children else []
            if getattr(block, "child_block", None) is not None:  # ListBlock
                inner.append(block.child_block)
            found = any(block_depends_on_request(child) for child in inner)
        # Block definitions live as long as the process, so their ids are never reused.
        _request_dependence[id(block)] = found
    return found


def render_page_stream(*, page: Page, field_name: str, context: dict[str, Any]) -> SafeString:
    """``{% include_block page.<field_name> %}``, the same HTML, from the cache when it can be.

    The field's value is read only when something must be rendered: a page loaded with its
    StreamFields deferred (`page_routes.load_page`) then skips loading and parsing its body.
    """
    key = page_fragment_key(name=f"stream-{field_name}", page=page, request=context.get("request"))
    stream_block = _stream_block(page, field_name)
    if key is None or stream_block is None:
        value: StreamValue | None = getattr(page, field_name)
        return value.render_as_block(context=context) if value is not None else mark_safe("")

    def value() -> StreamValue | None:
        return getattr(page, field_name)

    if stream_block.get_template(None, context=context):
        # A stream with a template of its own renders as one piece: cached only as a whole.
        if block_depends_on_request(stream_block):
            key = None
        return mark_safe(cached(key, lambda: _render_whole(value(), context)))  # noqa: S308
    segments: tuple[Segment, ...] = cached(key, lambda: _render_segments(value(), context))
    if all(isinstance(segment, str) for segment in segments):
        return mark_safe("\n".join(segments))  # noqa: S308 - rendered by our block templates
    return _join(segments, value(), context)


def _stream_block(page: Page, field_name: str) -> Block | None:
    try:
        return page._meta.get_field(field_name).stream_block
    except (FieldDoesNotExist, AttributeError):  # a stream kept elsewhere than in a field
        value = getattr(page, field_name, None)
        return getattr(value, "stream_block", None)


def _render_whole(value: StreamValue | None, context: dict[str, Any]) -> str:
    return value.render_as_block(context=context) if value is not None else ""


def _render_segments(value: StreamValue | None, context: dict[str, Any]) -> tuple[Segment, ...]:
    if value is None:
        return ("",)
    segments = tuple(
        index if block_depends_on_request(child.block) else _render_child(child, context)
        for index, child in enumerate(value)
    )
    if all(isinstance(segment, str) for segment in segments):
        return ("\n".join(segments),)  # nothing to render per request: joined once
    return segments


def _render_child(child, context: dict[str, Any]) -> str:
    # The markup of Wagtail's StreamBlock.render_basic, one child at a time.
    return str(
        format_html(
            '<div class="w-block-{1} block-{1}">{0}</div>',
            child.render(context=context),
            child.block_type,
        )
    )


def _join(segments: tuple[Segment, ...], value: StreamValue, context: dict[str, Any]) -> SafeString:
    parts = (
        _render_child(value[segment], context) if isinstance(segment, int) else segment
        for segment in segments
    )
    return mark_safe("\n".join(parts))  # noqa: S308 - rendered by our block templates
