"""Wagtail's front-end URLs with the page view replaced by the cached one."""

from django.urls import re_path
from wagtail import urls as wagtail_urls

from . import page_cache

urlpatterns = [
    *[pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"],
    re_path(wagtail_urls.serve_pattern, page_cache.serve, name="wagtail_serve"),
]
