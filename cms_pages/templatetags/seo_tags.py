"""Template tags for what search engines and sharing services read from a page's head."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page, Site

register = template.Library()

#: Query parameters that select different content of the same page, so belong to its address.
CANONICAL_PARAMETERS = ("archiwum", "minione", "strona")
OG_LOCALES = {"pl": "pl_PL", "en": "en_GB", "uk": "uk_UA"}
OG_IMAGE_SPEC = "fill-1200x630"
DESCRIPTION_LENGTH = 300


def canonical_url(page: Page, request: HttpRequest | None) -> str:
    """The page's absolute address on its site, with only the parameters that change content."""
    url = page.get_full_url(request)
    query = canonical_query(request)
    return f"{url}?{query}" if query else url


@register.filter
def canonical_query(request: HttpRequest | None) -> str:
    """The query string of the parameters that select other content of the page ("" if none).

    Also what the cached head of a page varies on (``{% page_fragment %}`` in base.html).
    """
    if request is None:
        return ""
    params = [
        (name, request.GET[name])
        for name in CANONICAL_PARAMETERS
        if request.GET.get(name) and not (name == "strona" and request.GET[name] == "1")
    ]
    return urlencode(params)


def page_description(page: Page) -> str:
    """The search description, else the page's intro as plain text."""
    text = page.search_description or strip_tags(str(getattr(page, "intro", "") or ""))
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)


def _image(page: Page, request: HttpRequest | None) -> dict[str, str] | None:
    image = getattr(page, "image", None)
    if image is None:
        return None
    try:
        rendition = image.get_rendition(OG_IMAGE_SPEC)
    except SourceImageIOError:
        return None  # the file is gone; better no picture than a broken one
    url = request.build_absolute_uri(rendition.url) if request else rendition.full_url
    return {
        "url": url,
        "alt": getattr(page, "image_alt", "") or image.title,
        "width": str(rendition.width),
        "height": str(rendition.height),
    }


@register.simple_tag(takes_context=True)
def page_meta(context: template.Context) -> dict[str, Any] | None:
    """Canonical address, Open Graph and Twitter card values of the page being shown."""
    page = context.get("page")
    if not isinstance(page, Page):
        return None
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return {
        "canonical": canonical_url(page, request),
        "title": page.seo_title or page.title,
        "description": page_description(page),
        "type": getattr(page, "og_type", "website"),
        "locale": OG_LOCALES.get((get_language() or "pl").split("-")[0], "pl_PL"),
        "site_name": (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME,
        "image": _image(page, request),
    }
