"""The PESEL at rest: encrypted with a key from settings, found through a keyed hash, shown masked.

Two keys are derived (HKDF-SHA256) from ``settings.PERSONAL_DATA_KEY``: one encrypts the number
(Fernet: AES-128-CBC + HMAC-SHA256, a fresh IV each time), one computes the lookup hash
(HMAC-SHA256), so equal PESELs find each other without the number being stored in clear and
without the hash alone allowing a dictionary attack by someone who has only the database.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from stdnum.pl import pesel as pesel_number


class InvalidPesel(ValueError):
    """Not an 11-digit PESEL with a correct check digit."""


@functools.cache
def _derived(key_material: str, purpose: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"eurzad-personal-data", info=purpose
    ).derive(key_material.encode())


def _fernet() -> Fernet:
    key = _derived(settings.PERSONAL_DATA_KEY, b"pesel-encryption")
    return Fernet(base64.urlsafe_b64encode(key))


def normalise_pesel(value: str) -> str:
    """The 11 digits of a valid PESEL; InvalidPesel otherwise (the message never repeats it)."""
    digits = "".join(value.split())
    if not (len(digits) == 11 and digits.isascii() and digits.isdigit()):
        raise InvalidPesel("PESEL must have 11 digits.")
    if not pesel_number.is_valid(digits):
        raise InvalidPesel("PESEL check digit or date is wrong.")
    return digits


def pesel_lookup_hash(pesel: str) -> str:
    """The keyed hash under which a PESEL is looked up (hex)."""
    key = _derived(settings.PERSONAL_DATA_KEY, b"pesel-lookup")
    return hmac.new(key, pesel.encode(), hashlib.sha256).hexdigest()


def encrypt_pesel(pesel: str) -> str:
    """The PESEL encrypted for storage."""
    return _fernet().encrypt(pesel.encode()).decode()


def decrypt_pesel(token: str) -> str:
    """The stored PESEL in clear; ValueError when the key does not match."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("The PESEL cannot be decrypted with PERSONAL_DATA_KEY.") from error


def mask_pesel(pesel: str) -> str:
    """What a page may show: every digit hidden but the last four."""
    return "•" * (len(pesel) - 4) + pesel[-4:]
