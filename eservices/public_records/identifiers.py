"""Identifiers of public records: validated on input with a Polish message, returned normalised.

NIP and REGON use python-stdnum; the land and mortgage register number ("numer księgi
wieczystej") is checked here because python-stdnum has no module for it.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

POSTAL_CODE = re.compile(r"^\d{2}-\d{3}$")
PKD_CODE = re.compile(r"^\d{2}\.\d{2}\.[A-Z]$")
PARCEL_NUMBER = re.compile(r"^\d+(/\d+)?$")
LAND_REGISTER = re.compile(r"^([A-Z]{2}\d[A-Z])/(\d{8})/(\d)$")

#: Values of the characters of a land-register number for its check digit, in the order of the
#: official table (rozporządzenie Ministra Sprawiedliwości w sprawie zakładania i prowadzenia
#: ksiąg wieczystych w systemie teleinformatycznym): digits 0–9, then X = 10, A = 11 … Z = 33
#: (the Polish alphabet without Q and V, X moved to the front).
LAND_REGISTER_VALUES = {
    char: value for value, char in enumerate("0123456789XABCDEFGHIJKLMNOPRSTUWYZ")
}
LAND_REGISTER_WEIGHTS = (1, 3, 7)


def validate_nip(value: str) -> str:
    """The NIP ("numer identyfikacji podatkowej") as 10 digits; ValidationError otherwise."""
    compact = stdnum_nip.compact(value or "")
    try:
        return stdnum_nip.validate(compact)
    except InvalidChecksum:
        raise ValidationError(
            _("NIP %(value)s ma błędną cyfrę kontrolną.") % {"value": value}, code="nip_checksum"
        ) from None
    except StdnumError:
        raise ValidationError(
            _("NIP %(value)s nie ma postaci 10 cyfr.") % {"value": value}, code="nip_format"
        ) from None


def validate_regon(value: str) -> str:
    """The REGON (9 or 14 digits); ValidationError otherwise."""
    compact = stdnum_regon.compact(value or "")
    try:
        return stdnum_regon.validate(compact)
    except InvalidChecksum:
        raise ValidationError(
            _("REGON %(value)s ma błędną cyfrę kontrolną.") % {"value": value},
            code="regon_checksum",
        ) from None
    except (InvalidFormat, InvalidLength, StdnumError):
        raise ValidationError(
            _("REGON %(value)s nie ma postaci 9 ani 14 cyfr.") % {"value": value},
            code="regon_format",
        ) from None


def validate_postal_code(value: str) -> str:
    """A Polish postal code ``NN-NNN``."""
    value = (value or "").strip()
    if re.fullmatch(r"\d{5}", value):
        value = f"{value[:2]}-{value[2:]}"
    if not POSTAL_CODE.match(value):
        raise ValidationError(
            _("Kod pocztowy %(value)s nie ma postaci NN-NNN.") % {"value": value},
            code="postal_code",
        )
    return value


def validate_pkd_code(value: str) -> str:
    """A PKD activity code like ``47.11.Z`` (also accepted: ``4711Z``)."""
    compact = re.sub(r"[\s.]", "", (value or "").upper())
    if re.fullmatch(r"\d{4}[A-Z]", compact):
        compact = f"{compact[:2]}.{compact[2:4]}.{compact[4]}"
    if not PKD_CODE.match(compact):
        raise ValidationError(
            _("Kod PKD %(value)s nie ma postaci NN.NN.L (np. 47.11.Z).") % {"value": value},
            code="pkd_format",
        )
    return compact


def validate_parcel_number(value: str) -> str:
    """A parcel number ("numer działki ewidencyjnej") like ``345`` or ``345/6``."""
    value = re.sub(r"\s", "", value or "")
    if not PARCEL_NUMBER.match(value):
        raise ValidationError(
            _("Numer działki %(value)s nie ma postaci 345 ani 345/6.") % {"value": value},
            code="parcel_number",
        )
    return value


def land_register_check_digit(court_code: str, number: str) -> int:
    """The check digit of a land-register number: weights 1, 3, 7 over the 12 characters, mod 10."""
    characters = f"{court_code}{number}"
    total = sum(
        LAND_REGISTER_VALUES[char] * LAND_REGISTER_WEIGHTS[position % 3]
        for position, char in enumerate(characters)
    )
    return total % 10


def validate_land_register_number(value: str) -> str:
    """A land and mortgage register number ``KR1E/00012345/6`` with its check digit verified."""
    compact = re.sub(r"\s", "", (value or "").upper())
    match = LAND_REGISTER.match(compact)
    if not match or any(char not in LAND_REGISTER_VALUES for char in match.group(1)):
        raise ValidationError(
            _("Numer księgi wieczystej %(value)s nie ma postaci XXXX/NNNNNNNN/N.")
            % {"value": value},
            code="land_register_format",
        )
    court_code, number, check = match.groups()
    if land_register_check_digit(court_code, number) != int(check):
        raise ValidationError(
            _("Numer księgi wieczystej %(value)s ma błędną cyfrę kontrolną.") % {"value": value},
            code="land_register_checksum",
        )
    return compact
