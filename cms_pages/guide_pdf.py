"""The resident guide as one PDF/A file: every published chapter, numbered, with a contents page.

Generating takes about a second, so the bytes are kept in Django's cache under a key built from
a fingerprint of the guide's published subtree (every page's id, position, publication time and
live revision, and the view restrictions in it). A publish, unpublish, move, reorder or delete
inside the guide changes the fingerprint, so the next download is generated afresh: a stale PDF
cannot be served, and nothing has to remember to invalidate anything. The price is one cheap
query per request and one generation per change (per cache, so per worker without a shared
cache). A background task was the alternative; it needs a worker running and a "not ready yet"
answer, and would still need this fingerprint to know whether its file is current.

The PDF is PDF/A-3b (an archival format the law on public registers accepts), tagged for
screen readers, in Polish, with DejaVu Sans embedded so Polish letters render the same
everywhere. WeasyPrint may read only the font files: nothing the editors write can make the
server fetch a URL.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction

from .models.guide import GuidePage, NumberedChapter

# Debian's fonts-dejavu-core; DejaVu Sans covers Polish (and Ukrainian) letters.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {
    ("normal", "normal"): "DejaVuSans.ttf",
    ("bold", "normal"): "DejaVuSans-Bold.ttf",
    ("normal", "italic"): "DejaVuSans-Oblique.ttf",
    ("bold", "italic"): "DejaVuSans-BoldOblique.ttf",
}
PDF_VARIANT = "pdf/a-3b"
# Part of the cache key: raise it when the PDF template or its styles change, so a shared cache
# does not keep serving the old layout after a deploy.
LAYOUT_VERSION = 1
CACHE_SECONDS = 7 * 24 * 60 * 60  # old keys are never read again; let them expire

_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def _missing_fonts() -> list[str]:
    return [name for name in FONT_FILES.values() if not (FONT_DIR / name).is_file()]


def _missing_fonts_message(missing: list[str]) -> str:
    return (
        f"The guide's PDF needs the DejaVu Sans fonts in {FONT_DIR} (missing: "
        f"{', '.join(missing)}); install the Debian package fonts-dejavu-core."
    )


@checks.register()
def check_pdf_fonts(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """`manage.py check` reports missing fonts (registered when this module is imported)."""
    missing = _missing_fonts()
    if missing:
        return [checks.Error(_missing_fonts_message(missing), id="cms_pages.E101")]
    return []


def guide_pdf(*, guide: GuidePage, request: HttpRequest | None = None) -> bytes:
    """The guide's PDF, from the cache when the published guide has not changed since."""
    base_url = _base_url(guide=guide, request=request)
    key = _cache_key(guide=guide, base_url=base_url)
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_guide_pdf(guide=guide, request=request, base_url=base_url)
        cache.set(key, pdf, timeout=CACHE_SECONDS)
    return pdf


def render_guide_pdf(
    *, guide: GuidePage, request: HttpRequest | None = None, base_url: str | None = None
) -> bytes:
    """Generate the guide's PDF/A now (no cache)."""
    from weasyprint import HTML, URLFetcher  # a heavy import, needed only here

    class FontsOnlyFetcher(URLFetcher):
        """Lets WeasyPrint read the embedded fonts and nothing else."""

        def fetch(self, url, headers=None):
            if url.startswith("file://"):
                path = Path(url.removeprefix("file://")).resolve()
                if path.parent == FONT_DIR and path.name in FONT_FILES.values():
                    return super().fetch(url, headers)
            raise ValueError(f"The guide's PDF does not fetch {url}")

    html = guide_html(guide=guide, request=request)
    document = HTML(
        string=html,
        base_url=base_url or _base_url(guide=guide, request=request),
        url_fetcher=FontsOnlyFetcher(),
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def guide_html(*, guide: GuidePage, request: HttpRequest | None = None) -> str:
    """The HTML the PDF is made from: title page, contents, then every chapter."""
    missing = _missing_fonts()
    if missing:
        raise ImproperlyConfigured(_missing_fonts_message(missing))
    chapters = guide.numbered_chapters()
    sections = [
        {
            "chapter": chapter,
            "anchor": _anchor(chapter),
            "heading_level": min(chapter.level + 1, 6),
            "body": _render_body(chapter=chapter, request=request),
        }
        for chapter in chapters
    ]
    published = [guide.last_published_at, *(c.page.last_published_at for c in chapters)]
    updated = max((moment for moment in published if moment), default=timezone.now())
    return render_to_string(
        "cms_pages/guide_pdf.html",
        {
            "guide": guide,
            "sections": sections,
            "updated": updated,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "fonts": [
                {"weight": weight, "style": style, "url": (FONT_DIR / name).as_uri()}
                for (weight, style), name in FONT_FILES.items()
            ],
        },
        request=request,
    )


def _render_body(*, chapter: NumberedChapter, request: HttpRequest | None) -> str:
    """The chapter's body, its headings moved below the chapter's own heading level.

    On the web a chapter's title is h1 and its body starts at h2; in the PDF the chapter title
    sits at level (chapter level + 1), so the body's headings move down as many levels to keep
    the tagged PDF's heading outline in order.
    """
    html = chapter.page.body.render_as_block(context={"request": request, "page": chapter.page})

    def shift(match: re.Match) -> str:
        return f"<{match[1]}h{min(int(match[2]) + chapter.level, 6)}"

    # The HTML comes from the block templates and Wagtail's rich-text rendering, which escape
    # everything an editor typed, so a tag here is always a real tag.
    return mark_safe(_HEADING_TAG.sub(shift, str(html)))  # noqa: S308


def _anchor(chapter: NumberedChapter) -> str:
    return "rozdzial-" + chapter.number.replace(".", "-")


def _base_url(*, guide: GuidePage, request: HttpRequest | None) -> str:
    """The address relative links in the PDF resolve against: the portal's own."""
    if request is not None:
        return request.build_absolute_uri("/")
    site = guide.get_site()
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/") + "/"


def _cache_key(*, guide: GuidePage, base_url: str) -> str:
    """A key that changes whenever anything the PDF shows may have changed."""
    subtree = Page.objects.descendant_of(guide, inclusive=True)
    pages = list(
        subtree.live()
        .order_by("path")
        .values_list("pk", "path", "last_published_at", "live_revision_id")
    )
    restrictions = list(
        PageViewRestriction.objects.filter(page__in=subtree)
        .order_by("pk")
        .values_list("pk", "page_id", "restriction_type")
    )
    raw = repr((LAYOUT_VERSION, base_url, get_language(), pages, restrictions))
    return f"guide-pdf:{guide.pk}:{hashlib.sha256(raw.encode()).hexdigest()}"
