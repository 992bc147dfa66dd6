"""Template tags for the site's navigation."""

from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context) -> dict:
    """The site root's live children marked "show in menus"."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    root = site.root_page if site else None
    menu_pages = (
        root.get_children().live().in_menu().public().only("id", "title", "url_path")
        if root
        else Page.objects.none()
    )
    return {"menu_pages": menu_pages, "current_page": context.get("page"), "request": request}


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
