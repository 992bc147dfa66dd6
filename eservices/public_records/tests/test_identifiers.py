"""Identifiers are validated with a Polish message and returned normalised."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from eservices.public_records.identifiers import (
    land_register_check_digit,
    validate_land_register_number,
    validate_nip,
    validate_parcel_number,
    validate_pkd_code,
    validate_postal_code,
    validate_regon,
)
from eservices.public_records.models.property import format_area


def test_nip_is_normalised_to_ten_digits():
    assert validate_nip("549-234-56-86") == "5492345686"


def test_nip_with_a_wrong_check_digit_is_rejected_in_polish():
    with pytest.raises(ValidationError, match="błędną cyfrę kontrolną"):
        validate_nip("5492345687")


def test_nip_of_the_wrong_length_is_rejected():
    with pytest.raises(ValidationError, match="10 cyfr"):
        validate_nip("54923456")


@pytest.mark.parametrize("value", ["123456785", "12345678500010"])
def test_regon_of_nine_or_fourteen_digits_is_accepted(value):
    assert validate_regon(value) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [("123456784", "cyfrę kontrolną"), ("12345678500011", "cyfrę kontrolną"), ("1234", "9 ani 14")],
)
def test_bad_regon_is_rejected(value, message):
    with pytest.raises(ValidationError, match=message):
        validate_regon(value)


def test_land_register_check_digit_follows_the_official_worked_example():
    # KA1S/00012345/6: 21·1 + 11·3 + 1·7 + 28·1 + … + 5·7 = 156, and 156 mod 10 = 6.
    assert land_register_check_digit("KA1S", "00012345") == 6
    assert validate_land_register_number("ka1s/00012345/6") == "KA1S/00012345/6"


def test_land_register_number_with_a_wrong_check_digit_is_rejected():
    # KR1E/00012345 has check digit 1 (X counts 10, letters A…Z 11…33 without Q and V).
    assert validate_land_register_number("KR1E/00012345/1") == "KR1E/00012345/1"
    with pytest.raises(ValidationError, match="cyfrę kontrolną"):
        validate_land_register_number("KR1E/00012345/6")


@pytest.mark.parametrize("value", ["KR1E/0012345/1", "KRIE/00012345/1", "KR1Q/00012345/1", ""])
def test_malformed_land_register_number_is_rejected(value):
    with pytest.raises(ValidationError, match="XXXX/NNNNNNNN/N"):
        validate_land_register_number(value)


def test_postal_code_is_normalised_and_checked():
    assert validate_postal_code("32640") == "32-640"
    with pytest.raises(ValidationError, match="NN-NNN"):
        validate_postal_code("32-64")


def test_pkd_code_is_normalised():
    assert validate_pkd_code("4711z") == "47.11.Z"
    with pytest.raises(ValidationError, match=r"NN\.NN\.L"):
        validate_pkd_code("47.1")


def test_parcel_number_accepts_fractions_only():
    assert validate_parcel_number("345/6") == "345/6"
    with pytest.raises(ValidationError):
        validate_parcel_number("345/a")


def test_area_is_shown_in_square_metres_below_a_hectare_and_in_hectares_above():
    assert format_area(Decimal("345.00")) == "345 m²"
    assert format_area(Decimal("345.50")) == "345,50 m²"
    assert format_area(Decimal("12345.00")) == "1,2345 ha"
