"""Page types app: connects the page-cache invalidation to Wagtail's publishing signals."""

from django.apps import AppConfig


class CmsPagesConfig(AppConfig):
    """Page types, blocks and the anonymous page cache."""

    name = "cms_pages"
    verbose_name = "Strony"

    def ready(self) -> None:
        from . import guide_pdf, page_cache  # noqa: F401  (guide_pdf registers its font check)

        page_cache.connect_invalidation()
