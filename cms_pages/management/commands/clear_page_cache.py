"""Start a new content generation: every cached page and rendered fragment is stale at once.

Run after a deployment that changes templates or static files (a cached page still names the
old static files); publishing content never needs it.
"""

from django.core.management.base import BaseCommand

from cms_pages.page_cache import content_generation, invalidate_all


class Command(BaseCommand):
    help = "Make every cached page and rendered fragment stale (after a deployment)."

    def handle(self, *args, **options) -> None:
        before = content_generation()
        invalidate_all()
        self.stdout.write(f"Page cache cleared: generation {before} -> {content_generation()}.")
