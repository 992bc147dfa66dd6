"""The BIP metryka panel in Chromium: opens from the keyboard, readable, WCAG 2.1 AA."""

import pytest
from django.utils import translation

from cms_pages.tests.bip_tree import build_tree

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def tree():
    with translation.override("pl"):
        return build_tree()


def test_metryka_opens_from_the_keyboard_and_has_no_wcag_violations(page, live_server, tree, axe):
    page.goto(live_server.url + tree.page.url)
    summary = page.locator("details.metryka summary")
    summary.focus()
    page.keyboard.press("Enter")

    table = page.locator("details.metryka table")
    assert table.is_visible()
    assert table.locator("caption").inner_text() == "Rejestr zmian"
    rows = table.locator("tbody tr").all_inner_texts()
    assert "Anna Kowalska" in rows[0]
    assert "Bartosz Nowak" in rows[1]
    violations = axe(page)
    assert violations == [], [(v["id"], v["help"]) for v in violations]
