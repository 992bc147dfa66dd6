"""Key pairs and self-signed certificates for the dev SAML parties (the dev IdP, the dev SP).

The only module of the launchers that needs a third-party package: ``cryptography``, imported
when a key is first made, so that the other services start before the venv is complete.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Literal

from eurzad.devservices.process import ServiceError

VALIDITY = datetime.timedelta(days=3653)  # ten years: a dev key should never expire mid-project
RSA_BITS = 2048


def ensure_key_pair(directory: Path, name: str, *, kind: Literal["rsa", "ec"]) -> tuple[Path, Path]:
    """``directory/name.key`` and ``directory/name.crt``: made once, then reused as they are.

    The key is unencrypted PKCS#8 PEM (RSA 2048 or EC P-256), readable by its owner only; the
    certificate is self-signed with CN = ``name``. A pair with one half missing is made anew.
    """
    if kind not in ("rsa", "ec"):
        raise ServiceError(f"A SAML key is 'rsa' or 'ec'; got {kind!r}.")
    key_path = directory / f"{name}.key"
    cert_path = directory / f"{name}.crt"
    if key_path.exists() and cert_path.exists():
        return key_path, cert_path

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import NameOID

    if kind == "rsa":
        key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    else:
        key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write_private(key_path, key_pem)
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to a file that is created readable by its owner only."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def certificate_body(pem: str) -> str:
    """A PEM certificate's base64 DER without armour or line breaks (as SAML metadata holds it)."""
    lines = [line.strip() for line in pem.strip().splitlines()]
    if (
        len(lines) < 3
        or lines[0] != "-----BEGIN CERTIFICATE-----"
        or lines[-1] != "-----END CERTIFICATE-----"
    ):
        raise ServiceError("A SAML certificate must be given as one PEM certificate.")
    return "".join(lines[1:-1])
