"""Test helper: the demo resident guide of the demo site."""

from __future__ import annotations

from wagtail.models import Page

from cms_pages.demo_guide import PAGES as GUIDE_PAGES
from cms_pages.models import GuidePage, HomePage


def demo_guide(home: HomePage) -> GuidePage:
    """The demo guide under the demo home page, as load_demo_content created it.

    Every guide page of ``demo_guide.PAGES`` is looked up, so this fails (``DoesNotExist``) when
    the loader left one out.
    """
    pages: dict[str, Page] = {"home": home}
    for spec in GUIDE_PAGES:
        pages[spec.key] = pages[spec.parent].get_children().get(slug=spec.slug).specific
    return pages["guide"]
