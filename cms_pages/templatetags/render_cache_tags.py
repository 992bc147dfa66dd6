"""Template tags that render parts of pages from the render cache (see cms_pages.render_cache)."""

import hashlib

from django import template
from django.utils.safestring import SafeString, mark_safe

from cms_pages.generation_memo import memoized
from cms_pages.render_cache import page_fragment_key, render_page_stream

register = template.Library()


@register.simple_tag(takes_context=True)
def include_page_stream(context, page, field_name: str = "body") -> SafeString:
    """``{% include_block page.body %}`` with the HTML cached per page revision and language.

    Usage: ``{% include_page_stream page "body" %}``. The blocks get the same context as with
    ``include_block``; previews and blocks marked ``depends_on_request`` are never shared.
    """
    return render_page_stream(page=page, field_name=field_name, context=context.flatten())


class PageFragmentNode(template.Node):
    """The HTML between ``{% page_fragment %}`` and ``{% endpage_fragment %}``, cached per page."""

    def __init__(self, nodelist, name, vary) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary = vary

    def render(self, context) -> str:
        key = page_fragment_key(
            name=f"fragment-{self.name.resolve(context)}",
            page=context.get("page"),
            request=context.get("request"),
        )
        if key is None:
            return self.nodelist.render(context)
        if self.vary:
            # Any text may vary a fragment (a host, a query parameter); keys may not hold it all.
            varied = "\x1f".join(str(value.resolve(context)) for value in self.vary)
            key = f"{key}:{hashlib.sha256(varied.encode()).hexdigest()}"
        return mark_safe(memoized(key, lambda: self.nodelist.render(context)))  # noqa: S308


@register.tag
def page_fragment(parser, token) -> PageFragmentNode:
    """Part of a page's template that is the same for every reader of the page, rendered once.

    Usage: ``{% page_fragment "metryka" %}…{% endpage_fragment %}``, or with values the part
    also depends on: ``{% page_fragment "head" request.get_host request.GET.strona %}``.
    Cached like the page's body (`cms_pages.render_cache.page_fragment_key`: page, published
    revision, site, language, theme, content generation); rendered every time where there is no
    live page (other views, previews). Never put anything that depends on the reader inside
    (a CSRF token, the logged-in user): it would be shown to the next reader.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("page_fragment needs a name.")
    nodelist = parser.parse(("endpage_fragment",))
    parser.delete_first_token()
    return PageFragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
    )
