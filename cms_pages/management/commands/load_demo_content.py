"""Load the demo site of Gmina Zator and the eZator project site (idempotent, shows progress).

Pages that already exist (matched by slug under their parent) are left as they are, so running
the command again never overwrites what editors changed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms_pages import demo_accessibility, demo_documents, demo_guide, demo_news
from cms_pages.demo_content import HOME, PAGES, PageSpec


class Command(BaseCommand):
    help = "Load the Polish demo content of Gmina Zator (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has content (used by `make run`).",
        )

    def handle(self, *args, if_empty: bool, **options):
        if (
            if_empty
            and Page.objects.filter(depth__gte=2)
            .exclude(content_type__model="page", content_type__app_label="wagtailcore")
            .exists()
        ):
            self.stdout.write("Serwis ma już treści; pomijam treści demonstracyjne.")
            return
        specs = [
            HOME,
            *PAGES,
            *demo_news.PAGES,
            *demo_documents.PAGES,
            *demo_guide.PAGES,
            *demo_accessibility.PAGES,
        ]
        pages: dict[str, Page] = {}
        created: list[PageSpec] = []
        with transaction.atomic():
            for number, spec in enumerate(specs, start=1):
                page, is_new = self._ensure(spec=spec, pages=pages)
                pages[spec.key] = page
                if is_new:
                    created.append(spec)
                state = "utworzona" if is_new else "już jest, bez zmian"
                self.stdout.write(f"[{number}/{len(specs)}] {spec.title}: {state}")
            # Bodies link to other pages, so they are written once every page exists.
            for spec in created:
                if spec.body is not None:
                    page = pages[spec.key]
                    page.body = spec.body(pages)
                    page.save_revision().publish()
            if created and created[0] is HOME:
                self._point_default_site_at(pages["home"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Treści demonstracyjne gotowe: {len(created)} nowych stron, "
                f"{len(specs) - len(created)} bez zmian."
            )
        )

    def _ensure(self, *, spec: PageSpec, pages: dict[str, Page]) -> tuple[Page, bool]:
        parent = pages[spec.parent] if spec.parent else self._tree_root()
        existing = parent.get_children().filter(slug=spec.slug).first()
        if existing:
            return existing.specific, False
        page = spec.model(**spec.fields())
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page, True

    def _tree_root(self) -> Page:
        """Wagtail's root node; recreated (with the default locale) after `manage.py flush`."""
        root = Page.get_first_root_node()
        if root is None:
            Locale.objects.get_or_create(
                language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
            )
            root = Page.add_root(instance=Page(title="Root", slug="root"))
        return root

    def _point_default_site_at(self, home: Page) -> None:
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Gmina Zator",
            )
            return
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Gmina Zator"
        site.save()
        # Wagtail's "Welcome to your new Wagtail site!" placeholder goes once nothing uses it.
        if old_root.pk != home.pk and old_root.depth == 2 and not old_root.get_children().exists():
            old_root.delete()
