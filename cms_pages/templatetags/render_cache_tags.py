"""Template tags that render parts of pages from the render cache (see cms_pages.render_cache)."""

from django import template
from django.utils.safestring import SafeString

from cms_pages.render_cache import render_page_stream

register = template.Library()


@register.simple_tag(takes_context=True)
def include_page_stream(context, page, field_name: str = "body") -> SafeString:
    """``{% include_block page.body %}`` with the HTML cached per page revision and language.

    Usage: ``{% include_page_stream page "body" %}``. The blocks get the same context as with
    ``include_block``; previews and blocks marked ``depends_on_request`` are never shared.
    """
    return render_page_stream(page=page, field_name=field_name, context=context.flatten())
