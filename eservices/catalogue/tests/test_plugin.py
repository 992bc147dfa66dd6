"""The e-service catalogue plugin."""

from django.test import RequestFactory

from eservices.base import AuthLevel, Category, EService, RenderContext
from eservices.catalogue.plugin import CatalogueService
from eservices.registry import Registry


def _render(monkeypatch, *, options=None, urls=None):
    local = Registry()
    local.register("catalogue")(CatalogueService)

    @local.register("tax-account")
    class TaxAccount(EService):
        verbose_name = "Konto podatnika"
        description = "Wymiar, raty i zaległości."
        category = Category.PERSONAL_AREA
        auth_level = AuthLevel.TRUSTED_PROFILE

        def render(self, request, *, options, context):
            return ""

    monkeypatch.setattr("eservices.catalogue.plugin.registry", local)
    plugin = local.get("catalogue")
    return plugin.render(
        RequestFactory().get("/"),
        options=plugin.clean_options(options or {}),
        context=RenderContext(page_title="Katalog", service_urls=urls or {}),
    )


def test_lists_other_services_with_their_login_requirement(monkeypatch):
    html = _render(monkeypatch)
    assert "Konto podatnika" in html
    assert "Wymaga logowania profilem zaufanym" in html
    assert 'data-eservice="catalogue"' not in html  # not a card of itself
    assert "Wkrótce w portalu." in html  # not published anywhere yet


def test_links_services_to_the_pages_that_host_them(monkeypatch):
    html = _render(monkeypatch, urls={"tax-account": "/e-urzad/podatki/"})
    assert '<a href="/e-urzad/podatki/">Konto podatnika</a>' in html


def test_category_option_limits_the_sections(monkeypatch):
    html = _render(monkeypatch, options={"category": "public_information"})
    assert "Informacja publiczna" in html
    assert "Konto podatnika" not in html
