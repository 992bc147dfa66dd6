"""The PESEL at rest: encrypted, looked up by keyed hash, masked, and refused when invalid."""

import pytest
from django.test import override_settings

from eservices.accounts.personal_identifiers import (
    InvalidPesel,
    decrypt_pesel,
    encrypt_pesel,
    mask_pesel,
    normalise_pesel,
    pesel_lookup_hash,
)

VALID = "44051401359"  # the Ministry's example PESEL


def test_a_valid_pesel_is_kept_and_spaces_are_dropped():
    assert normalise_pesel(" 4405140 1359 ") == VALID


@pytest.mark.parametrize("value", ["44051401358", "4405140135", "440514013591", "4405140135x", ""])
def test_a_bad_checksum_or_length_is_refused_without_repeating_the_number(value):
    with pytest.raises(InvalidPesel) as raised:
        normalise_pesel(value)
    assert value.strip() == "" or value not in str(raised.value)


def test_non_ascii_digits_are_refused():
    with pytest.raises(InvalidPesel):
        normalise_pesel("４４０５１４０１３５９")  # full-width digits pass str.isdigit()


def test_encryption_round_trips_and_never_stores_the_number_in_clear():
    token = encrypt_pesel(VALID)
    assert VALID not in token
    assert encrypt_pesel(VALID) != token  # a fresh IV each time
    assert decrypt_pesel(token) == VALID


def test_another_key_cannot_decrypt_and_gives_another_lookup_hash():
    token = encrypt_pesel(VALID)
    lookup = pesel_lookup_hash(VALID)
    with override_settings(PERSONAL_DATA_KEY="another-personal-data-key-0123456789abcdef"):
        with pytest.raises(ValueError, match="cannot be decrypted"):
            decrypt_pesel(token)
        assert pesel_lookup_hash(VALID) != lookup


def test_the_lookup_hash_is_stable_keyed_and_not_a_plain_digest():
    import hashlib

    assert pesel_lookup_hash(VALID) == pesel_lookup_hash(VALID)
    assert pesel_lookup_hash(VALID) != hashlib.sha256(VALID.encode()).hexdigest()
    assert len(pesel_lookup_hash(VALID)) == 64


def test_the_mask_shows_only_the_last_four_digits():
    assert mask_pesel(VALID) == "•••••••1359"
