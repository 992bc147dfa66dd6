"""The service provider's configuration: one frozen value built from the ``TRUSTED_PROFILE`` dict.

Every check names the key at fault in one sentence, so a wrong setting is found at start-up and
not at the first login. Key material is read from PEM files here, once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from .interface import LOA_ORDER, LOA_SUBSTANTIAL

PROFILE_LOGIN_GOV_PL = "login.gov.pl"
PROFILE_GENERIC = "generic"
PROFILES = (PROFILE_LOGIN_GOV_PL, PROFILE_GENERIC)

BINDING_POST = "post"
BINDING_ARTIFACT = "artifact"
BINDING_REDIRECT = "redirect"

EIDAS_NATURAL_PERSON = "http://eidas.europa.eu/attributes/naturalperson/"
#: The eIDAS attribute names, also the defaults of the generic profile (the dev IdP sends them).
DEFAULT_ATTRIBUTE_NAMES: Mapping[str, str] = {
    "pesel": EIDAS_NATURAL_PERSON + "PersonIdentifier",
    "given_name": EIDAS_NATURAL_PERSON + "CurrentGivenName",
    "family_name": EIDAS_NATURAL_PERSON + "CurrentFamilyName",
    "date_of_birth": EIDAS_NATURAL_PERSON + "DateOfBirth",
}

#: An assertion older than this is refused whatever the clock; larger skews hide broken clocks.
MAX_CLOCK_SKEW_SECONDS = 300
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})


class InvalidConfiguration(ValueError):
    """The ``TRUSTED_PROFILE`` setting is incomplete or wrong; the message names the key."""


@dataclass(frozen=True)
class KeyPair:
    """A private key and its certificate, as PEM text (what xmlsec and python3-saml take)."""

    key_pem: str
    cert_pem: str
    is_ec: bool


@dataclass(frozen=True)
class ProviderConfig:
    """Everything the service provider needs, validated (``TRUSTED_PROFILE`` setting)."""

    profile: str
    sp_entity_id: str
    acs_url: str
    slo_url: str
    #: Where the IdP's SOAP LogoutRequests arrive (login.gov.pl); the front-channel SLO if unset.
    slo_soap_url: str
    signing: KeyPair
    encryption: KeyPair
    idp_entity_id: str
    idp_sso_url: str
    idp_certificates: tuple[str, ...]
    idp_artifact_resolution_url: str = ""
    idp_slo_url: str = ""
    binding: str = BINDING_ARTIFACT
    authn_request_binding: str = BINDING_POST
    required_loa: str = LOA_SUBSTANTIAL
    ca_bundle: str | None = None
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    clock_skew: int = 60
    artifact_lifetime: int = 300
    force_authn: bool = True
    require_encrypted_assertions: bool = True
    provider_name: str = ""
    attribute_names: Mapping[str, str] = field(
        default_factory=lambda: dict(DEFAULT_ATTRIBUTE_NAMES)
    )

    @property
    def is_login_gov_pl(self) -> bool:
        """True for the Węzeł Krajowy profile (artifact, EC keys, eIDAS, SOAP logout)."""
        return self.profile == PROFILE_LOGIN_GOV_PL

    @property
    def logout_over_soap(self) -> bool:
        """Węzeł Krajowy ends sessions over SOAP only; generic IdPs through the browser."""
        return self.is_login_gov_pl

    @property
    def timeouts(self) -> tuple[float, float]:
        """(connect, read) timeouts for the back-channel calls."""
        return (self.connect_timeout, self.read_timeout)

    @property
    def tls_verify(self) -> str | bool:
        """What ``requests`` gets as ``verify``: the CA bundle path, or the system store."""
        return self.ca_bundle or True


def config_from_dict(data: Mapping[str, Any]) -> ProviderConfig:
    """Build and validate a :class:`ProviderConfig` from the plain ``TRUSTED_PROFILE`` dict."""
    reader = _Reader(data)
    profile = reader.choice("profile", PROFILES)
    is_wk = profile == PROFILE_LOGIN_GOV_PL

    sp_base_url = reader.text("sp_base_url", required=False)
    acs_url = reader.endpoint("acs_url", base=sp_base_url)
    slo_url = reader.endpoint("slo_url", base=sp_base_url)
    # The node ends sessions over SOAP only: its logout endpoint must be configured, not guessed
    # from the front-channel one (which answers the browser, not SOAP).
    slo_soap_url = (
        reader.endpoint("slo_soap_url", base=sp_base_url)
        if is_wk or data.get("slo_soap_url")
        else slo_url
    )

    binding = reader.choice("binding", (BINDING_POST, BINDING_ARTIFACT), default=BINDING_ARTIFACT)
    if is_wk and binding != BINDING_ARTIFACT:
        raise InvalidConfiguration(
            "TRUSTED_PROFILE['binding'] must be 'artifact' for login.gov.pl (it sends SAMLart)."
        )
    authn_request_binding = reader.choice(
        "authn_request_binding", (BINDING_POST, BINDING_REDIRECT), default=BINDING_POST
    )

    signing = reader.key_pair("sp_signing_key", "sp_signing_cert")
    encryption = reader.key_pair("sp_encryption_key", "sp_encryption_cert")
    if is_wk and not (signing.is_ec and encryption.is_ec):
        raise InvalidConfiguration(
            "TRUSTED_PROFILE['sp_signing_key'] and ['sp_encryption_key'] must be EC P-256 keys "
            "for login.gov.pl."
        )

    ars_url = reader.back_channel_url("idp_artifact_resolution_url", required=binding == "artifact")
    idp_slo_url = (
        reader.back_channel_url("idp_slo_url", required=True)
        if is_wk
        else reader.url("idp_slo_url", required=False)
    )

    attribute_names = reader.attribute_names()
    if is_wk and attribute_names != DEFAULT_ATTRIBUTE_NAMES:
        raise InvalidConfiguration(
            "TRUSTED_PROFILE['attribute_names'] cannot be changed for login.gov.pl (eIDAS names)."
        )

    provider_name = reader.text("provider_name", required=is_wk)
    clock_skew = reader.number("clock_skew", default=60, maximum=MAX_CLOCK_SKEW_SECONDS)
    return ProviderConfig(
        profile=profile,
        sp_entity_id=reader.text("sp_entity_id"),
        acs_url=acs_url,
        slo_url=slo_url,
        slo_soap_url=slo_soap_url,
        signing=signing,
        encryption=encryption,
        idp_entity_id=reader.text("idp_entity_id"),
        idp_sso_url=reader.url("idp_sso_url", required=True),
        idp_certificates=reader.certificates("idp_certificates"),
        idp_artifact_resolution_url=ars_url,
        idp_slo_url=idp_slo_url,
        binding=binding,
        authn_request_binding=authn_request_binding,
        required_loa=reader.choice("required_loa", LOA_ORDER, default=LOA_SUBSTANTIAL),
        ca_bundle=reader.existing_file("ca_bundle"),
        connect_timeout=reader.number("connect_timeout", default=5, maximum=60),
        read_timeout=reader.number("read_timeout", default=15, maximum=120),
        clock_skew=int(clock_skew),
        artifact_lifetime=int(reader.number("artifact_lifetime", default=300, maximum=3600)),
        force_authn=reader.boolean("force_authn", default=True),
        # Encrypted assertions keep the PESEL out of the browser; only the generic profile may
        # turn this off (for an IdP that cannot encrypt), never login.gov.pl.
        require_encrypted_assertions=is_wk
        or reader.boolean("require_encrypted_assertions", default=True),
        provider_name=provider_name,
        attribute_names=attribute_names,
    )


def is_loopback_host(host: str) -> bool:
    """True for the hosts a plain-http back channel is allowed to (the dev IdP on loopback).

    Only the three usual spellings: anything else on plain http is a configuration mistake.
    """
    return host.lower() in LOOPBACK_HOSTS


def check_back_channel_url(url: str) -> str | None:
    """Why ``url`` may not carry a back-channel call (plain http off loopback), or None."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname and is_loopback_host(parts.hostname):
        return None
    return "must use https (plain http is allowed only to 127.0.0.1, localhost or ::1)"


class _Reader:
    """Reads typed values out of the settings dict; each failure names its key."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        if not isinstance(data, Mapping):
            raise InvalidConfiguration("TRUSTED_PROFILE must be a dict.")
        self.data = data

    def fail(self, key: str, problem: str) -> InvalidConfiguration:
        return InvalidConfiguration(f"TRUSTED_PROFILE[{key!r}] {problem}.")

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.data.get(key)
        if value in (None, ""):
            if required:
                raise self.fail(key, "is missing")
            return ""
        if not isinstance(value, str):
            raise self.fail(key, "must be a string")
        return value

    def choice(self, key: str, allowed: tuple[str, ...], *, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value not in allowed:
            raise self.fail(key, f"must be one of {', '.join(allowed)} (got {value!r})")
        return value

    def number(self, key: str, *, default: float, maximum: float) -> float:
        """A positive number up to ``maximum``; environment variables arrive as text."""
        value = self.data.get(key, default)
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise self.fail(key, f"must be a number, not {value!r}") from None
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if not is_number or not 0 < value <= maximum:
            raise self.fail(key, f"must be a number above 0 and at most {maximum:g}")
        return float(value)

    def boolean(self, key: str, *, default: bool) -> bool:
        """True/False, or their spellings in an environment variable."""
        value = self.data.get(key, default)
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise self.fail(key, f"must be true or false, not {value!r}")

    def attribute_names(self) -> dict[str, str]:
        """Defaults (eIDAS) overridden by ``attribute_names`` or ``attribute_name_<field>``."""
        overrides = self.data.get("attribute_names") or {}
        if not isinstance(overrides, Mapping) or not set(overrides) <= set(DEFAULT_ATTRIBUTE_NAMES):
            raise self.fail(
                "attribute_names", f"must map some of {', '.join(DEFAULT_ATTRIBUTE_NAMES)} to names"
            )
        names = dict(DEFAULT_ATTRIBUTE_NAMES)
        names.update(overrides)
        for field_name in DEFAULT_ATTRIBUTE_NAMES:
            flat = f"attribute_name_{field_name}"
            if flat in self.data:
                names[field_name] = self.text(flat)
        if any(not isinstance(name, str) or not name for name in names.values()):
            raise self.fail("attribute_names", "must map to non-empty strings")
        return names

    def url(self, key: str, *, required: bool) -> str:
        value = self.text(key, required=required)
        if value:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise self.fail(key, "must be an absolute http(s) URL")
        return value

    def endpoint(self, key: str, *, base: str) -> str:
        """An SP endpoint: an absolute URL, or a path joined to ``sp_base_url``."""
        value = self.text(key)
        if value.startswith("/"):
            if not base:
                raise self.fail(key, "is a path, so TRUSTED_PROFILE['sp_base_url'] must be set")
            value = urljoin(base, value)
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise self.fail(key, "must be an absolute http(s) URL or a path under sp_base_url")
        return value

    def back_channel_url(self, key: str, *, required: bool) -> str:
        value = self.url(key, required=required)
        if value and (problem := check_back_channel_url(value)):
            raise self.fail(key, problem)
        return value

    def existing_file(self, key: str) -> str | None:
        value = self.text(key, required=False)
        if value and not Path(value).is_file():
            raise self.fail(key, f"names a file that does not exist: {value}")
        return value or None

    def read_pem(self, key: str) -> bytes:
        path = self.text(key)
        try:
            return Path(path).read_bytes()
        except OSError as error:
            raise self.fail(key, f"cannot be read ({error.strerror}): {path}") from error

    def certificate(self, key: str, path_bytes: bytes) -> x509.Certificate:
        try:
            return x509.load_pem_x509_certificate(path_bytes)
        except ValueError as error:
            raise self.fail(key, "is not a PEM certificate") from error

    def key_pair(self, key_key: str, cert_key: str) -> KeyPair:
        key_pem = self.read_pem(key_key)
        try:
            private_key = load_pem_private_key(key_pem, password=None)
        except (ValueError, TypeError) as error:
            raise self.fail(key_key, "is not an unencrypted PEM private key") from error
        if not isinstance(private_key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
            raise self.fail(key_key, "must be an RSA or EC key")
        if isinstance(private_key, ec.EllipticCurvePrivateKey) and not isinstance(
            private_key.curve, ec.SECP256R1
        ):
            raise self.fail(key_key, "must be on the P-256 curve")
        cert_pem = self.read_pem(cert_key)
        certificate = self.certificate(cert_key, cert_pem)
        if certificate.public_key().public_numbers() != private_key.public_key().public_numbers():
            raise self.fail(cert_key, f"does not belong to the key in {key_key}")
        return KeyPair(
            key_pem=key_pem.decode("ascii"),
            cert_pem=cert_pem.decode("ascii"),
            is_ec=isinstance(private_key, ec.EllipticCurvePrivateKey),
        )

    def certificates(self, key: str) -> tuple[str, ...]:
        paths = self.data.get(key)
        if isinstance(paths, str):
            paths = [paths]
        if not paths or not isinstance(paths, list | tuple):
            raise self.fail(key, "must list one or more PEM certificate files")
        pems = []
        for path in paths:
            try:
                pem = Path(path).read_bytes()
            except OSError as error:
                raise self.fail(key, f"lists a file that cannot be read: {path}") from error
            self.certificate(key, pem)
            pems.append(pem.decode("ascii"))
        return tuple(pems)
