"""What search engines and sharing services read: robots.txt (the sitemap is Wagtail's)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

#: Paths crawlers should not visit: the admin panels (search results are added per language).
DISALLOWED_PATHS = ("/admin/", "/django-admin/")
SITEMAP_PATH = "/sitemap.xml"


def _search_paths() -> list[str]:
    """The search page in every language (/szukaj/, /en/szukaj/, …): endless, thin pages."""
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.append(reverse("search"))
    return list(dict.fromkeys(paths))


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """robots.txt: everything is allowed except the admin and search; names the sitemap."""
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in [*DISALLOWED_PATHS, *_search_paths()]),
        "Allow: /",
        "",
        # Absolute, as the robots.txt standard requires, for the host the crawler asked.
        f"Sitemap: {request.build_absolute_uri(SITEMAP_PATH)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
