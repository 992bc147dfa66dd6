"""Template tags for the language switcher (Polish, English, Ukrainian)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page, Site

from cms_pages.render_cache import cached, page_fragment_key

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the language switcher: where the reader goes to read in that language."""

    code: str
    name: str
    url: str
    current: bool


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """The site's languages with the address of this page in each of them.

    For a page: its live translation, or else the home page of that language, so the reader never
    lands on a missing page; a language without even a home page is left out. For other views
    (search): the same address under that language's prefix, when the view is translatable.
    """
    request: HttpRequest | None = context.get("request")
    page = context.get("page")
    current = translation.get_language() or settings.LANGUAGE_CODE
    # A page's translations change only when something is published: their addresses are
    # cached with the page (cms_pages.render_cache), which saves a query per language.
    key = page_fragment_key(name="language-links", page=page, request=request)
    addresses = cached(
        key,
        lambda: {
            code: _address_in(code, page=page, request=request)
            for code, _name in settings.LANGUAGES
            if code != current
        },
    )
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            url = request.get_full_path() if request else ""
            links.append(LanguageLink(code=code, name=name, url=url, current=True))
            continue
        url = addresses.get(code)
        if url:
            links.append(LanguageLink(code=code, name=name, url=url, current=False))
    return links


def _address_in(code: str, *, page, request: HttpRequest | None) -> str | None:
    if isinstance(page, Page):
        locale = Locale.objects.filter(language_code=code).first()
        if locale is None:
            return None
        target = page.get_translations().live().filter(locale=locale).first()
        if target is None:
            site = Site.find_for_request(request) if request else page.get_site()
            home = site.root_page if site else None
            target = home.get_translations(inclusive=True).live().filter(locale=locale).first()
            if target is None:
                return None
        return target.get_url(request=request)
    if request is None:
        return None
    return _translated_path(request.get_full_path(), translation.get_language(), code)


@functools.lru_cache(maxsize=2048)
def _translated_path(path: str, current: str | None, code: str) -> str | None:
    """``path`` (read in language ``current``) under language ``code``; None when untranslatable.

    The URLconf does not change while the process runs, so the answer never does: remembered
    (a bounded number of addresses), which spares resolving and reversing on every view.
    """
    translated = translate_url(path, code)
    return translated if translated != path else None
