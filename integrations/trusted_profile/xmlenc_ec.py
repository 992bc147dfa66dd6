"""XML Encryption of assertions in the profile of the national node (Węzeł Krajowy, login.gov.pl).

The node encrypts the assertion with AES-GCM under a fresh content key, wraps that key with AES
Key Wrap (RFC 3394) under a key agreed by ECDH-ES on P-256 between an ephemeral key of its own
(``OriginatorKeyInfo``) and the service provider's encryption certificate, derived with
ConcatKDF (SHA-256). python3-saml (xmlsec) does not implement key agreement, hence this module.

CBC content encryption is refused on purpose: unauthenticated CBC in XML Encryption is open to
padding-oracle attacks, and the node does not use it.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets

from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.concatkdf import ConcatKDFHash
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap
from lxml import etree

NS_SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
NS_XENC = "http://www.w3.org/2001/04/xmlenc#"
NS_XENC11 = "http://www.w3.org/2009/xmlenc11#"
NS_DS = "http://www.w3.org/2000/09/xmldsig#"
NS_DSIG11 = "http://www.w3.org/2009/xmldsig11#"

AES128_GCM = "http://www.w3.org/2009/xmlenc11#aes128-gcm"
AES192_GCM = "http://www.w3.org/2009/xmlenc11#aes192-gcm"
AES256_GCM = "http://www.w3.org/2009/xmlenc11#aes256-gcm"
KW_AES128 = "http://www.w3.org/2001/04/xmlenc#kw-aes128"
KW_AES192 = "http://www.w3.org/2001/04/xmlenc#kw-aes192"
KW_AES256 = "http://www.w3.org/2001/04/xmlenc#kw-aes256"
ECDH_ES = "http://www.w3.org/2009/xmlenc11#ECDH-ES"
CONCAT_KDF = "http://www.w3.org/2009/xmlenc11#ConcatKDF"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
ELEMENT_TYPE = "http://www.w3.org/2001/04/xmlenc#Element"
P256_OID_URI = "urn:oid:1.2.840.10045.3.1.7"

#: Content algorithms accepted. The declared size is not trusted: the production node was seen
#: declaring aes256-gcm with a 128-bit key, so the unwrapped key decides (16, 24 or 32 bytes).
_GCM_ALGORITHMS = frozenset({AES128_GCM, AES192_GCM, AES256_GCM})
#: Key-wrap algorithm -> length of the key-encryption key ConcatKDF must produce.
_KEY_WRAP_LENGTHS = {KW_AES128: 16, KW_AES192: 24, KW_AES256: 32}
_GCM_NONCE_BYTES = 12
_GCM_TAG_BYTES = 16

_NSMAP = {"saml2": NS_SAML, "xenc": NS_XENC, "xenc11": NS_XENC11, "ds": NS_DS, "dsig11": NS_DSIG11}


class DecryptionError(ValueError):
    """An encrypted assertion could not be decrypted (unsupported profile, bad key, tampering)."""


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _one(parent: etree._Element, namespace: str, name: str) -> etree._Element:
    """The only child ``name`` of ``parent``; several or none is a malformed message."""
    found = parent.findall(_q(namespace, name))
    if len(found) != 1:
        raise DecryptionError(f"expected exactly one {name} in {etree.QName(parent).localname}")
    return found[0]


def _algorithm(element: etree._Element) -> str:
    return element.get("Algorithm") or ""


def _b64(text: str | None, what: str) -> bytes:
    try:
        return base64.b64decode("".join((text or "").split()), validate=True)
    except binascii.Error as error:
        raise DecryptionError(f"{what} is not valid base64") from error


def _safe_parser() -> etree.XMLParser:
    # No DTD, no entity expansion, no network: the plaintext is attacker-influenced until the
    # signature around it has been checked, and even then only the IdP vouches for it.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
    )


def parse_plaintext(plaintext: bytes) -> etree._Element:
    """Parse decrypted XML safely: no DOCTYPE, no entities, no network access."""
    if b"<!DOCTYPE" in plaintext or b"<!ENTITY" in plaintext:
        raise DecryptionError("decrypted content contains a DOCTYPE")
    try:
        root = etree.fromstring(plaintext, parser=_safe_parser())
    except etree.XMLSyntaxError as error:
        raise DecryptionError("decrypted content is not well-formed XML") from error
    if root.getroottree().docinfo.doctype:
        raise DecryptionError("decrypted content contains a DOCTYPE")
    return root


def _load_private_key(
    private_key: ec.EllipticCurvePrivateKey | bytes,
) -> ec.EllipticCurvePrivateKey:
    if isinstance(private_key, bytes):
        try:
            private_key = serialization.load_pem_private_key(private_key, password=None)
        except (ValueError, TypeError) as error:
            raise DecryptionError("the decryption key is not an unencrypted PEM key") from error
    if not isinstance(private_key, ec.EllipticCurvePrivateKey) or not isinstance(
        private_key.curve, ec.SECP256R1
    ):
        raise DecryptionError("the decryption key is not an EC P-256 private key")
    return private_key


def _encrypted_key(
    encrypted_assertion: etree._Element, encrypted_data: etree._Element
) -> etree._Element:
    """The EncryptedKey: inside EncryptedData's KeyInfo (the node), else beside EncryptedData."""
    inner = encrypted_data.findall(f"{_q(NS_DS, 'KeyInfo')}/{_q(NS_XENC, 'EncryptedKey')}")
    beside = encrypted_assertion.findall(_q(NS_XENC, "EncryptedKey"))
    candidates = inner + beside
    if len(candidates) != 1:
        raise DecryptionError("expected exactly one EncryptedKey")
    return candidates[0]


def _key_encryption_key(
    encrypted_key: etree._Element, private_key: ec.EllipticCurvePrivateKey, length: int
) -> bytes:
    """Agree on the key-encryption key with the originator's ephemeral key (ECDH-ES, ConcatKDF)."""
    agreement = _one(_one(encrypted_key, NS_DS, "KeyInfo"), NS_XENC, "AgreementMethod")
    if _algorithm(agreement) != ECDH_ES:
        raise DecryptionError(f"unsupported key agreement {_algorithm(agreement)!r}")
    derivation = _one(agreement, NS_XENC11, "KeyDerivationMethod")
    if _algorithm(derivation) != CONCAT_KDF:
        raise DecryptionError(f"unsupported key derivation {_algorithm(derivation)!r}")
    params = _one(derivation, NS_XENC11, "ConcatKDFParams")
    if _algorithm(_one(params, NS_DS, "DigestMethod")) != SHA256:
        raise DecryptionError("unsupported ConcatKDF digest")
    try:
        # Each value already carries its 4-byte length prefix, as the node writes them.
        other_info = b"".join(
            bytes.fromhex(params.get(name) or "")
            for name in ("AlgorithmID", "PartyUInfo", "PartyVInfo")
        )
    except ValueError as error:
        raise DecryptionError("ConcatKDF parameters are not hexadecimal") from error

    originator = _one(agreement, NS_XENC, "OriginatorKeyInfo")
    key_value = _one(_one(originator, NS_DS, "KeyValue"), NS_DSIG11, "ECKeyValue")
    if _one(key_value, NS_DSIG11, "NamedCurve").get("URI") != P256_OID_URI:
        raise DecryptionError("the originator key is not on P-256")
    point = _b64(_one(key_value, NS_DSIG11, "PublicKey").text, "originator public key")
    try:
        ephemeral = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        shared_secret = private_key.exchange(ec.ECDH(), ephemeral)
    except ValueError as error:
        raise DecryptionError("invalid originator public key") from error
    return ConcatKDFHash(algorithm=hashes.SHA256(), length=length, otherinfo=other_info).derive(
        shared_secret
    )


def decrypt_assertion(
    encrypted_assertion: etree._Element, *, private_key: ec.EllipticCurvePrivateKey | bytes
) -> etree._Element:
    """Decrypt a ``saml2:EncryptedAssertion`` of the node's profile into its ``saml2:Assertion``.

    ``private_key``: the service provider's EC P-256 decryption key (object or unencrypted PEM).
    Raises :class:`DecryptionError` on any failure.
    """
    if encrypted_assertion.tag != _q(NS_SAML, "EncryptedAssertion"):
        raise DecryptionError("not an EncryptedAssertion")
    key = _load_private_key(private_key)
    encrypted_data = _one(encrypted_assertion, NS_XENC, "EncryptedData")
    if encrypted_data.get("Type") not in (None, ELEMENT_TYPE):
        raise DecryptionError("EncryptedData does not hold an element")
    content_algorithm = _algorithm(_one(encrypted_data, NS_XENC, "EncryptionMethod"))
    if content_algorithm not in _GCM_ALGORITHMS:
        raise DecryptionError(f"unsupported content encryption {content_algorithm!r}")

    encrypted_key = _encrypted_key(encrypted_assertion, encrypted_data)
    wrap_algorithm = _algorithm(_one(encrypted_key, NS_XENC, "EncryptionMethod"))
    if wrap_algorithm not in _KEY_WRAP_LENGTHS:
        raise DecryptionError(f"unsupported key wrapping {wrap_algorithm!r}")
    kek = _key_encryption_key(encrypted_key, key, _KEY_WRAP_LENGTHS[wrap_algorithm])
    wrapped = _b64(
        _one(_one(encrypted_key, NS_XENC, "CipherData"), NS_XENC, "CipherValue").text,
        "wrapped key",
    )
    try:
        content_key = aes_key_unwrap(kek, wrapped)
    except (InvalidUnwrap, ValueError) as error:
        raise DecryptionError("the content key cannot be unwrapped (wrong key?)") from error
    if len(content_key) not in (16, 24, 32):
        raise DecryptionError("unexpected content key length")

    data = _b64(
        _one(_one(encrypted_data, NS_XENC, "CipherData"), NS_XENC, "CipherValue").text,
        "ciphertext",
    )
    if len(data) < _GCM_NONCE_BYTES + _GCM_TAG_BYTES:
        raise DecryptionError("ciphertext too short")
    try:
        plaintext = AESGCM(content_key).decrypt(
            data[:_GCM_NONCE_BYTES], data[_GCM_NONCE_BYTES:], None
        )
    except InvalidTag as error:
        raise DecryptionError("ciphertext authentication failed") from error

    assertion = parse_plaintext(plaintext)
    if assertion.tag != _q(NS_SAML, "Assertion"):
        raise DecryptionError("the decrypted element is not an Assertion")
    return assertion


def _length_prefixed_hex(value: bytes) -> str:
    return (len(value).to_bytes(4, "big") + value).hex().upper()


def _random_id() -> str:
    return "_" + secrets.token_hex(16)


def encrypt_assertion(
    assertion: etree._Element,
    *,
    recipient_certificate: x509.Certificate,
    key_size: int = 32,
    party_u_info: str = "",
    party_v_info: str = "",
) -> etree._Element:
    """Encrypt an Assertion the way the node does; returns a new ``saml2:EncryptedAssertion``.

    Always declares aes256-gcm, whatever ``key_size`` (16, 24 or 32 bytes), as production does.
    ``party_u_info``/``party_v_info``: the ConcatKDF party names (the node: its and the SP's ids).
    """
    return encrypt_plaintext(
        etree.tostring(assertion, encoding="UTF-8"),
        recipient_certificate=recipient_certificate,
        key_size=key_size,
        party_u_info=party_u_info,
        party_v_info=party_v_info,
    )


def encrypt_plaintext(
    plaintext: bytes,
    *,
    recipient_certificate: x509.Certificate,
    key_size: int = 32,
    party_u_info: str = "",
    party_v_info: str = "",
) -> etree._Element:
    """:func:`encrypt_assertion` of arbitrary bytes (tests encrypt hostile plaintexts with it)."""
    if key_size not in (16, 24, 32):
        raise ValueError("key_size must be 16, 24 or 32 bytes")
    recipient_key = recipient_certificate.public_key()
    if not isinstance(recipient_key, ec.EllipticCurvePublicKey) or not isinstance(
        recipient_key.curve, ec.SECP256R1
    ):
        raise ValueError("the recipient certificate does not hold an EC P-256 key")

    ephemeral = ec.generate_private_key(ec.SECP256R1())
    algorithm_id = _length_prefixed_hex(KW_AES256.encode())
    party_u = _length_prefixed_hex(party_u_info.encode())
    party_v = _length_prefixed_hex(party_v_info.encode())
    kek = ConcatKDFHash(
        algorithm=hashes.SHA256(),
        length=32,
        otherinfo=bytes.fromhex(algorithm_id + party_u + party_v),
    ).derive(ephemeral.exchange(ec.ECDH(), recipient_key))
    content_key = os.urandom(key_size)
    nonce = os.urandom(_GCM_NONCE_BYTES)
    ciphertext = nonce + AESGCM(content_key).encrypt(nonce, plaintext, None)

    sub = etree.SubElement
    encrypted_assertion = etree.Element(_q(NS_SAML, "EncryptedAssertion"), nsmap=_NSMAP)
    encrypted_data = sub(
        encrypted_assertion, _q(NS_XENC, "EncryptedData"), Id=_random_id(), Type=ELEMENT_TYPE
    )
    method = sub(encrypted_data, _q(NS_XENC, "EncryptionMethod"), Algorithm=AES256_GCM)
    sub(method, _q(NS_DS, "DigestMethod"), Algorithm=SHA256)
    encrypted_key = sub(
        sub(encrypted_data, _q(NS_DS, "KeyInfo")), _q(NS_XENC, "EncryptedKey"), Id=_random_id()
    )
    sub(encrypted_key, _q(NS_XENC, "EncryptionMethod"), Algorithm=KW_AES256)
    agreement = sub(
        sub(encrypted_key, _q(NS_DS, "KeyInfo")), _q(NS_XENC, "AgreementMethod"), Algorithm=ECDH_ES
    )
    derivation = sub(agreement, _q(NS_XENC11, "KeyDerivationMethod"), Algorithm=CONCAT_KDF)
    params = sub(
        derivation,
        _q(NS_XENC11, "ConcatKDFParams"),
        AlgorithmID=algorithm_id,
        PartyUInfo=party_u,
        PartyVInfo=party_v,
    )
    sub(params, _q(NS_DS, "DigestMethod"), Algorithm=SHA256)
    key_value = sub(
        sub(sub(agreement, _q(NS_XENC, "OriginatorKeyInfo")), _q(NS_DS, "KeyValue")),
        _q(NS_DSIG11, "ECKeyValue"),
    )
    sub(key_value, _q(NS_DSIG11, "NamedCurve"), URI=P256_OID_URI)
    sub(key_value, _q(NS_DSIG11, "PublicKey")).text = base64.b64encode(
        ephemeral.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    ).decode()
    sub(
        sub(encrypted_key, _q(NS_XENC, "CipherData")), _q(NS_XENC, "CipherValue")
    ).text = base64.b64encode(aes_key_wrap(kek, content_key)).decode()
    sub(
        sub(encrypted_data, _q(NS_XENC, "CipherData")), _q(NS_XENC, "CipherValue")
    ).text = base64.b64encode(ciphertext).decode()
    return encrypted_assertion
