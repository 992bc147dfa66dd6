"""The dev/test SAML IdP: Debian's SimpleSAMLphp under ``php -S`` on loopback.

Its configuration is generated in the cache folder from the templates in
``site/services/simplesamlphp/`` on every start (its keys, secrets and registered service
providers are kept). The residents who can log in are in ``idp_residents``. The portal's SP is
registered with ``register_sp``, which SimpleSAMLphp picks up on its next request.

Where things are (``.cache/`` by default, port 8089 unless ``EURZAD_IDP_PORT`` says otherwise):

    http://127.0.0.1:8089/simplesaml/saml2/idp/metadata.php      entity id and metadata
    http://127.0.0.1:8089/simplesaml/saml2/idp/SSOService.php    single sign-on (Redirect, POST)
    .../saml2/idp/SingleLogoutService.php                        single logout (Redirect, POST)
    .../saml2/idp/ArtifactResolutionService.php                  artifact resolution (SOAP)
    .cache/simplesamlphp/cert/idp.crt                            the IdP's signing certificate
    .cache/saml/sp-signing.key|crt, sp-encryption.key|crt         the `make run` SP's keys
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import secrets
import shutil
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from eurzad.devservices import idp_residents, paths, saml_keys
from eurzad.devservices.process import (
    ServiceError,
    ServiceStatus,
    pid_runs,
    port_open,
    read_pid_file,
    run,
    say,
    spawn_detached,
    tail,
    terminate,
    wait_for,
)

NAME = "simplesamlphp"
DEFAULT_PORT = 8089
PACKAGES = ("simplesamlphp", "php-cli", "php-xml", "php-sqlite3")
SIMPLESAMLPHP = Path("/usr/share/simplesamlphp")
TEMPLATES = paths.REPO_ROOT / "site" / "services" / "simplesamlphp"
# Serves SimpleSAMLphp as it is, but for a fixed artifact resolution service (see the file).
ROUTER = TEMPLATES / "router.php"
ENSURE_PACKAGES = paths.REPO_ROOT / "site" / "bin" / "ensure-debian-packages"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0

BINDING_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
BINDING_ARTIFACT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"
BINDING_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
NAME_FORMAT_URI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"

# The SP of `make run` (Django's dev server), registered on every start.
DEV_SP_BASE_URL = "http://127.0.0.1:8000"
DEV_SP_ENTITY_ID = f"{DEV_SP_BASE_URL}/saml/metadata/"
DEV_SP_ACS_URL = f"{DEV_SP_BASE_URL}/saml/acs/"
DEV_SP_SLO_URL = f"{DEV_SP_BASE_URL}/saml/slo/"


def idp_port() -> int:
    """The IdP's port: ``EURZAD_IDP_PORT`` or 8089."""
    raw = os.environ.get("EURZAD_IDP_PORT", "").strip()
    if not raw:
        return DEFAULT_PORT
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ServiceError(f"EURZAD_IDP_PORT must be a TCP port number (1-65535); got {raw!r}.")
    return int(raw)


@dataclass(frozen=True)
class SimpleSAMLphpConfig:
    """Where the IdP's generated configuration and state live, and its port."""

    cache: Path
    port: int
    host: str = paths.HOST

    def __post_init__(self) -> None:
        # The document root identifies our php process in the process table: keep it absolute.
        object.__setattr__(self, "cache", Path(self.cache).resolve())

    @classmethod
    def from_environment(cls) -> SimpleSAMLphpConfig:
        """The configured IdP: ``EURZAD_CACHE_DIR`` and ``EURZAD_IDP_PORT``."""
        return cls(cache=paths.cache_dir(), port=idp_port())

    @property
    def root(self) -> Path:
        """Everything the IdP keeps: configuration, keys, store, logs."""
        return self.cache / "simplesamlphp"

    @property
    def config_dir(self) -> Path:
        """SIMPLESAMLPHP_CONFIG_DIR: config.php and authsources.php."""
        return self.root / "config"

    @property
    def metadata_dir(self) -> Path:
        """The IdP's own metadata and that of the registered SPs."""
        return self.config_dir / "metadata"

    @property
    def cert_dir(self) -> Path:
        """The IdP's key and certificate."""
        return self.root / "cert"

    @property
    def certificate(self) -> Path:
        """The IdP's signing certificate (PEM), which SPs must trust."""
        return self.cert_dir / "idp.crt"

    @property
    def docroot(self) -> Path:
        """php -S serves this folder; ``simplesaml`` in it links to SimpleSAMLphp's www."""
        return self.root / "docroot"

    @property
    def log_dir(self) -> Path:
        """SimpleSAMLphp's own log (simplesamlphp.log) and the web server's (php-server.log)."""
        return self.root / "log"

    @property
    def server_log(self) -> Path:
        """The output of php -S: one line a request, and PHP errors."""
        return self.log_dir / "php-server.log"

    @property
    def pid_file(self) -> Path:
        """The php process's pid (line 1) and port (line 2)."""
        return self.root / "php.pid"

    @property
    def secrets_file(self) -> Path:
        """The secret salt and admin password, made once."""
        return self.root / "secrets.json"

    @property
    def sp_registry(self) -> Path:
        """The registered SPs by entity id (saml20-sp-remote.php is rendered from it)."""
        return self.root / "registered-sps.json"

    @property
    def sp_key_dir(self) -> Path:
        """The `make run` SP's keys: sp-signing.key|crt and sp-encryption.key|crt."""
        return self.cache / "saml"

    @property
    def address(self) -> str:
        """host:port."""
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """EURZAD_IDP_URL: SimpleSAMLphp's base URL, without a trailing slash."""
        return f"http://{self.address}/simplesaml"


@dataclass(frozen=True)
class IdPEndpoints:
    """What an SP needs to know about the dev IdP."""

    entity_id: str
    metadata_url: str
    sso_url: str
    slo_url: str
    artifact_resolution_url: str
    certificate_path: Path


@dataclass(frozen=True)
class DevServiceProvider:
    """The SP of `make run`, as registered at the IdP, and where its keys are."""

    entity_id: str
    acs_url: str
    slo_url: str
    signing_key_path: Path
    signing_cert_path: Path
    encryption_key_path: Path
    encryption_cert_path: Path


def idp_endpoints(*, config: SimpleSAMLphpConfig | None = None) -> IdPEndpoints:
    """The IdP's entity id, endpoint URLs and certificate path (nothing is started or made)."""
    config = config or SimpleSAMLphpConfig.from_environment()
    idp = f"{config.url}/saml2/idp"
    return IdPEndpoints(
        entity_id=f"{idp}/metadata.php",
        metadata_url=f"{idp}/metadata.php",
        sso_url=f"{idp}/SSOService.php",
        slo_url=f"{idp}/SingleLogoutService.php",
        artifact_resolution_url=f"{idp}/ArtifactResolutionService.php",
        certificate_path=config.certificate,
    )


def idp_metadata_url(*, config: SimpleSAMLphpConfig | None = None) -> str:
    """Where the IdP publishes its SAML metadata (the URL is also its entity id)."""
    return idp_endpoints(config=config).metadata_url


def dev_service_provider(*, config: SimpleSAMLphpConfig | None = None) -> DevServiceProvider:
    """The `make run` SP: its URLs at 127.0.0.1:8000 and its key paths (made by ``start``)."""
    config = config or SimpleSAMLphpConfig.from_environment()
    keys = config.sp_key_dir
    return DevServiceProvider(
        entity_id=DEV_SP_ENTITY_ID,
        acs_url=DEV_SP_ACS_URL,
        slo_url=DEV_SP_SLO_URL,
        signing_key_path=keys / "sp-signing.key",
        signing_cert_path=keys / "sp-signing.crt",
        encryption_key_path=keys / "sp-encryption.key",
        encryption_cert_path=keys / "sp-encryption.crt",
    )


# --- the generated configuration -----------------------------------------------------------------

PhpValue = str | int | bool | None | Path | list["PhpValue"] | tuple | Mapping[str, "PhpValue"]


def php_literal(value: PhpValue, *, indent: int = 0) -> str:
    """``value`` as a PHP literal; strings single-quoted, so nothing in them is interpolated.

    Arrays of arrays are spread over lines, ``indent`` levels deep, for a readable file.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Path):
        value = str(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, list | tuple):
        items = [php_literal(item, indent=indent + 1) for item in value]
    elif isinstance(value, Mapping):
        items = [
            f"{php_literal(str(key))} => {php_literal(item, indent=indent + 1)}"
            for key, item in value.items()
        ]
    else:
        raise TypeError(f"No PHP literal for {type(value).__name__}.")
    nested = any(isinstance(item, list | tuple | Mapping) for item in _members(value))
    if not nested:
        return "[" + ", ".join(items) + "]"
    inner = "    " * (indent + 1)
    return "[\n" + "".join(f"{inner}{item},\n" for item in items) + "    " * indent + "]"


def _members(value: list | tuple | Mapping) -> list[object]:
    return list(value.values()) if isinstance(value, Mapping) else list(value)


_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def _render(
    template: Path, target: Path, values: Mapping[str, PhpValue], *, private: bool = False
) -> None:
    """Fill the ``{{ name }}`` placeholders of ``template`` with PHP literals into ``target``."""
    text = _fill(template.read_text(encoding="utf-8"), values, source=template)
    _write_atomically(target, text, private=private)


def _fill(text: str, values: Mapping[str, PhpValue], *, source: Path) -> str:
    """``text`` with each ``{{ name }}`` replaced by ``values[name]`` as a PHP literal.

    A multi-line literal is indented to match the line its placeholder stands on.
    """

    def literal(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise ServiceError(f"{source} uses {{{{ {name} }}}}, which the launcher lacks.")
        line = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
        return php_literal(values[name], indent=(len(line) - len(line.lstrip(" "))) // 4)

    return _PLACEHOLDER.sub(literal, text)


def _write_atomically(target: Path, text: str, *, private: bool = False) -> None:
    """Replace ``target`` in one step: SimpleSAMLphp may be reading it at this very moment.

    ``private`` files (secrets) are readable by their owner only, from the first byte on.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    partial.replace(target)


def _secrets(config: SimpleSAMLphpConfig) -> dict[str, str]:
    """The secret salt and admin password: random once, then kept (sessions survive restarts)."""
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        kept = json.loads(config.secrets_file.read_text())
        return {"secretsalt": str(kept["secretsalt"]), "adminpassword": str(kept["adminpassword"])}
    made = {"secretsalt": secrets.token_hex(32), "adminpassword": secrets.token_urlsafe(12)}
    config.root.mkdir(parents=True, exist_ok=True)
    _write_atomically(config.secrets_file, json.dumps(made, indent=2) + "\n", private=True)
    return made


def admin_password(*, config: SimpleSAMLphpConfig | None = None) -> str:
    """The password of SimpleSAMLphp's admin pages (user ``admin``), made at the first start."""
    config = config or SimpleSAMLphpConfig.from_environment()
    return _secrets(config)["adminpassword"]


def _residents() -> dict[str, dict[str, list[str]]]:
    return {
        f"{person.username}:{person.password}": person.attributes()
        for person in idp_residents.RESIDENTS
    }


def write_configuration(config: SimpleSAMLphpConfig) -> None:
    """Generate the configuration folder, the IdP's keys and the docroot (idempotent)."""
    for folder in (config.metadata_dir, config.log_dir, config.root / "data", config.root / "tmp"):
        folder.mkdir(parents=True, exist_ok=True)
    key, certificate = saml_keys.ensure_key_pair(config.cert_dir, "idp", kind="rsa")
    values: dict[str, PhpValue] = {
        **_secrets(config),
        "certdir": f"{config.cert_dir}/",
        "loggingdir": f"{config.log_dir}/",
        "datadir": f"{config.root / 'data'}/",
        "tempdir": str(config.root / "tmp"),
        "metadatadir": f"{config.metadata_dir}/",
        "store_dsn": f"sqlite:{config.root / 'store.sqlite'}",
        "residents": _residents(),
        "entity_id": idp_endpoints(config=config).entity_id,
        "privatekey": key.name,
        "certificate": certificate.name,
    }
    # config.php holds the secret salt and the admin password.
    _render(TEMPLATES / "config.php", config.config_dir / "config.php", values, private=True)
    _render(TEMPLATES / "authsources.php", config.config_dir / "authsources.php", values)
    _render(
        TEMPLATES / "metadata" / "saml20-idp-hosted.php",
        config.metadata_dir / "saml20-idp-hosted.php",
        values,
    )
    link = config.docroot / "simplesaml"
    config.docroot.mkdir(parents=True, exist_ok=True)
    if not (link.is_symlink() and link.readlink() == SIMPLESAMLPHP / "www"):
        link.unlink(missing_ok=True)
        link.symlink_to(SIMPLESAMLPHP / "www", target_is_directory=True)


# --- registering service providers ---------------------------------------------------------------


def register_sp(
    *,
    entity_id: str,
    acs_url: str,
    slo_url: str,
    signing_cert_pem: str,
    encryption_cert_pem: str,
    artifact: bool,
    config: SimpleSAMLphpConfig | None = None,
) -> None:
    """Register (or replace) the SP ``entity_id`` at the IdP; it takes effect at the next request.

    The ACS takes both bindings at the same URL; ``artifact`` makes HTTP-Artifact the default
    (an AuthnRequest's ProtocolBinding still chooses). The IdP requires signed AuthnRequests and
    LogoutRequests, signs responses and assertions (RSA-SHA256) and encrypts assertions.
    Other registered SPs are kept.
    """
    config = config or SimpleSAMLphpConfig.from_environment()
    signing = saml_keys.certificate_body(signing_cert_pem)
    encryption = saml_keys.certificate_body(encryption_cert_pem)
    preferred, other = (
        (BINDING_ARTIFACT, BINDING_POST) if artifact else (BINDING_POST, BINDING_ARTIFACT)
    )
    metadata: dict[str, PhpValue] = {
        "AssertionConsumerService": [
            {"index": 0, "isDefault": True, "Binding": preferred, "Location": acs_url},
            {"index": 1, "isDefault": False, "Binding": other, "Location": acs_url},
        ],
        "SingleLogoutService": [{"Binding": BINDING_REDIRECT, "Location": slo_url}],
        "saml20.sendartifact": artifact,
        "validate.authnrequest": True,
        "validate.logout": True,
        "saml20.sign.assertion": True,
        "saml20.sign.response": True,
        "sign.logout": True,
        "assertion.encryption": True,
        "signature.algorithm": RSA_SHA256,
        "attributes.NameFormat": NAME_FORMAT_URI,
        "keys": [
            {
                "type": "X509Certificate",
                "signing": True,
                "encryption": False,
                "X509Certificate": signing,
            },
            {
                "type": "X509Certificate",
                "signing": False,
                "encryption": True,
                "X509Certificate": encryption,
            },
        ],
    }
    config.metadata_dir.mkdir(parents=True, exist_ok=True)
    # Tests in parallel processes may register at once: one writer at a time.
    with (config.root / "registered-sps.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        registered = _registered(config)
        registered[entity_id] = metadata
        _write_atomically(config.sp_registry, json.dumps(registered, indent=2) + "\n")
        _write_sp_remote(config, registered)


def _registered(config: SimpleSAMLphpConfig) -> dict[str, dict[str, PhpValue]]:
    try:
        return json.loads(config.sp_registry.read_text())
    except FileNotFoundError:
        return {}
    except ValueError as error:
        raise ServiceError(f"{config.sp_registry} is not valid JSON; delete it.") from error


def _write_sp_remote(config: SimpleSAMLphpConfig, registered: Mapping[str, PhpValue]) -> None:
    """saml20-sp-remote.php: the template's ``$metadata[...]`` line once for each SP."""
    template = TEMPLATES / "metadata" / "saml20-sp-remote.php"
    head, entry = template.read_text(encoding="utf-8").split("$metadata[", 1)
    entries = (
        _fill(f"$metadata[{entry}", {"entity_id": sp_id, "sp": sp}, source=template)
        for sp_id, sp in registered.items()
    )
    _write_atomically(config.metadata_dir / "saml20-sp-remote.php", head + "".join(entries))


def register_dev_service_provider(config: SimpleSAMLphpConfig) -> DevServiceProvider:
    """Make the `make run` SP's RSA keys if missing and register it (artifact binding)."""
    sp = dev_service_provider(config=config)
    _, signing_cert = saml_keys.ensure_key_pair(config.sp_key_dir, "sp-signing", kind="rsa")
    _, encryption_cert = saml_keys.ensure_key_pair(config.sp_key_dir, "sp-encryption", kind="rsa")
    register_sp(
        entity_id=sp.entity_id,
        acs_url=sp.acs_url,
        slo_url=sp.slo_url,
        signing_cert_pem=signing_cert.read_text(),
        encryption_cert_pem=encryption_cert.read_text(),
        artifact=True,
        config=config,
    )
    return sp


# --- state ---------------------------------------------------------------------------------------


def _marker(config: SimpleSAMLphpConfig) -> str:
    """What identifies our php process in the process table."""
    return f"-t {config.docroot} "


def _running(config: SimpleSAMLphpConfig) -> tuple[int, int] | None:
    """(pid, port) of the live php server, or None."""
    pid = read_pid_file(config.pid_file)
    if pid is None or not pid_runs(pid, _marker(config)):
        return None
    try:
        port = int(config.pid_file.read_text().splitlines()[1])
    except (OSError, IndexError, ValueError):
        port = config.port
    return pid, port


def _answers(config: SimpleSAMLphpConfig, port: int) -> bool:
    """True when the IdP serves its metadata (so PHP and the configuration both work)."""
    url = f"http://{config.host}:{port}/simplesaml/saml2/idp/metadata.php"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200 and b"EntityDescriptor" in response.read()
    except (OSError, urllib.error.URLError):
        return False


def status(config: SimpleSAMLphpConfig) -> ServiceStatus:
    """Whether the IdP runs, and where."""
    running = _running(config)
    if running is None:
        stale = "stale pid file" if config.pid_file.exists() else ""
        return ServiceStatus(NAME, False, config.address, detail=stale)
    pid, port = running
    answering = "" if _answers(config, port) else ", not answering yet"
    return ServiceStatus(NAME, True, f"{config.host}:{port}", detail=f"pid {pid}{answering}")


# --- start, stop ---------------------------------------------------------------------------------


def ensure_installed() -> str:
    """The php binary; Debian's packages are installed first when any of them is missing."""
    run(
        [str(ENSURE_PACKAGES), *PACKAGES],
        what=f"install {', '.join(PACKAGES)}",
        progress=f"{NAME}: checking the Debian packages",
    )
    php = shutil.which("php")
    if php is None or not (SIMPLESAMLPHP / "www" / "_include.php").exists():
        raise ServiceError(
            f"php or {SIMPLESAMLPHP}/www is still missing after installing {', '.join(PACKAGES)}."
        )
    return php


def start(config: SimpleSAMLphpConfig) -> bool:
    """Start the IdP (generating its configuration first); False when it was already running."""
    running = _running(config)
    if running is not None:
        pid, port = running
        if port != config.port:
            raise ServiceError(
                f"{NAME} is already running on {config.host}:{port} (pid {pid}), not on the "
                f"configured port {config.port}; stop it first."
            )
        wait_for(
            lambda: _answers(config, port),
            timeout=START_TIMEOUT,
            message=f"{NAME}: running (pid {pid}), waiting for it to answer",
        )
        say(f"{NAME}: already running on {config.address}")
        return False
    if config.pid_file.exists():
        say(f"{NAME}: removing the stale pid file of pid {read_pid_file(config.pid_file)}")
        config.pid_file.unlink()
    if port_open(config.host, config.port):
        raise ServiceError(
            f"Port {config.address} is taken by another program, so {NAME} cannot start there; "
            "stop that program or set EURZAD_IDP_PORT to a free port."
        )

    php = ensure_installed()
    say(f"{NAME}: writing its configuration to {config.config_dir}")
    write_configuration(config)
    register_dev_service_provider(config)

    say(f"{NAME}: starting on {config.address}…")
    if config.server_log.exists():
        # So that the end of the log, shown when the start fails, is about this start.
        config.server_log.replace(config.server_log.with_name(f"{config.server_log.name}.1"))
    pid = spawn_detached(
        [
            # `env` execs php in its place, so the pid below is php's.
            "env",
            f"SIMPLESAMLPHP_CONFIG_DIR={config.config_dir}",
            php,
            "-S",
            config.address,
            "-t",
            str(config.docroot),
            str(ROUTER),
        ],
        log=config.server_log,
        cwd=config.root,
    )
    config.pid_file.write_text(f"{pid}\n{config.port}\n")

    def died() -> str | None:
        return None if pid_runs(pid, _marker(config)) else f"{NAME} exited during start-up"

    try:
        took = wait_for(
            lambda: _answers(config, config.port),
            timeout=START_TIMEOUT,
            message=f"{NAME}: waiting for the IdP metadata",
            failed=died,
        )
    except ServiceError as error:
        if pid_runs(pid, _marker(config)):
            stop(config)  # leave nothing half-started behind
        details = tail(config.server_log) + "\n" + tail(config.log_dir / "simplesamlphp.log")
        raise ServiceError(
            f"{error}; the end of {config.server_log} and of SimpleSAMLphp's log follow.",
            details=details.strip(),
        ) from error
    say(f"{NAME}: running on {config.address} ({config.url}/, {took:.0f} s)")
    return True


def stop(config: SimpleSAMLphpConfig) -> bool:
    """Stop the IdP (SIGTERM, SIGKILL after 10 s); False when it was not running."""
    running = _running(config)
    if running is None:
        if config.pid_file.exists():
            say(f"{NAME}: removing the stale pid file of pid {read_pid_file(config.pid_file)}")
            config.pid_file.unlink(missing_ok=True)
        say(f"{NAME}: not running")
        return False
    pid, _ = running
    say(f"{NAME}: stopping…")
    terminate([pid], timeout=STOP_TIMEOUT, what=NAME)
    config.pid_file.unlink(missing_ok=True)
    say(f"{NAME}: stopped")
    return True
