"""Template tags for the site's navigation."""

from django import template
from wagtail.models import Locale, Page, Site

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context) -> dict:
    """The site root's live children marked "show in menus", each with its menu children.

    Items appear in the reader's language when translated. Built with a fixed number of queries
    (two levels in one query each), whatever the size of the menu.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"menu_items": [], "current_page": context.get("page"), "request": request}
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
    items = [
        {
            "page": translations.get(page.translation_key, page),
            "children": children.get(page.path, []),
        }
        for page in top
    ]
    return {"menu_items": items, "current_page": context.get("page"), "request": request}


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context) -> dict:
    """Links every page's footer carries: contact, accessibility statement, guide."""
    from cms_pages.models import AccessibilityStatementPage, ContactPage, GuidePage

    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    links = []
    if site:
        for model in (ContactPage, AccessibilityStatementPage, GuidePage):
            page = model.objects.descendant_of(site.root_page).live().public().first()
            if page:
                links.append(page)
    return {"links": links, "request": request}
