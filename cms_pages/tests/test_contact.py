"""The contact page: the office's data, opening hours, departments and schema.org JSON-LD."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cms_pages.models import ContactDepartment, ContactOpeningHours, ContactPage
from cms_pages.models.contact import (
    json_ld_script_content,
    validate_ade,
    validate_epuap_box,
    validate_nip,
    validate_regon,
)

from .demo_helpers import load_demo

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def _hours(weekday: int, opens: str, closes: str, note: str = "") -> ContactOpeningHours:
    return ContactOpeningHours(
        weekday=weekday,
        opens=datetime.time.fromisoformat(opens),
        closes=datetime.time.fromisoformat(closes),
        note=note,
    )


def _contact_page(parent, **overrides) -> ContactPage:
    fields = {
        "title": "Kontakt",
        "slug": "kontakt-test",
        "office_name": "Urząd Miejski w Zatorze",
        "street_address": "pl. Marszałka J. Piłsudskiego 17",
        "postal_code": "32-640",
        "city": "Zator",
        "latitude": Decimal("49.996300"),
        "longitude": Decimal("19.437800"),
        "phone": "33 841 10 00",
        "email": "sekretariat@zator.example.pl",
        "epuap_box": "/umzator/SkrytkaESP",
        "ade": "AE:PL-51234-17560-HDTRW-24",
        "nip": "5492458717",
        "regon": "072553183",
        # Friday is listed first on purpose: the page sorts by weekday.
        "opening_hours": [
            _hours(5, "07:30", "14:00"),
            _hours(1, "08:00", "17:00", "kasa do 16:30"),
        ],
        "departments": [
            ContactDepartment(
                name="Referat Podatków i Opłat Lokalnych",
                room="pok. 4",
                phone="33 841 10 14",
                email="podatki@zator.example.pl",
                head="Kierownik Referatu",
            )
        ],
        **overrides,
    }
    page = ContactPage(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _json_ld(html: str) -> dict:
    match = JSON_LD.search(html)
    assert match, "no JSON-LD in the page"
    return json.loads(match.group(1))


def test_contact_page_shows_the_office_and_its_electronic_addresses(client, demo_site):
    page = _contact_page(demo_site)
    html = client.get(page.url).text
    assert "pl. Marszałka J. Piłsudskiego 17" in html
    assert '<a href="tel:338411000">33 841 10 00</a>' in html
    assert "mailto:sekretariat@zator.example.pl" in html
    assert "AE:PL-51234-17560-HDTRW-24" in html
    assert "/umzator/SkrytkaESP" in html
    assert "5492458717" in html and "072553183" in html
    assert "Referat Podatków i Opłat Lokalnych" in html
    assert "https://www.openstreetmap.org/?mlat=49.996300&amp;mlon=19.437800" in html


def test_opening_hours_are_a_table_sorted_by_weekday_with_row_headers(client, demo_site):
    page = _contact_page(demo_site)
    html = client.get(page.url).text
    monday, friday = (
        html.index('<th scope="row">poniedziałek</th>'),
        html.index('<th scope="row">piątek</th>'),
    )
    assert monday < friday
    assert "08:00–17:00" in html and "kasa do 16:30" in html
    assert "<caption>Godziny pracy: Urząd Miejski w Zatorze</caption>" in html


def test_json_ld_is_a_schema_org_government_office(client, demo_site):
    page = _contact_page(demo_site)
    data = _json_ld(client.get(page.url).text)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentOffice"
    assert data["name"] == "Urząd Miejski w Zatorze"
    assert data["address"]["postalCode"] == "32-640"
    assert data["address"]["addressCountry"] == "PL"
    assert data["url"].startswith("http")
    assert data["taxID"] == "5492458717"
    assert {"@type": "PropertyValue", "propertyID": "REGON", "value": "072553183"} in data[
        "identifier"
    ]
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 49.9963, "longitude": 19.4378}
    assert {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "08:00",
        "closes": "17:00",
    } in data["openingHoursSpecification"]
    assert data["department"][0]["name"] == "Referat Podatków i Opłat Lokalnych"


def test_json_ld_cannot_close_its_script_element(client, demo_site):
    page = _contact_page(demo_site, office_name="Urząd </script><script>alert(1)</script>")
    html = client.get(page.url).text
    assert "<script>alert(1)" not in html
    assert _json_ld(html)["name"] == "Urząd </script><script>alert(1)</script>"
    assert "<" not in json_ld_script_content({"a": "<b>&"})


@pytest.mark.parametrize("value", ["5492458717", "5260250274"])
def test_valid_nips_pass(value):
    validate_nip(value)


@pytest.mark.parametrize("value", ["5492458718", "549-245-87-17", "123"])
def test_malformed_or_miscounted_nips_fail(value):
    with pytest.raises(ValidationError):
        validate_nip(value)


def test_regon_checks_nine_and_fourteen_digit_numbers():
    validate_regon("072553183")
    validate_regon("12345678512347")
    for value in ("072553184", "1234567851234", "12345678512348"):
        with pytest.raises(ValidationError):
            validate_regon(value)


def test_electronic_addresses_have_their_official_shapes():
    validate_ade("AE:PL-12345-67890-ABCDE-12")
    validate_epuap_box("/umzator/SkrytkaESP")
    for bad in ("PL-12345-67890-ABCDE-12", "AE:PL-12345-67890-abcde-12"):
        with pytest.raises(ValidationError):
            validate_ade(bad)
    with pytest.raises(ValidationError):
        validate_epuap_box("umzator SkrytkaESP")


def test_closing_time_must_be_after_opening_time():
    with pytest.raises(ValidationError) as error:
        _hours(1, "15:00", "08:00").clean()
    assert "closes" in error.value.message_dict


@pytest.mark.django_db
def test_demo_contact_page_has_zators_hours_and_departments(client):
    load_demo()
    page = ContactPage.objects.get(slug="kontakt")
    assert page.get_parent().specific_class.__name__ == "HomePage"
    assert [label for label, _ in page.opening_days()] == [
        "poniedziałek",
        "wtorek",
        "środa",
        "czwartek",
        "piątek",
    ]
    assert 4 <= page.departments.count() <= 6
    for validator, value in ((validate_nip, page.nip), (validate_regon, page.regon)):
        validator(value)
    page.full_clean()
    html = client.get(page.url).text
    assert _json_ld(html)["address"]["addressLocality"] == "Zator"
    assert "<summary>Jak wysłać pismo do urzędu przez internet?</summary>" in html
