"""The production compose file (site/deploy/) renders, wires the services as intended and fails
loudly without its secrets; the Gunicorn configuration is valid Python.

The compose file is rendered by Debian's `docker-compose` (the 1.29 Python tool): no Docker
engine is needed for `config`, and what that older tool accepts, the modern `docker compose`
plugin accepts as well.
"""

from __future__ import annotations

import os
import re
import runpy
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from eurzad.settings.environment import read_environment
from integrations.trusted_profile.config import config_from_dict
from integrations.trusted_profile.testing.keys import make_key_pair

REPO_ROOT = Path(__file__).resolve().parents[2]
DEPLOY = REPO_ROOT / "site" / "deploy"
COMPOSE_FILE = DEPLOY / "compose.yaml"
ENV_EXAMPLE = DEPLOY / "portal.env.example"
GUNICORN_CONF = DEPLOY / "gunicorn.conf.py"
# Where the app container finds the SAML key files (compose.yaml fixes the paths under it).
SAML_MOUNT = "/run/saml"

SERVICES = {"postgres", "opensearch", "redis", "app", "worker", "scheduler", "migrate", "proxy"}
PORTAL_SERVICES = ("app", "worker", "scheduler", "migrate")
# What portal.env.example leaves empty on purpose (the secrets, and the node's entity id, which
# only the office's registration confirms); the tests supply throwaway values.
SECRETS = {
    "DJANGO_SECRET_KEY": "test-only-" + "k" * 60,
    "PERSONAL_DATA_KEY": "test-only-" + "p" * 40,
    "POSTGRES_PASSWORD": "0123456789abcdef",
    "TRUSTED_PROFILE_IDP_ENTITY_ID": "https://idp.example.invalid/",
}


def _docker_compose() -> str:
    path = shutil.which("docker-compose") or "/usr/bin/docker-compose"
    if not os.access(path, os.X_OK):
        pytest.fail(
            "docker-compose is not installed: install the Debian package `docker-compose` "
            "(apt-get install docker-compose); these tests validate site/deploy/compose.yaml "
            "with it."
        )
    return path


def _compose_config(
    tmp_path: Path, *, env: dict[str, str], env_file: Path | None = ENV_EXAMPLE
) -> subprocess.CompletedProcess[str]:
    """Run `docker-compose config` from the repository root with exactly `env` (plus PATH)."""
    command = [_docker_compose(), "-f", str(COMPOSE_FILE.relative_to(REPO_ROOT))]
    if env_file is not None:
        command += ["--env-file", str(env_file)]
    command.append("config")
    clean_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), **env}
    return subprocess.run(
        command, cwd=REPO_ROOT, env=clean_env, capture_output=True, text=True, timeout=120
    )


def _volume(volume: str | dict) -> tuple[str, str, bool]:
    """(source, target, read-only) of a rendered volume, short or long syntax."""
    if isinstance(volume, dict):
        return volume.get("source", ""), volume["target"], bool(volume.get("read_only"))
    source, target, *mode = volume.split(":")
    return source, target, mode == ["ro"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The compose file as rendered with the example env file plus the secrets."""
    result = _compose_config(tmp_path_factory.mktemp("compose"), env=SECRETS)
    assert result.returncode == 0, (
        f"docker-compose config failed (exit {result.returncode}):\n{result.stderr}"
    )
    return yaml.safe_load(result.stdout)


def test_the_file_renders_with_every_service(rendered: dict) -> None:
    assert set(rendered["services"]) == SERVICES


def test_only_the_proxy_publishes_ports(rendered: dict) -> None:
    publishing = {name for name, service in rendered["services"].items() if service.get("ports")}
    assert publishing == {"proxy"}
    published = {int(port["published"]) for port in rendered["services"]["proxy"]["ports"]}
    assert published == {80, 443}


def test_data_services_live_only_on_the_internal_network(rendered: dict) -> None:
    assert rendered["networks"]["backend"].get("internal") is True
    for name in ("postgres", "opensearch", "redis"):
        assert set(rendered["services"][name]["networks"]) == {"backend"}, name
    assert set(rendered["services"]["proxy"]["networks"]) == {"frontend"}


def test_app_and_worker_wait_for_the_migrate_job(rendered: dict) -> None:
    services = rendered["services"]
    for name in ("app", "worker"):
        depends_on = services[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully", name
        assert depends_on["postgres"]["condition"] == "service_healthy", name
    assert services["migrate"]["restart"] == "no"
    assert "migrate" in " ".join(services["migrate"]["command"])
    assert services["worker"]["command"] == ["python", "manage.py", "db_worker"]
    assert "healthcheck" in services["postgres"]


def test_portal_containers_get_the_production_configuration(rendered: dict) -> None:
    for name in PORTAL_SERVICES:
        environment = rendered["services"][name]["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "eurzad.settings.production", name
        assert environment["DJANGO_DEBUG"] == "false", name
        assert environment["DJANGO_BEHIND_TLS_PROXY"] == "true", name
        assert environment["DJANGO_SECRET_KEY"] == SECRETS["DJANGO_SECRET_KEY"], name
        assert environment["DATABASE_URL"].startswith("postgres://"), name
        assert environment["DATABASE_URL"].endswith("@postgres:5432/eurzad"), name
        assert environment["CACHE_URL"].startswith("redis://redis:"), name
        assert environment["SEARCH_URL"] == "http://opensearch:9200", name
    # Gunicorn parses WEB_CONCURRENCY itself: it must never be passed empty.
    assert rendered["services"]["app"]["environment"]["WEB_CONCURRENCY"].isdigit()


def test_every_setting_the_portal_reads_is_passed_to_its_containers(rendered: dict) -> None:
    """A new variable in eurzad/settings/environment.py must be wired in compose.yaml too."""
    source = (REPO_ROOT / "site" / "eurzad" / "settings" / "environment.py").read_text()
    read = set(
        re.findall(
            r"(?:(?:env\.\w+|_bool|_int|source\.get)\(\s*|_origin_list\(\s*env,\s*)"
            r"\"([A-Z][A-Z0-9_]+)\"",
            source,
        )
    )
    assert {"DJANGO_SECRET_KEY", "TRUSTED_PROFILE", "CSP_EXTRA_FORM_ACTION"} <= read, (
        "the pattern no longer finds the variables"
    )
    passed = set(rendered["services"]["app"]["environment"])
    assert read - passed == set()


def _container_paths(value: str, *, directory: Path) -> str:
    """``value`` with the app's /run/saml/ mount point replaced by ``directory``."""
    return value.replace(f"{SAML_MOUNT}/", f"{directory}/")


def test_the_login_settings_reach_the_app_and_make_a_valid_login_gov_pl_provider(
    rendered: dict, tmp_path: Path
) -> None:
    """The app gets every TRUSTED_PROFILE_* value and the key mount; with keys at the mounted
    paths, the portal accepts the example's login.gov.pl configuration as it stands."""
    app = rendered["services"]["app"]
    environment = app["environment"]
    mounts = [_volume(volume) for volume in app["volumes"]]
    assert ("/etc/eurzad/saml", SAML_MOUNT, True) in mounts
    for name in ("sp-signing", "sp-encryption"):
        pair = make_key_pair(common_name=name)
        (tmp_path / f"{name}.key").write_bytes(pair.key_pem)
        (tmp_path / f"{name}.crt").write_bytes(pair.cert_pem)
    (tmp_path / "idp.crt").write_bytes(make_key_pair(common_name="node").cert_pem)
    in_container = {
        name: _container_paths(str(value), directory=tmp_path)
        for name, value in environment.items()
    }

    config = config_from_dict(read_environment(in_container).trusted_profile)

    assert config.is_login_gov_pl
    assert config.sp_entity_id == "https://e-urzad.example.org/saml/metadata/"
    assert config.acs_url == "https://e-urzad.example.org/saml/acs/"
    assert config.slo_url == "https://e-urzad.example.org/saml/slo/"
    assert config.slo_soap_url == "https://e-urzad.example.org/saml/slo/soap/"
    assert config.idp_entity_id == SECRETS["TRUSTED_PROFILE_IDP_ENTITY_ID"]
    assert config.idp_artifact_resolution_url.startswith("https://login.gov.pl/")
    assert config.signing.is_ec and config.encryption.is_ec
    assert config.provider_name
    # Left empty in the example, so the portal's least permissive defaults hold.
    assert config.force_authn is True
    assert config.require_encrypted_assertions is True
    assert config.ca_bundle is None
    # The login page posts to the node: the CSP must allow that origin.
    sso = urlsplit(config.idp_sso_url)
    assert f"{sso.scheme}://{sso.netloc}" in environment["CSP_EXTRA_FORM_ACTION"].split(",")


def test_only_the_app_mounts_the_saml_keys(rendered: dict) -> None:
    for name in ("worker", "scheduler", "migrate", "proxy"):
        targets = {_volume(volume)[1] for volume in rendered["services"][name].get("volumes", [])}
        assert SAML_MOUNT not in targets, name
    for name in PORTAL_SERVICES:
        assert rendered["services"][name]["environment"]["TRUSTED_PROFILE"] == "login.gov.pl"


def test_a_missing_saml_key_folder_stops_compose_with_its_message(tmp_path: Path) -> None:
    env = {**SECRETS, "SAML_KEYS_DIR": ""}
    result = _compose_config(tmp_path, env=env)
    assert result.returncode != 0
    assert "set SAML_KEYS_DIR in the env file" in result.stderr


def test_the_env_example_documents_every_variable_of_the_compose_file() -> None:
    lines = COMPOSE_FILE.read_text().splitlines()
    code = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    interpolated = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", code))
    assert "DJANGO_SECRET_KEY" in interpolated, "the pattern no longer finds the variables"
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.M))
    assert interpolated - documented == set()


def test_a_missing_secret_key_stops_compose_with_its_message(tmp_path: Path) -> None:
    env = {key: value for key, value in SECRETS.items() if key != "DJANGO_SECRET_KEY"}
    result = _compose_config(tmp_path, env=env)
    assert result.returncode != 0
    assert "set DJANGO_SECRET_KEY in the env file" in result.stderr


def test_an_empty_environment_stops_compose(tmp_path: Path) -> None:
    result = _compose_config(tmp_path, env={}, env_file=None)
    assert result.returncode != 0
    assert re.search(r"set [A-Z_]+ in the env file", result.stderr), result.stderr


def test_the_example_alone_is_not_deployable(tmp_path: Path) -> None:
    """The example leaves the secrets empty, so nobody deploys a published placeholder."""
    result = _compose_config(tmp_path, env={})
    assert result.returncode != 0
    assert re.search(r"set (DJANGO_SECRET_KEY|POSTGRES_PASSWORD) in the env file", result.stderr)


def test_the_search_image_carries_the_polish_dictionary() -> None:
    dockerfile = (DEPLOY / "opensearch" / "Dockerfile").read_text()
    assert "hunspell-pl" in dockerfile
    assert "/usr/share/opensearch/config/hunspell/pl_PL/" in dockerfile
    assert re.search(r"^FROM opensearchproject/opensearch:", dockerfile, re.M)


def test_gunicorn_configuration_defines_bind_and_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cores = len(os.sched_getaffinity(0))

    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    config = runpy.run_path(str(GUNICORN_CONF))
    assert config["bind"] == "0.0.0.0:8000"
    assert config["workers"] == 2 * cores + 1
    assert config["accesslog"] == "-"
    assert config["graceful_timeout"] > 0
    assert config["forwarded_allow_ips"]

    monkeypatch.setenv("WEB_CONCURRENCY", "0")
    assert runpy.run_path(str(GUNICORN_CONF))["workers"] == 2 * cores + 1

    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert runpy.run_path(str(GUNICORN_CONF))["workers"] == 3

    monkeypatch.setenv("WEB_CONCURRENCY", "many")
    with pytest.raises(ValueError, match="WEB_CONCURRENCY"):
        runpy.run_path(str(GUNICORN_CONF))
