"""Template tags that render parts of pages from the render cache (see cms_pages.render_cache)."""

import hashlib
import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from cms_pages.generation_memo import memoized
from cms_pages.render_cache import page_fragment_key, render_page_stream, site_fragment_key

register = template.Library()


@register.simple_tag(takes_context=True)
def include_page_stream(context, page, field_name: str = "body") -> SafeString:
    """``{% include_block page.body %}`` with the HTML cached per page revision and language.

    Usage: ``{% include_page_stream page "body" %}``. The blocks get the same context as with
    ``include_block``; previews and blocks marked ``depends_on_request`` are never shared.
    """
    return render_page_stream(page=page, field_name=field_name, context=context.flatten())


#: Marks a hole in a cached fragment: private-use characters, which no content carries.
HOLE_START, HOLE_END = "\ue000", "\ue001"
HOLE = HOLE_START + "{}" + HOLE_END
_MARKER = re.compile(HOLE_START + "([A-Za-z_][A-Za-z0-9_]*)" + HOLE_END)


class FragmentNode(template.Node):
    """The HTML between a fragment tag and its end tag, rendered once and then remembered.

    ``holes`` name context variables that differ per request (a CSRF token, the seconds left of
    a session): the fragment is rendered with a marker in their place, and each request puts
    its own value, escaped, where the marker is.
    """

    def __init__(self, nodelist, name, vary, holes, *, per_page: bool) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary = vary
        self.holes = holes
        self.per_page = per_page

    def render(self, context) -> str:
        request = context.get("request")
        page = context.get("page")
        name = f"fragment-{self.name.resolve(context)}"
        if self.per_page and isinstance(page, Page):
            key = page_fragment_key(name=name, page=page, request=request)
        else:
            key = site_fragment_key(name=name, request=request)
        if key is None:
            return self.nodelist.render(context)
        if self.vary:
            # Any text may vary a fragment (a host, a query parameter); keys may not hold it all.
            varied = "\x1f".join(str(value.resolve(context)) for value in self.vary)
            key = f"{key}:{hashlib.sha256(varied.encode()).hexdigest()}"
        html = memoized(key, lambda: self._render_with_markers(context))
        if not self.holes or HOLE_START not in html:
            return mark_safe(html)  # noqa: S308 - our templates
        values: dict[str, str] = {}

        def fill(match: re.Match) -> str:
            hole = match.group(1)
            if hole not in self.holes:
                return match.group(0)
            if hole not in values:
                # Read only if the HTML has the hole: reading ``csrf_token`` sets the CSRF
                # cookie, which would keep an anonymous visitor's page out of the page cache.
                values[hole] = conditional_escape(context.get(hole, ""))
            return values[hole]

        # One pass over the cached HTML: a value put in is never searched for markers itself
        # (a card's text holding a marker must not receive the CSRF token).
        return mark_safe(_MARKER.sub(fill, html))  # noqa: S308 - our templates, holes escaped

    def _render_with_markers(self, context) -> str:
        with context.push({hole: HOLE.format(hole) for hole in self.holes}):
            return self.nodelist.render(context)


def _fragment(parser, token, *, per_page: bool) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name.")
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    rest = bits[2:]
    holes: list[str] = []
    if "holes" in rest:
        at = rest.index("holes")
        rest, holes = rest[:at], rest[at + 1 :]
        if not holes or not all(hole.isidentifier() for hole in holes):
            raise template.TemplateSyntaxError(f"{bits[0]}: name the holes after 'holes'.")
    vary = [parser.compile_filter(bit) for bit in rest]
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), vary, holes, per_page=per_page)


@register.tag
def page_fragment(parser, token) -> FragmentNode:
    """Part of a page's template that is the same for every reader of the page, rendered once.

    Usage: ``{% page_fragment "metryka" %}…{% endpage_fragment %}``, or with values the part
    also depends on: ``{% page_fragment "head" request.get_host request|canonical_query %}``.
    With a page in the context it is cached like the page's body
    (`cms_pages.render_cache.page_fragment_key`: page, published revision, site, language,
    theme, content generation) and rendered every time for a preview or a page that is not live;
    without a page (other views) it is cached like a `site_fragment`, so it may then depend on
    nothing but the site. Never put anything that depends on the reader inside (a CSRF token,
    the logged-in user): it would be shown to the next reader.
    """
    return _fragment(parser, token, per_page=True)


@register.tag
def site_fragment(parser, token) -> FragmentNode:
    """Part of the page chrome every page of the site shows alike (display controls, footer).

    Usage: ``{% site_fragment "footer" %}…{% endsite_fragment %}``: cached per site, theme,
    language and content generation (`cms_pages.render_cache.site_fragment_key`). The part may
    not depend on the page, the address or the reader, except through values it varies on or
    holes: ``{% site_fragment "account" resident holes csrf_token %}`` is cached once per value
    of ``resident``, and each request's own ``csrf_token`` is put in, escaped.
    """
    return _fragment(parser, token, per_page=False)
