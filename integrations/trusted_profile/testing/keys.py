"""Throw-away keys and certificates for tests: SAML signing/encryption pairs and a TLS server."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

#: Fixed and wide on purpose: tests travel in time (time-machine) while OpenSSL checks TLS
#: certificates against the real clock, so a window around "now" would break either side.
VALID_FROM = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
VALID_UNTIL = dt.datetime(2099, 12, 31, tzinfo=dt.UTC)


@dataclass(frozen=True)
class KeyPair:
    """A private key and its certificate, as objects and as PEM."""

    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    certificate: x509.Certificate

    @property
    def key_pem(self) -> bytes:
        """The private key, unencrypted PKCS#8 PEM."""
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    @property
    def cert_pem(self) -> bytes:
        """The certificate, PEM."""
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def _certificate(
    *,
    subject: str,
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    issuer: KeyPair | None = None,
    ca: bool = False,
    ip_address: str | None = None,
) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer.certificate.subject if issuer else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM)
        .not_valid_after(VALID_UNTIL)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ip_address:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(ip_address)), x509.DNSName("localhost")]
            ),
            critical=False,
        )
    return builder.sign(issuer.key if issuer else key, hashes.SHA256())


def make_key_pair(*, kind: str = "ec", common_name: str = "test") -> KeyPair:
    """A fresh EC P-256 (``kind="ec"``) or RSA-2048 (``kind="rsa"``) key, self-signed."""
    if kind == "ec":
        key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey = ec.generate_private_key(
            ec.SECP256R1()
        )
    elif kind == "rsa":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    else:
        raise ValueError(f"unknown key kind {kind!r}")
    return KeyPair(key=key, certificate=_certificate(subject=common_name, key=key))


@dataclass(frozen=True)
class TLSFiles:
    """PEM files of a TLS server on ``ip_address`` and of the CA that issued its certificate."""

    ca_bundle_path: str
    cert_path: str
    key_path: str


def write_tls_files(directory: str, *, ip_address: str = "127.0.0.1") -> TLSFiles:
    """A throw-away CA and a server certificate for ``ip_address`` (and localhost), as files."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = KeyPair(key=ca_key, certificate=_certificate(subject="test CA", key=ca_key, ca=True))
    server_key = ec.generate_private_key(ec.SECP256R1())
    server = KeyPair(
        key=server_key,
        certificate=_certificate(
            subject=ip_address, key=server_key, issuer=ca, ip_address=ip_address
        ),
    )
    files = TLSFiles(
        ca_bundle_path=os.path.join(directory, "ca.pem"),
        cert_path=os.path.join(directory, "server.pem"),
        key_path=os.path.join(directory, "server.key"),
    )
    for path, content in (
        (files.ca_bundle_path, ca.cert_pem),
        (files.cert_path, server.cert_pem),
        (files.key_path, server.key_pem),
    ):
        with open(path, "wb") as out:
            out.write(content)
    return files
