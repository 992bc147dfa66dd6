"""Builders for the tests of languages and of the accessibility statement."""

from __future__ import annotations

from wagtail.models import Locale, Page

from cms_pages.demo_accessibility import STATEMENT
from cms_pages.models import AccessibilityStatementPage


def demo_statement(home: Page) -> AccessibilityStatementPage:
    """The demo accessibility statement, as the demo loader published it under `home`."""
    return AccessibilityStatementPage.objects.child_of(home).get(slug=STATEMENT.slug)


def add_statement(home: Page) -> AccessibilityStatementPage:
    """The demo accessibility statement of Urząd Miejski w Zatorze, published under `home`."""
    statement = STATEMENT.model(**STATEMENT.fields())
    home.add_child(instance=statement)
    statement.save_revision().publish()
    return statement


def translate(page: Page, language_code: str, **changes) -> Page:
    """A published translation of `page` (its parent must be translated already)."""
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    translation = page.specific.copy_for_translation(locale)
    for name, value in changes.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation.specific
