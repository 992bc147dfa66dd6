"""The national node's assertion encryption: the real 2018 sample and round trips."""

from __future__ import annotations

import base64
import copy
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12
from lxml import etree

from integrations.trusted_profile import xmlenc_ec
from integrations.trusted_profile.testing.keys import make_key_pair
from integrations.trusted_profile.xmlenc_ec import DecryptionError

DATA = Path(__file__).parent / "data" / "login_gov_pl"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
XENC = "http://www.w3.org/2001/04/xmlenc#"
DSIG11 = "http://www.w3.org/2009/xmldsig11#"
NATURALPERSON = "http://eidas.europa.eu/attributes/naturalperson/"


@pytest.fixture(scope="module")
def sample_key():
    key, _certificate, _chain = pkcs12.load_key_and_certificates(
        (DATA / "du_enc_ec.p12").read_bytes(), b"12345"
    )
    return key


def sample_encrypted_assertion() -> etree._Element:
    root = etree.parse(str(DATA / "encryptedEC.xml")).getroot()
    return root.find(f".//{{{SAML}}}EncryptedAssertion")


def attributes(assertion: etree._Element) -> dict[str, str]:
    return {
        attribute.get("Name").removeprefix(NATURALPERSON): attribute.findtext(
            f"{{{SAML}}}AttributeValue"
        )
        for attribute in assertion.iter(f"{{{SAML}}}Attribute")
    }


def canonical(element: etree._Element) -> bytes:
    reparsed = etree.fromstring(etree.tostring(element), etree.XMLParser(remove_blank_text=True))
    return etree.tostring(reparsed, method="c14n")


def minimal_assertion() -> etree._Element:
    assertion = etree.Element(f"{{{SAML}}}Assertion", nsmap={"saml2": SAML}, ID="_a1")
    etree.SubElement(assertion, f"{{{SAML}}}Issuer").text = "https://idp.example"
    subject = etree.SubElement(assertion, f"{{{SAML}}}Subject")
    etree.SubElement(subject, f"{{{SAML}}}NameID").text = "Zażółć gęślą jaźń"
    return assertion


def test_the_node_sample_decrypts_to_the_published_assertion(sample_key):
    assertion = xmlenc_ec.decrypt_assertion(sample_encrypted_assertion(), private_key=sample_key)

    expected = etree.parse(str(DATA / "encryptedEC.decrypted.xml")).getroot()
    assert (
        attributes(assertion)
        == attributes(expected)
        == {
            "CurrentFamilyName": "Apitz",
            "DateOfBirth": "1987-02-22Z",
            "CurrentGivenName": "Roch",
            "PersonIdentifier": "87022243734",
        }
    )
    assert assertion.findtext(f"{{{SAML}}}Subject/{{{SAML}}}NameID") == "adminAll"
    assert canonical(assertion) == canonical(expected)


def test_the_sample_decrypts_with_a_pem_key_too(sample_key):
    pem = sample_key.private_bytes(
        xmlenc_ec.serialization.Encoding.PEM,
        xmlenc_ec.serialization.PrivateFormat.PKCS8,
        xmlenc_ec.serialization.NoEncryption(),
    )
    assertion = xmlenc_ec.decrypt_assertion(sample_encrypted_assertion(), private_key=pem)
    assert attributes(assertion)["CurrentFamilyName"] == "Apitz"


@pytest.mark.parametrize("key_size", [16, 24, 32])
def test_round_trip_declares_aes256_gcm_whatever_the_content_key_size(key_size):
    recipient = make_key_pair()
    encrypted = xmlenc_ec.encrypt_assertion(
        minimal_assertion(),
        recipient_certificate=recipient.certificate,
        key_size=key_size,
        party_u_info="https://idp.example",
        party_v_info="https://sp.example",
    )

    method = encrypted.find(f"{{{XENC}}}EncryptedData/{{{XENC}}}EncryptionMethod")
    assert method.get("Algorithm") == xmlenc_ec.AES256_GCM
    wrapped = encrypted.findtext(
        f".//{{{XENC}}}EncryptedKey/{{{XENC}}}CipherData/{{{XENC}}}CipherValue"
    )
    # RFC 3394 adds one 8-byte block to the wrapped key.
    assert len(base64.b64decode(wrapped)) == key_size + 8
    decrypted = xmlenc_ec.decrypt_assertion(encrypted, private_key=recipient.key)
    assert canonical(decrypted) == canonical(minimal_assertion())


def test_each_encryption_uses_a_fresh_ephemeral_key():
    recipient = make_key_pair()
    first, second = (
        xmlenc_ec.encrypt_assertion(
            minimal_assertion(), recipient_certificate=recipient.certificate
        )
        for _ in range(2)
    )
    assert first.findtext(f".//{{{DSIG11}}}PublicKey") != second.findtext(
        f".//{{{DSIG11}}}PublicKey"
    )


def _flip_last_byte(element: etree._Element) -> None:
    data = bytearray(base64.b64decode(element.text))
    data[-1] ^= 0x01
    element.text = base64.b64encode(bytes(data)).decode()


def test_tampered_ciphertext_is_refused(sample_key):
    encrypted = sample_encrypted_assertion()
    _flip_last_byte(
        encrypted.find(f"{{{XENC}}}EncryptedData/{{{XENC}}}CipherData/{{{XENC}}}CipherValue")
    )
    with pytest.raises(DecryptionError, match="authentication failed"):
        xmlenc_ec.decrypt_assertion(encrypted, private_key=sample_key)


def test_tampered_wrapped_key_is_refused(sample_key):
    encrypted = sample_encrypted_assertion()
    _flip_last_byte(
        encrypted.find(f".//{{{XENC}}}EncryptedKey/{{{XENC}}}CipherData/{{{XENC}}}CipherValue")
    )
    with pytest.raises(DecryptionError, match="unwrapped"):
        xmlenc_ec.decrypt_assertion(encrypted, private_key=sample_key)


def test_a_different_private_key_cannot_decrypt(sample_key):
    with pytest.raises(DecryptionError, match="unwrapped"):
        xmlenc_ec.decrypt_assertion(sample_encrypted_assertion(), private_key=make_key_pair().key)


def test_changed_kdf_parameters_are_refused(sample_key):
    encrypted = sample_encrypted_assertion()
    params = encrypted.find(f".//{{{xmlenc_ec.NS_XENC11}}}ConcatKDFParams")
    params.set("PartyVInfo", "00000005" + b"other".hex())
    with pytest.raises(DecryptionError):
        xmlenc_ec.decrypt_assertion(encrypted, private_key=sample_key)


def test_an_originator_point_off_the_curve_is_refused(sample_key):
    encrypted = sample_encrypted_assertion()
    point = encrypted.find(f".//{{{DSIG11}}}PublicKey")
    _flip_last_byte(point)
    with pytest.raises(DecryptionError, match="originator public key"):
        xmlenc_ec.decrypt_assertion(encrypted, private_key=sample_key)


def test_an_unreadable_pem_key_is_a_decryption_error():
    with pytest.raises(DecryptionError, match="PEM"):
        xmlenc_ec.decrypt_assertion(sample_encrypted_assertion(), private_key=b"not a key")


def test_an_rsa_decryption_key_is_refused():
    with pytest.raises(DecryptionError, match="P-256"):
        xmlenc_ec.decrypt_assertion(
            sample_encrypted_assertion(), private_key=make_key_pair(kind="rsa").key
        )


@pytest.mark.parametrize(
    ("xpath", "algorithm"),
    [
        (f"{{{XENC}}}EncryptedData/{{{XENC}}}EncryptionMethod", f"{XENC}aes256-cbc"),
        (f".//{{{XENC}}}EncryptedKey/{{{XENC}}}EncryptionMethod", f"{XENC}rsa-oaep-mgf1p"),
        (f".//{{{XENC}}}AgreementMethod", "http://www.w3.org/2009/xmlenc11#dh-es"),
        (
            f".//{{{xmlenc_ec.NS_XENC11}}}KeyDerivationMethod",
            "http://www.w3.org/2009/xmlenc11#pbkdf2",
        ),
        (
            f".//{{{xmlenc_ec.NS_XENC11}}}ConcatKDFParams/{{{xmlenc_ec.NS_DS}}}DigestMethod",
            "http://www.w3.org/2000/09/xmldsig#sha1",
        ),
    ],
)
def test_algorithms_outside_the_profile_are_refused(sample_key, xpath, algorithm):
    encrypted = sample_encrypted_assertion()
    encrypted.find(xpath).set("Algorithm", algorithm)
    with pytest.raises(DecryptionError, match="unsupported"):
        xmlenc_ec.decrypt_assertion(encrypted, private_key=sample_key)


def test_an_encrypted_key_beside_the_encrypted_data_is_found_too():
    recipient = make_key_pair()
    encrypted = xmlenc_ec.encrypt_assertion(
        minimal_assertion(), recipient_certificate=recipient.certificate
    )
    key_info = encrypted.find(f"{{{XENC}}}EncryptedData/{{{xmlenc_ec.NS_DS}}}KeyInfo")
    encrypted.append(key_info.find(f"{{{XENC}}}EncryptedKey"))
    key_info.getparent().remove(key_info)

    decrypted = xmlenc_ec.decrypt_assertion(encrypted, private_key=recipient.key)
    assert decrypted.findtext(f".//{{{SAML}}}NameID") == "Zażółć gęślą jaźń"


def test_two_encrypted_keys_are_refused():
    recipient = make_key_pair()
    encrypted = xmlenc_ec.encrypt_assertion(
        minimal_assertion(), recipient_certificate=recipient.certificate
    )
    encrypted.append(copy.deepcopy(encrypted.find(f".//{{{XENC}}}EncryptedKey")))
    with pytest.raises(DecryptionError, match="one EncryptedKey"):
        xmlenc_ec.decrypt_assertion(encrypted, private_key=recipient.key)


def test_a_doctype_in_the_plaintext_is_refused():
    recipient = make_key_pair()
    hostile = (
        b'<!DOCTYPE a [<!ENTITY x "xxxxxxxxxx"><!ENTITY y "&x;&x;&x;&x;">]>'
        b'<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">'
        b"&y;</saml2:Assertion>"
    )
    encrypted = xmlenc_ec.encrypt_plaintext(hostile, recipient_certificate=recipient.certificate)
    with pytest.raises(DecryptionError, match="DOCTYPE"):
        xmlenc_ec.decrypt_assertion(encrypted, private_key=recipient.key)


def test_an_external_entity_is_never_resolved():
    # Without a DOCTYPE an entity cannot be declared: the parser must fail, not fetch or expand.
    with pytest.raises(DecryptionError):
        xmlenc_ec.parse_plaintext(b'<a xmlns="urn:x">&xxe;</a>')


def test_plaintext_that_is_not_an_assertion_is_refused():
    recipient = make_key_pair()
    encrypted = xmlenc_ec.encrypt_plaintext(
        b'<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>',
        recipient_certificate=recipient.certificate,
    )
    with pytest.raises(DecryptionError, match="not an Assertion"):
        xmlenc_ec.decrypt_assertion(encrypted, private_key=recipient.key)


def test_an_element_other_than_encrypted_assertion_is_refused(sample_key):
    with pytest.raises(DecryptionError, match="not an EncryptedAssertion"):
        xmlenc_ec.decrypt_assertion(minimal_assertion(), private_key=sample_key)


def test_encrypting_to_an_rsa_certificate_is_refused():
    with pytest.raises(ValueError, match="P-256"):
        xmlenc_ec.encrypt_assertion(
            minimal_assertion(), recipient_certificate=make_key_pair(kind="rsa").certificate
        )
