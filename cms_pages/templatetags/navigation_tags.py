"""Template tags for the site's navigation."""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Locale, Page, Site

from cms_pages.generation_memo import memoized
from cms_pages.page_cache import content_generation
from cms_pages.page_routes import remember_site
from cms_pages.render_cache import request_generation

register = template.Library()


def _key(name: str, site: Site, request: HttpRequest | None) -> str:
    # The active language's code, not Locale.get_active(): that costs a query on every call.
    language = translation.get_language() or settings.LANGUAGE_CODE
    generation = request_generation(request) if request else content_generation()
    return f"nav:{name}:{site.pk}:{language}:{generation}"


def _cached(name: str, site: Site, build, request: HttpRequest | None = None):
    """``build()`` cached per site, language and content generation (shared cache only).

    Pages that bypass the page cache (a logged-in resident's, the personal area, search) still
    render the same menu and footer for everyone; any publish, move or unpublish starts a new
    generation, so a stale menu is never served.
    """
    key = _key(name, site, request)
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, timeout=settings.PAGE_CACHE_SECONDS)
    return found


def _cached_html(name: str, site: Site, build, request: HttpRequest | None) -> str:
    """Rendered HTML, cached like `_cached` and also kept in the worker (`generation_memo`)."""
    return memoized(_key(name, site, request), build)


def _site(request: HttpRequest | None) -> Site | None:
    return remember_site(request=request) if request is not None else None


@register.simple_tag(takes_context=True)
def main_menu(context) -> str:
    """The site root's live children marked "show in menus", each with its menu children.

    Items appear in the reader's language when translated. Built with a fixed number of queries
    (two levels in one query each), whatever the size of the menu; the rendered HTML is cached
    per site, language, content generation and current page (it marks that page's item).
    """
    request = context.get("request")
    site = _site(request)
    current_page = context.get("page")
    # The request goes in as a plain variable ({% pageurl %} reads it), not as render_to_string's
    # request argument: that would run every context processor again for this fragment.
    if site is None:
        menu_context = {"menu_items": [], "current_page": current_page, "request": request}
        return render_to_string("includes/main_menu.html", menu_context)

    def build() -> str:
        items = _cached("menu", site, lambda: _menu_items(site), request)
        menu_context = {"menu_items": items, "current_page": current_page, "request": request}
        return render_to_string("includes/main_menu.html", menu_context)

    page_id = getattr(current_page, "pk", None) or 0
    html = _cached_html(f"menu-html-{page_id}", site, build, request)
    return mark_safe(html)  # noqa: S308 - our template


def _menu_items(site: Site) -> list[dict]:
    root = site.root_page
    in_menu = Page.objects.live().in_menu().public().filter(path__startswith=root.path)
    top = list(in_menu.filter(depth=root.depth + 1).order_by("path"))
    children: dict[str, list[Page]] = {}
    for child in in_menu.filter(depth=root.depth + 2).order_by("path"):
        children.setdefault(child.path[: -Page.steplen], []).append(child)
    active = Locale.get_active()
    translations = {}
    if any(page.locale_id != active.pk for page in top):
        keys = [page.translation_key for page in top]
        translations = {
            page.translation_key: page
            for page in Page.objects.live().filter(translation_key__in=keys, locale=active)
        }
    return [
        {
            "page": translations.get(page.translation_key, page),
            "children": children.get(page.path, []),
        }
        for page in top
    ]


@register.simple_tag(takes_context=True)
def footer_links(context) -> str:
    """Links every page's footer carries: contact, accessibility statement, guide.

    The same for every page of a site and language: the HTML is cached per content generation.
    """
    from cms_pages.models import AccessibilityStatementPage, ContactPage, GuidePage

    request = context.get("request")
    site = _site(request)
    if site is None:
        return render_to_string("includes/footer_links.html", {"links": [], "request": request})

    def build() -> str:
        pages = (
            model.objects.descendant_of(site.root_page).live().public().first()
            for model in (ContactPage, AccessibilityStatementPage, GuidePage)
        )
        links = [page for page in pages if page]
        return render_to_string("includes/footer_links.html", {"links": links, "request": request})

    return mark_safe(_cached_html("footer-html", site, build, request))  # noqa: S308 - our template
