"""The resident guide in a real Chromium: WCAG 2.1 AA (axe-core) and the PDF download."""

import pytest

from cms_pages.tests.guide_helpers import demo_guide
from tests.browser.axe_report import describe as _describe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PATHS = [
    "/informator/",
    "/informator/profil-zaufany/",
    "/informator/profil-zaufany/potwierdzenie-w-urzedzie/",
]


@pytest.fixture
def guide_site(demo_site):
    """The demo site with the demo resident guide."""
    demo_guide(demo_site)
    return demo_site


@pytest.mark.parametrize("path", PATHS)
def test_guide_pages_have_no_wcag_21_aa_violations(page, live_server, guide_site, axe, path):
    page.goto(live_server.url + path)
    violations = axe(page)
    assert violations == [], _describe(violations)


def test_resident_downloads_the_guide_as_pdf_by_keyboard(page, live_server, guide_site):
    page.goto(live_server.url + "/informator/")
    link = page.get_by_role("link", name="Pobierz informator (PDF")
    link.focus()
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename == "informator-informator.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
