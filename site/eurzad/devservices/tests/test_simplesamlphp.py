"""The dev SAML IdP: a real SimpleSAMLphp on ports of its own (8188, 8189), in temporary caches.

The login tests play the SP's part with python3-saml: a signed AuthnRequest, the resident's login
form, then the encrypted assertion, by the POST binding and by the artifact binding (resolved
with a signed SOAP ArtifactResolve), and a signed logout.
"""

from __future__ import annotations

import base64
import datetime
import json
import socket
import subprocess
import uuid
from urllib.parse import parse_qs, urlsplit

import lxml.etree
import lxml.html
import pytest
import requests
from onelogin.saml2.auth import OneLogin_Saml2_Auth
from onelogin.saml2.authn_request import OneLogin_Saml2_Authn_Request
from onelogin.saml2.response import OneLogin_Saml2_Response
from onelogin.saml2.settings import OneLogin_Saml2_Settings
from onelogin.saml2.utils import OneLogin_Saml2_Utils
from stdnum.pl import pesel

from eurzad.devservices import __main__ as cli
from eurzad.devservices import idp_residents, saml_keys, simplesamlphp
from eurzad.devservices.process import ServiceError, port_open

LIFECYCLE_PORT = 8188
PORT = 8189
SP_ENTITY_ID = "http://127.0.0.1:8765/saml/metadata/"
ACS_URL = "http://127.0.0.1:8765/saml/acs/"
SLO_URL = "http://127.0.0.1:8765/saml/slo/"
NS = {
    "md": "urn:oasis:names:tc:SAML:2.0:metadata",
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "soap": "http://schemas.xmlsoap.org/soap/envelope/",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
}


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def lifecycle_config(tmp_path):
    """An IdP in a fresh cache folder; stopped after the test whatever happened."""
    config = simplesamlphp.SimpleSAMLphpConfig(cache=tmp_path / "cache", port=LIFECYCLE_PORT)
    yield config
    simplesamlphp.stop(config)


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    """One running IdP for the login tests (a start costs well under a second, but adds up)."""
    config = simplesamlphp.SimpleSAMLphpConfig(
        cache=tmp_path_factory.mktemp("idp") / "cache", port=PORT
    )
    simplesamlphp.start(config)
    yield config
    simplesamlphp.stop(config)


@pytest.fixture(scope="module")
def sp_keys(tmp_path_factory):
    """The test SP's RSA keys, made by saml_keys as the dev SP's are."""
    folder = tmp_path_factory.mktemp("sp-keys")
    signing = saml_keys.ensure_key_pair(folder, "sp-signing", kind="rsa")
    encryption = saml_keys.ensure_key_pair(folder, "sp-encryption", kind="rsa")
    return {"signing": signing, "encryption": encryption}


def _register(idp, sp_keys, *, artifact: bool) -> None:
    simplesamlphp.register_sp(
        entity_id=SP_ENTITY_ID,
        acs_url=ACS_URL,
        slo_url=SLO_URL,
        signing_cert_pem=sp_keys["signing"][1].read_text(),
        encryption_cert_pem=sp_keys["encryption"][1].read_text(),
        artifact=artifact,
        config=idp,
    )


def _settings(
    idp, sp_keys, *, key: str, binding: str, signed_message: bool = True
) -> OneLogin_Saml2_Settings:
    """python3-saml settings of the test SP, holding the ``key`` ("signing"/"encryption") pair.

    ``signed_message`` False for a Response resolved from an artifact: SimpleSAMLphp signs the
    ArtifactResponse around it (checked separately) and the assertion, not the Response itself.
    """
    endpoints = simplesamlphp.idp_endpoints(config=idp)
    key_path, cert_path = sp_keys[key]
    return OneLogin_Saml2_Settings(
        {
            "strict": True,
            "sp": {
                "entityId": SP_ENTITY_ID,
                "assertionConsumerService": {"url": ACS_URL, "binding": binding},
                "singleLogoutService": {"url": SLO_URL},
                "NameIDFormat": "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
                "x509cert": cert_path.read_text(),
                "privateKey": key_path.read_text(),
            },
            "idp": {
                "entityId": endpoints.entity_id,
                "singleSignOnService": {"url": endpoints.sso_url},
                "singleLogoutService": {"url": endpoints.slo_url},
                "x509cert": endpoints.certificate_path.read_text(),
            },
            "security": {
                "authnRequestsSigned": True,
                "logoutRequestSigned": True,
                "logoutResponseSigned": True,
                "wantAssertionsSigned": True,
                "wantMessagesSigned": signed_message,
                "wantAssertionsEncrypted": True,
                "signatureAlgorithm": simplesamlphp.RSA_SHA256,
                "digestAlgorithm": "http://www.w3.org/2001/04/xmlenc#sha256",
                "rejectDeprecatedAlgorithm": True,
            },
        }
    )


# --- the SP's side of a login --------------------------------------------------------------------


def _signed_redirect(settings: OneLogin_Saml2_Settings) -> tuple[str, str]:
    """The HTTP-Redirect URL of a signed AuthnRequest (python3-saml signs the query), its id."""
    auth = OneLogin_Saml2_Auth(_acs_request(""), old_settings=settings)
    url = auth.login(return_to="/moje-sprawy/")
    return url, auth.get_last_request_id()


def _signed_post_request(settings: OneLogin_Saml2_Settings) -> tuple[dict[str, str], str]:
    """The form fields of a signed AuthnRequest for the HTTP-POST binding, and its id."""
    request = OneLogin_Saml2_Authn_Request(settings)
    signed = OneLogin_Saml2_Utils.add_sign(
        request.get_xml(),
        settings.get_sp_key(),
        settings.get_sp_cert(),
        sign_algorithm=simplesamlphp.RSA_SHA256,
    )
    return {"SAMLRequest": base64.b64encode(signed).decode()}, request.get_id()


def _log_in(session: requests.Session, first: requests.Response, resident) -> requests.Response:
    """Fill in the IdP's login form as ``resident``; the IdP's answer, redirects not followed."""
    assert first.status_code == 200, first.text[:2000]
    assert 'name="password"' in first.text  # what the refusal test looks for
    page = lxml.html.fromstring(first.text, base_url=first.url)
    page.make_links_absolute()
    form = next(f for f in page.forms if "password" in f.fields)
    fields = dict(form.fields)
    fields.update(username=resident.username, password=resident.password)
    answer = session.post(form.action, data=fields, allow_redirects=False, timeout=30)
    return _within_idp(session, answer)


def _within_idp(session: requests.Session, answer: requests.Response) -> requests.Response:
    """Follow the IdP's redirects to itself (it resumes logins and logouts that way)."""
    idp_origin = "{0.scheme}://{0.netloc}/".format(urlsplit(answer.url))
    while answer.is_redirect and answer.headers["Location"].startswith(idp_origin):
        answer = session.get(answer.headers["Location"], allow_redirects=False, timeout=30)
    return answer


def _acs_request(saml_response: str) -> dict:
    """python3-saml's request_data for a POST to the test SP's ACS."""
    return {
        "https": "off",
        "http_host": urlsplit(ACS_URL).netloc,
        "script_name": urlsplit(ACS_URL).path,
        "get_data": {},
        "post_data": {"SAMLResponse": saml_response},
    }


def _accept(
    idp, sp_keys, saml_response: str, request_id: str, *, signed_message: bool = True
) -> OneLogin_Saml2_Response:
    """Validate the IdP's Response strictly, decrypting with the SP's encryption key."""
    settings = _settings(
        idp,
        sp_keys,
        key="encryption",
        binding=simplesamlphp.BINDING_POST,
        signed_message=signed_message,
    )
    response = OneLogin_Saml2_Response(settings, saml_response)
    response.is_valid(_acs_request(saml_response), request_id=request_id, raise_exceptions=True)
    return response


def _artifact_resolve(idp, sp_keys, artifact: str) -> tuple[bytes, str]:
    """A signed SOAP ArtifactResolve for ``artifact``, and its id."""
    ars = simplesamlphp.idp_endpoints(config=idp).artifact_resolution_url
    request_id = f"_{uuid.uuid4().hex}"
    issued = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    resolve = (
        f'<samlp:ArtifactResolve xmlns:samlp="{NS["samlp"]}" xmlns:saml="{NS["saml"]}" '
        f'ID="{request_id}" Version="2.0" IssueInstant="{issued}" Destination="{ars}">'
        f"<saml:Issuer>{SP_ENTITY_ID}</saml:Issuer>"
        f"<samlp:Artifact>{artifact}</samlp:Artifact>"
        "</samlp:ArtifactResolve>"
    )
    key_path, cert_path = sp_keys["signing"]
    signed = OneLogin_Saml2_Utils.add_sign(
        resolve,
        key_path.read_text(),
        cert_path.read_text(),
        sign_algorithm=simplesamlphp.RSA_SHA256,
    )
    envelope = (
        f'<soap:Envelope xmlns:soap="{NS["soap"]}"><soap:Body>'.encode()
        + signed
        + b"</soap:Body></soap:Envelope>"
    )
    return envelope, request_id


# --- residents -----------------------------------------------------------------------------------


def test_every_test_resident_has_a_valid_pesel_matching_their_birth_date():
    assert len(idp_residents.RESIDENTS) >= 3
    for person in idp_residents.RESIDENTS:
        assert pesel.is_valid(person.pesel), person.username
        assert pesel.get_birth_date(person.pesel).isoformat() == person.date_of_birth
    usernames = [person.username for person in idp_residents.RESIDENTS]
    assert len(set(usernames)) == len(usernames)
    names = "".join(p.given_name + p.family_name for p in idp_residents.RESIDENTS).lower()
    assert set(names) >= set("ąćęłóśż")  # diacritics in names exercise the whole encoding path


# --- keys ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rsa", "ec"])
def test_a_key_pair_is_made_once_and_then_reused(tmp_path, kind):
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    key_path, cert_path = saml_keys.ensure_key_pair(tmp_path / "keys", "sp-signing", kind=kind)
    certificate = x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    assert certificate.subject.rfc4514_string() == "CN=sp-signing"
    assert certificate.public_key().public_numbers() == key.public_key().public_numbers()
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert lifetime >= datetime.timedelta(days=3650)
    assert key_path.stat().st_mode & 0o077 == 0
    before = (key_path.read_bytes(), cert_path.read_bytes())

    assert saml_keys.ensure_key_pair(tmp_path / "keys", "sp-signing", kind=kind) == (
        key_path,
        cert_path,
    )
    assert (key_path.read_bytes(), cert_path.read_bytes()) == before


# --- the generated configuration -----------------------------------------------------------------


@pytest.mark.devservices
def test_php_literals_survive_quotes_backslashes_and_polish_letters():
    value = {"it's": ["a\\b", "Żółć 'x' \\'", True, None, 7], "empty": []}
    result = subprocess.run(
        ["php", "-r", f"echo json_encode({simplesamlphp.php_literal(value)});"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == value


@pytest.mark.devservices
def test_register_sp_replaces_its_own_entry_and_keeps_the_others(tmp_path, sp_keys):
    config = simplesamlphp.SimpleSAMLphpConfig(cache=tmp_path / "cache", port=PORT)
    simplesamlphp.write_configuration(config)
    simplesamlphp.register_dev_service_provider(config)
    for artifact in (True, False):
        simplesamlphp.register_sp(
            entity_id=SP_ENTITY_ID,
            acs_url=ACS_URL,
            slo_url=SLO_URL,
            signing_cert_pem=sp_keys["signing"][1].read_text(),
            encryption_cert_pem=sp_keys["encryption"][1].read_text(),
            artifact=artifact,
            config=config,
        )
    dump = (
        "$metadata = []; include $argv[1]; echo json_encode($metadata);"  # what SimpleSAMLphp reads
    )
    result = subprocess.run(
        ["php", "-r", dump, str(config.metadata_dir / "saml20-sp-remote.php")],
        capture_output=True,
        text=True,
        check=True,
    )
    metadata = json.loads(result.stdout)
    assert sorted(metadata) == sorted([simplesamlphp.DEV_SP_ENTITY_ID, SP_ENTITY_ID])
    ours = metadata[SP_ENTITY_ID]
    assert [(acs["Binding"], acs["Location"]) for acs in ours["AssertionConsumerService"]] == [
        (simplesamlphp.BINDING_POST, ACS_URL),
        (simplesamlphp.BINDING_ARTIFACT, ACS_URL),
    ]
    assert ours["saml20.sendartifact"] is False
    assert ours["validate.authnrequest"] is True
    assert ours["assertion.encryption"] is True
    dev = metadata[simplesamlphp.DEV_SP_ENTITY_ID]
    assert dev["AssertionConsumerService"][0] == {
        "index": 0,
        "isDefault": True,
        "Binding": simplesamlphp.BINDING_ARTIFACT,
        "Location": "http://127.0.0.1:8000/saml/acs/",
    }
    assert dev["SingleLogoutService"] == [
        {"Binding": simplesamlphp.BINDING_REDIRECT, "Location": "http://127.0.0.1:8000/saml/slo/"}
    ]


def test_register_sp_refuses_a_certificate_that_is_not_pem(tmp_path):
    config = simplesamlphp.SimpleSAMLphpConfig(cache=tmp_path / "cache", port=PORT)
    with pytest.raises(ServiceError, match="one PEM certificate"):
        simplesamlphp.register_sp(
            entity_id=SP_ENTITY_ID,
            acs_url=ACS_URL,
            slo_url=SLO_URL,
            signing_cert_pem="MIIB...",
            encryption_cert_pem="MIIB...",
            artifact=True,
            config=config,
        )


def test_env_prints_the_idp_url_after_the_database_and_search_urls(capsys, monkeypatch):
    monkeypatch.setenv("EURZAD_IDP_PORT", "8111")
    for name in ("EURZAD_PG_PORT", "EURZAD_OPENSEARCH_PORT"):
        monkeypatch.delenv(name, raising=False)
    assert cli.main(["env"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "export DATABASE_URL=postgres://eurzad:eurzad@127.0.0.1:54329/eurzad",
        "export SEARCH_URL=http://127.0.0.1:9250",
        "export EURZAD_IDP_URL=http://127.0.0.1:8111/simplesaml",
    ]


def test_the_portal_settings_find_the_idp_and_the_dev_sp_keys_where_the_launcher_puts_them(
    monkeypatch, tmp_path
):
    monkeypatch.setenv("EURZAD_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("EURZAD_IDP_PORT", "8111")
    base = "http://127.0.0.1:8111/simplesaml/saml2/idp"
    assert simplesamlphp.idp_endpoints() == simplesamlphp.IdPEndpoints(
        entity_id=f"{base}/metadata.php",
        metadata_url=f"{base}/metadata.php",
        sso_url=f"{base}/SSOService.php",
        slo_url=f"{base}/SingleLogoutService.php",
        artifact_resolution_url=f"{base}/ArtifactResolutionService.php",
        certificate_path=tmp_path / "simplesamlphp" / "cert" / "idp.crt",
    )
    sp = simplesamlphp.dev_service_provider()
    assert (sp.entity_id, sp.acs_url, sp.slo_url) == (
        "http://127.0.0.1:8000/saml/metadata/",
        "http://127.0.0.1:8000/saml/acs/",
        "http://127.0.0.1:8000/saml/slo/",
    )
    assert sp.signing_key_path == tmp_path / "saml" / "sp-signing.key"
    assert sp.encryption_cert_path == tmp_path / "saml" / "sp-encryption.crt"


def test_a_bad_idp_port_is_one_clear_error(monkeypatch):
    monkeypatch.setenv("EURZAD_IDP_PORT", "80a")
    with pytest.raises(ServiceError, match="EURZAD_IDP_PORT must be a TCP port number"):
        simplesamlphp.SimpleSAMLphpConfig.from_environment()


# --- start, status, stop -------------------------------------------------------------------------


@pytest.mark.devservices
def test_start_is_idempotent_status_reports_and_stop_stops(lifecycle_config, capsys):
    config = lifecycle_config
    assert simplesamlphp.start(config) is True
    pid = int(config.pid_file.read_text().split()[0])
    assert simplesamlphp.status(config).describe() == (
        f"simplesamlphp: running on 127.0.0.1:{LIFECYCLE_PORT} (pid {pid})"
    )
    capsys.readouterr()
    assert simplesamlphp.start(config) is False
    assert (
        capsys.readouterr().out == f"simplesamlphp: already running on 127.0.0.1:{LIFECYCLE_PORT}\n"
    )

    assert simplesamlphp.stop(config) is True
    assert not port_open("127.0.0.1", LIFECYCLE_PORT)
    assert not config.pid_file.exists()
    assert simplesamlphp.status(config).describe() == "simplesamlphp: not running"
    assert simplesamlphp.stop(config) is False


@pytest.mark.devservices
def test_a_stale_pid_file_is_cleaned_and_start_keeps_keys_and_secrets(lifecycle_config, capsys):
    config = lifecycle_config
    simplesamlphp.start(config)
    simplesamlphp.stop(config)
    kept = [config.certificate.read_bytes(), config.secrets_file.read_bytes()]
    dead = subprocess.Popen(["true"])
    dead.wait()
    config.pid_file.write_text(f"{dead.pid}\n{LIFECYCLE_PORT}\n")
    assert simplesamlphp.status(config).describe() == "simplesamlphp: not running (stale pid file)"
    capsys.readouterr()

    assert simplesamlphp.start(config) is True
    assert f"removing the stale pid file of pid {dead.pid}" in capsys.readouterr().out
    assert simplesamlphp.status(config).running
    assert [config.certificate.read_bytes(), config.secrets_file.read_bytes()] == kept


def test_a_port_taken_by_another_program_is_one_clear_error(lifecycle_config):
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", LIFECYCLE_PORT))
        squatter.listen()
        with pytest.raises(ServiceError, match=f"Port 127.0.0.1:{LIFECYCLE_PORT} is taken"):
            simplesamlphp.start(lifecycle_config)
    assert not lifecycle_config.pid_file.exists()


# --- the IdP at work -----------------------------------------------------------------------------


@pytest.mark.devservices
def test_metadata_names_the_entity_id_and_an_artifact_resolution_service(idp):
    endpoints = simplesamlphp.idp_endpoints(config=idp)
    answer = requests.get(simplesamlphp.idp_metadata_url(config=idp), timeout=10)
    assert answer.status_code == 200
    root = lxml.etree.fromstring(answer.content)
    assert root.get("entityID") == endpoints.entity_id
    assert endpoints.entity_id == f"http://127.0.0.1:{PORT}/simplesaml/saml2/idp/metadata.php"
    ars = root.find("md:IDPSSODescriptor/md:ArtifactResolutionService", NS)
    assert ars.get("Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:SOAP"
    assert ars.get("Location") == endpoints.artifact_resolution_url
    sso = {
        e.get("Binding"): e.get("Location") for e in root.iterfind(".//md:SingleSignOnService", NS)
    }
    assert sso == {
        simplesamlphp.BINDING_REDIRECT: endpoints.sso_url,
        simplesamlphp.BINDING_POST: endpoints.sso_url,
    }
    slo = root.find(".//md:SingleLogoutService", NS)
    assert slo.get("Location") == endpoints.slo_url
    published = root.find(".//md:KeyDescriptor[@use='signing']//ds:X509Certificate", NS).text
    assert published == saml_keys.certificate_body(endpoints.certificate_path.read_text())


@pytest.mark.devservices
def test_a_resident_logs_in_and_the_post_binding_delivers_the_encrypted_eidas_attributes(
    idp, sp_keys
):
    _register(idp, sp_keys, artifact=False)
    settings = _settings(idp, sp_keys, key="signing", binding=simplesamlphp.BINDING_POST)
    url, request_id = _signed_redirect(settings)
    zofia = idp_residents.resident("zofia")
    with requests.Session() as session:
        answer = _log_in(session, session.get(url, timeout=30), zofia)

    assert answer.status_code == 200
    form = lxml.html.fromstring(answer.text).forms[0]
    assert form.action == ACS_URL
    assert form.fields["RelayState"] == "/moje-sprawy/"
    saml_response = form.fields["SAMLResponse"]
    document = lxml.etree.fromstring(base64.b64decode(saml_response))
    assert document.find("saml:Assertion", NS) is None  # nothing readable on the wire
    assert document.find("saml:EncryptedAssertion", NS) is not None

    response = _accept(idp, sp_keys, saml_response, request_id)
    assert response.get_attributes() == zofia.attributes()
    assert response.get_attributes()[idp_residents.FAMILY_NAME] == ["Wójcik-Żółkiewska"]
    assert response.get_authn_contexts() == ["http://eidas.europa.eu/LoA/substantial"]
    assertion = response.decrypted_document.find(".//saml:Assertion", NS)
    formats = {a.get("NameFormat") for a in assertion.iterfind(".//saml:Attribute", NS)}
    assert formats == {simplesamlphp.NAME_FORMAT_URI}

    # The IdP's own log and the web server's log hold no PESEL.
    logs = "".join(log.read_text() for log in idp.log_dir.glob("*.log"))
    assert "SSOService.php" in logs
    assert zofia.pesel not in logs


@pytest.mark.devservices
def test_the_artifact_binding_redirects_with_samlart_and_the_artifact_resolves_to_the_response(
    idp, sp_keys
):
    _register(idp, sp_keys, artifact=True)
    settings = _settings(idp, sp_keys, key="signing", binding=simplesamlphp.BINDING_ARTIFACT)
    fields, request_id = _signed_post_request(settings)
    lukasz = idp_residents.resident("lukasz")
    endpoints = simplesamlphp.idp_endpoints(config=idp)
    with requests.Session() as session:
        answer = _log_in(session, session.post(endpoints.sso_url, data=fields, timeout=30), lukasz)

    assert answer.status_code in (302, 303)
    location = urlsplit(answer.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == ACS_URL
    artifact = parse_qs(location.query)["SAMLart"][0]
    decoded = base64.b64decode(artifact)
    assert len(decoded) == 44 and decoded[:2] == b"\x00\x04"

    envelope, resolve_id = _artifact_resolve(idp, sp_keys, artifact)
    resolved = requests.post(
        endpoints.artifact_resolution_url,
        data=envelope,
        headers={
            "Content-Type": "text/xml; charset=utf-8",
            "SOAPAction": "http://www.oasis-open.org/committees/security",
        },
        timeout=30,
    )
    assert resolved.status_code == 200, resolved.text[:2000]
    soap = lxml.etree.fromstring(resolved.content)
    artifact_response = soap.find("soap:Body/samlp:ArtifactResponse", NS)
    assert artifact_response.get("InResponseTo") == resolve_id
    assert artifact_response.find("ds:Signature", NS) is not None
    assert OneLogin_Saml2_Utils.validate_sign(
        lxml.etree.fromstring(lxml.etree.tostring(artifact_response)),  # as its own document
        cert=endpoints.certificate_path.read_text(),
        xpath="/samlp:ArtifactResponse/ds:Signature",
        raise_exceptions=True,
    )
    inner = artifact_response.find("samlp:Response", NS)
    saml_response = base64.b64encode(lxml.etree.tostring(inner)).decode()
    response = _accept(idp, sp_keys, saml_response, request_id, signed_message=False)
    assert response.get_attributes() == lukasz.attributes()

    # An artifact is good for one resolution only.
    envelope, _ = _artifact_resolve(idp, sp_keys, artifact)
    again = requests.post(endpoints.artifact_resolution_url, data=envelope, timeout=30)
    empty = lxml.etree.fromstring(again.content).find("soap:Body/samlp:ArtifactResponse", NS)
    assert empty.find("samlp:Response", NS) is None


@pytest.mark.devservices
def test_an_authn_request_signed_with_another_key_is_refused(idp, sp_keys, tmp_path):
    _register(idp, sp_keys, artifact=False)
    stranger = saml_keys.ensure_key_pair(tmp_path, "stranger", kind="rsa")
    settings = _settings(
        idp, {**sp_keys, "signing": stranger}, key="signing", binding=simplesamlphp.BINDING_POST
    )
    url, _ = _signed_redirect(settings)
    answer = requests.get(url, timeout=30, allow_redirects=False)
    # SimpleSAMLphp shows its error page (with HTTP 200) instead of the login form.
    assert not answer.is_redirect
    assert 'name="password"' not in answer.text
    assert "Unable to validate signature on query string." in answer.text


@pytest.mark.devservices
def test_a_signed_logout_request_ends_the_idp_session_with_a_signed_logout_response(idp, sp_keys):
    _register(idp, sp_keys, artifact=False)
    settings = _settings(idp, sp_keys, key="signing", binding=simplesamlphp.BINDING_POST)
    url, request_id = _signed_redirect(settings)
    malgorzata = idp_residents.resident("malgorzata")
    with requests.Session() as session:
        answer = _log_in(session, session.get(url, timeout=30), malgorzata)
        saml_response = lxml.html.fromstring(answer.text).forms[0].fields["SAMLResponse"]
        response = _accept(idp, sp_keys, saml_response, request_id)

        auth = OneLogin_Saml2_Auth(_acs_request(""), old_settings=settings)
        logout_url = auth.logout(
            name_id=response.get_nameid(),
            session_index=response.get_session_index(),
            name_id_format=response.get_nameid_format(),
            spnq=response.get_nameid_spnq(),
        )
        answer = _within_idp(session, session.get(logout_url, allow_redirects=False, timeout=30))
        assert answer.is_redirect, answer.text[-3000:]
        location = urlsplit(answer.headers["Location"])
        assert f"{location.scheme}://{location.netloc}{location.path}" == SLO_URL
        query = {key: values[0] for key, values in parse_qs(location.query).items()}
        assert set(query) >= {"SAMLResponse", "SigAlg", "Signature"}

        at_slo = {**_acs_request(""), "script_name": urlsplit(SLO_URL).path, "get_data": query}
        sp = OneLogin_Saml2_Auth(at_slo, old_settings=settings)
        sp.process_slo(keep_local_session=True, request_id=auth.get_last_request_id())
        assert sp.get_errors() == [], sp.get_last_error_reason()

        # The IdP forgot the resident: a new login asks for the password again.
        url, _ = _signed_redirect(settings)
        again = session.get(url, timeout=30)
        assert 'name="password"' in again.text
