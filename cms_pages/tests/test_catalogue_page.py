"""The editor-curated e-service catalogue: cards grouped by area, login badges in words."""

from __future__ import annotations

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from cms_pages.blocks import EServiceCardBlock
from cms_pages.models import EServiceCataloguePage

from .demo_helpers import load_demo


def _card(name, area, login, **link):
    return (
        "service",
        {
            "name": name,
            "purpose": f"Do czego służy: {name}.",
            "audience": "Mieszkańcy gminy",
            "area": area,
            "login": login,
            "page": link.get("page"),
            "url": link.get("url", ""),
        },
    )


def _catalogue(parent, body) -> EServiceCataloguePage:
    page = EServiceCataloguePage(title="E-usługi", slug="e-uslugi-test", body=body)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_cards_are_grouped_by_area_in_the_fixed_order_whatever_the_editors_order(client, demo_site):
    page = _catalogue(
        demo_site,
        [
            _card("Deklaracja śmieciowa", "forms_and_documents", "trusted_profile", page=demo_site),
            _card("Budżet gminy", "public_information", "public", page=demo_site),
        ],
    )
    assert [area.label for area in page.areas()] == [
        "Informacja publiczna",
        "Formularze i dokumenty elektroniczne",
    ]
    html = client.get(page.url).text
    assert html.index(">Informacja publiczna</h2>") < html.index("Budżet gminy")
    assert html.index("Budżet gminy") < html.index(">Formularze i dokumenty elektroniczne</h2>")
    assert ">Sprawy osobiste</h2>" not in html  # an empty area is left out


def test_login_requirement_is_stated_in_words_not_only_colour(client, demo_site):
    page = _catalogue(
        demo_site,
        [
            _card("Moje podatki", "personal_area", "trusted_profile", page=demo_site),
            _card("Rejestr zgłoszeń", "personal_area", "staff", page=demo_site),
            _card("Budżet gminy", "public_information", "public", page=demo_site),
        ],
    )
    html = client.get(page.url).text
    assert '<p class="badge badge--login">Wymaga logowania – profil zaufany</p>' in html
    assert '<p class="badge badge--login">Wymaga logowania – konto pracownika urzędu</p>' in html
    assert '<p class="badge">Bez logowania</p>' in html


def test_external_services_are_marked_as_such(client, demo_site):
    page = _catalogue(
        demo_site,
        [
            _card(
                "Wniosek przez ePUAP",
                "forms_and_documents",
                "trusted_profile",
                url="https://epuap.gov.pl/",
            )
        ],
    )
    html = client.get(page.url).text
    assert 'href="https://epuap.gov.pl/" rel="external"' in html
    assert "(serwis zewnętrzny)" in html


@pytest.mark.django_db
def test_a_card_links_to_a_page_or_an_address_never_both():
    block = EServiceCardBlock()
    value = block.to_python(_card("Bez celu", "public_information", "public")[1])
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_empty_catalogue_says_so(client, demo_site):
    page = _catalogue(demo_site, [])
    assert "Katalog e-usług jest jeszcze pusty." in client.get(page.url).text


@pytest.mark.django_db
def test_demo_catalogue_has_cards_in_all_three_areas(client):
    load_demo()
    page = EServiceCataloguePage.objects.get(slug="e-uslugi")
    assert page.get_parent().slug == "e-urzad"
    assert len(page.areas()) == 3
    assert 6 <= len(page.body) <= 8
    html = client.get(page.url).text
    assert html.count("Wymaga logowania") >= 3
    assert "Dokumenty do pobrania" in html
