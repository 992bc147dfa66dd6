"""The HTTP-Artifact binding: SAMLart by POST and GET, resolution over SOAP, every refusal."""

from __future__ import annotations

import base64
import html
import re

import pytest
from lxml import etree

from integrations.trusted_profile import xmldsig
from integrations.trusted_profile.config import config_from_dict
from integrations.trusted_profile.factory import build_provider
from integrations.trusted_profile.interface import (
    IdentityProviderUnavailable,
    RejectReason,
    ResponseRejected,
)
from integrations.trusted_profile.namespaces import SAMLP, q
from integrations.trusted_profile.testing.wk_emulator import Resident, WKEmulator

from .saml_idp import (
    ACS_URL,
    PESEL,
    SP_ENTITY_ID,
    ArtifactResolutionService,
    MemoryReplayGuard,
    artifact_request,
    artifact_response,
    generic_settings,
    key_pairs,
    make_artifact,
    make_assertion,
    make_response,
    soap,
    wk_settings,
    write_key_files,
)

REQUEST_ID = "_request-art"
BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


@pytest.fixture(scope="session")
def key_files(tmp_path_factory):
    return write_key_files(tmp_path_factory.mktemp("saml-keys"))


@pytest.fixture
def guard():
    return MemoryReplayGuard()


def inner_response() -> etree._Element:
    keys = key_pairs()
    return make_response(
        make_assertion(in_response_to=REQUEST_ID),
        in_response_to=REQUEST_ID,
        encrypt_for=keys["sp_rsa_encryption"],
        sign_with=keys["idp_rsa"],
    )


def good_answer(resolve: etree._Element) -> tuple[int, bytes]:
    outer = artifact_response(
        in_response_to=resolve.get("ID"), inner=inner_response(), sign_with=key_pairs()["idp_rsa"]
    )
    return 200, soap(outer)


def provider_for(key_files, guard, ars: ArtifactResolutionService):
    settings = generic_settings(key_files, binding="artifact", idp_artifact_resolution_url=ars.url)
    return build_provider(config=config_from_dict(settings), replay_guard=guard)


def pending(in_response_to: str) -> bool:
    return in_response_to == REQUEST_ID


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_an_artifact_brought_to_the_acs_is_resolved_into_the_identity(key_files, guard, method):
    with ArtifactResolutionService(good_answer) as ars:
        provider = provider_for(key_files, guard, ars)
        artifact = make_artifact()
        identity = provider.accept(
            request=artifact_request(artifact, method=method), pending=pending
        )
    assert (identity.pesel, identity.in_response_to) == (PESEL, REQUEST_ID)
    assert ("artifact", artifact) in guard.claims
    assert ("assertion", identity.assertion_id) in guard.claims


def test_the_artifact_resolve_is_signed_by_the_sp_and_carries_the_artifact(key_files, guard):
    with ArtifactResolutionService(good_answer) as ars:
        provider = provider_for(key_files, guard, ars)
        artifact = make_artifact()
        provider.accept(request=artifact_request(artifact), pending=pending)
    (resolve,) = ars.received
    assert resolve.tag == q(SAMLP, "ArtifactResolve")
    assert resolve.findtext(q(SAMLP, "Artifact")) == artifact
    assert resolve.get("Destination") == ars.url
    assert resolve.findtext("{urn:oasis:names:tc:SAML:2.0:assertion}Issuer") == SP_ENTITY_ID
    xmldsig.verify(resolve, cert_pem=key_pairs()["sp_rsa_signing"].cert_pem)


def test_an_artifact_presented_twice_is_refused_without_asking_the_idp_again(key_files, guard):
    with ArtifactResolutionService(good_answer) as ars:
        provider = provider_for(key_files, guard, ars)
        artifact = make_artifact()
        provider.accept(request=artifact_request(artifact), pending=pending)
        with pytest.raises(ResponseRejected) as caught:
            provider.accept(request=artifact_request(artifact, method="GET"), pending=pending)
    assert caught.value.reason == RejectReason.REPLAY
    assert len(ars.received) == 1


@pytest.mark.parametrize(
    ("artifact", "detail"),
    [
        ("not base64 at all!", "not base64"),
        (base64.b64encode(b"\x00\x04" + b"\x00" * 40).decode(), "42 bytes"),
        (make_artifact(type_code=b"\x00\x03"), "type 0003"),
        (make_artifact("https://evil.example/idp"), "SourceID"),
    ],
)
def test_a_malformed_or_foreign_artifact_is_refused_before_resolution(
    key_files, guard, artifact, detail
):
    with ArtifactResolutionService(good_answer) as ars:
        provider = provider_for(key_files, guard, ars)
        with pytest.raises(ResponseRejected) as caught:
            provider.accept(request=artifact_request(artifact), pending=pending)
    assert caught.value.reason == RejectReason.ARTIFACT
    assert detail in caught.value.detail
    assert ars.received == []


def refusal(key_files, guard, answer) -> ResponseRejected:
    with ArtifactResolutionService(answer) as ars:
        provider = provider_for(key_files, guard, ars)
        with pytest.raises(ResponseRejected) as caught:
            provider.accept(request=artifact_request(make_artifact()), pending=pending)
    return caught.value


def test_an_unsigned_artifact_response_is_refused(key_files, guard):
    def answer(resolve):
        outer = artifact_response(
            in_response_to=resolve.get("ID"), inner=inner_response(), sign_with=None
        )
        return 200, soap(outer)

    assert refusal(key_files, guard, answer).reason == RejectReason.SIGNATURE


def test_an_artifact_response_signed_by_an_untrusted_key_is_refused(key_files, guard):
    def answer(resolve):
        outer = artifact_response(
            in_response_to=resolve.get("ID"),
            inner=inner_response(),
            sign_with=key_pairs()["stranger_rsa"],
        )
        return 200, soap(outer)

    assert refusal(key_files, guard, answer).reason == RejectReason.SIGNATURE


def test_an_artifact_response_signed_with_sha1_is_refused(key_files, guard):
    def answer(resolve):
        outer = artifact_response(
            in_response_to=resolve.get("ID"),
            inner=inner_response(),
            sign_with=key_pairs()["idp_rsa"],
            signature_algorithm=xmldsig.RSA_SHA1,
        )
        return 200, soap(outer)

    error = refusal(key_files, guard, answer)
    assert error.reason == RejectReason.SIGNATURE
    assert error.detail == f"signature algorithm refused: {xmldsig.RSA_SHA1}"


def test_an_artifact_response_altered_after_signing_is_refused(key_files, guard):
    def answer(resolve):
        outer = artifact_response(
            in_response_to=resolve.get("ID"),
            inner=inner_response(),
            sign_with=key_pairs()["idp_rsa"],
        )
        # Swap in another (validly signed) Response after the IdP signed the envelope.
        outer.replace(outer.find(q(SAMLP, "Response")), inner_response())
        return 200, soap(outer)

    assert refusal(key_files, guard, answer).reason == RejectReason.SIGNATURE


def test_an_artifact_response_to_another_resolve_is_refused(key_files, guard):
    def answer(resolve):
        outer = artifact_response(
            in_response_to="_another", inner=inner_response(), sign_with=key_pairs()["idp_rsa"]
        )
        return 200, soap(outer)

    error = refusal(key_files, guard, answer)
    assert (error.reason, error.detail) == (
        RejectReason.ARTIFACT,
        "the ArtifactResponse does not answer our ArtifactResolve",
    )


def test_a_refused_artifact_resolution_is_refused(key_files, guard):
    def answer(resolve):
        outer = artifact_response(
            in_response_to=resolve.get("ID"),
            inner=None,
            sign_with=key_pairs()["idp_rsa"],
            status="urn:oasis:names:tc:SAML:2.0:status:Requester",
        )
        return 200, soap(outer)

    assert refusal(key_files, guard, answer).reason == RejectReason.ARTIFACT


def test_an_artifact_the_idp_does_not_know_is_refused(key_files, guard):
    """SAML core 3.5.2: an unknown artifact resolves to Success with no message in it."""

    def answer(resolve):
        outer = artifact_response(
            in_response_to=resolve.get("ID"), inner=None, sign_with=key_pairs()["idp_rsa"]
        )
        return 200, soap(outer)

    error = refusal(key_files, guard, answer)
    assert (error.reason, error.detail) == (
        RejectReason.ARTIFACT,
        "the ArtifactResponse carries 0 Responses",
    )


def test_an_artifact_response_from_another_issuer_is_refused(key_files, guard):
    def answer(resolve):
        outer = artifact_response(
            in_response_to=resolve.get("ID"),
            inner=inner_response(),
            sign_with=key_pairs()["idp_rsa"],
            issuer="https://evil.example/idp",
        )
        return 200, soap(outer)

    assert refusal(key_files, guard, answer).reason == RejectReason.ISSUER


def test_a_soap_answer_with_a_dtd_is_refused_before_parsing(key_files, guard):
    def answer(resolve):
        body = good_answer(resolve)[1].replace(b"?>", b'?><!DOCTYPE x [<!ENTITY big "boom">]>', 1)
        return 200, body

    error = refusal(key_files, guard, answer)
    assert error.reason == RejectReason.MALFORMED
    assert "DTDForbidden" in error.detail


def test_an_idp_failing_to_resolve_is_reported_as_unavailable(key_files, guard):
    with ArtifactResolutionService(lambda resolve: (500, b"boom")) as ars:
        provider = provider_for(key_files, guard, ars)
        with pytest.raises(IdentityProviderUnavailable, match="HTTP 500"):
            provider.accept(request=artifact_request(make_artifact()), pending=pending)


def test_an_unreachable_idp_is_reported_as_unavailable(key_files, guard):
    with ArtifactResolutionService(good_answer) as ars:
        provider = provider_for(key_files, guard, ars)
    # The service is stopped: nothing listens on its port any more.
    with pytest.raises(IdentityProviderUnavailable, match="ConnectionError"):
        provider.accept(request=artifact_request(make_artifact()), pending=pending)


def test_another_spelling_of_a_used_artifact_is_still_a_replay(key_files, guard):
    with ArtifactResolutionService(good_answer) as ars:
        provider = provider_for(key_files, guard, ars)
        raw = base64.b64decode(make_artifact())
        provider.accept(request=artifact_request(base64.b64encode(raw).decode()), pending=pending)
        # The same 44 bytes, spelled with a spare bit of the last base64 character flipped.
        spelling = base64.b64encode(raw).decode()
        flipped = BASE64_ALPHABET[BASE64_ALPHABET.index(spelling[-2]) ^ 1]
        respelled = spelling[:-2] + flipped + "="
        assert respelled != spelling and base64.b64decode(respelled) == raw
        with pytest.raises(ResponseRejected) as caught:
            provider.accept(request=artifact_request(respelled), pending=pending)
    assert caught.value.reason == RejectReason.REPLAY


def test_a_samlart_is_refused_when_the_profile_uses_post(key_files, guard):
    provider = build_provider(
        config=config_from_dict(generic_settings(key_files)), replay_guard=guard
    )
    with pytest.raises(ResponseRejected) as caught:
        provider.accept(request=artifact_request(make_artifact()), pending=pending)
    assert caught.value.reason == RejectReason.ARTIFACT


# -- the login.gov.pl profile against the node emulator (HTTPS, ECDSA, ECDH-ES) --------------


@pytest.fixture
def emulator():
    with WKEmulator() as running:
        yield running


def wk_provider(key_files, tmp_path, guard, emulator, **overrides):
    idp_cert = tmp_path / "wk-idp.crt"
    idp_cert.write_text(emulator.signing_cert_pem)
    settings = wk_settings(
        key_files,
        idp_entity_id=emulator.entity_id,
        idp_sso_url=emulator.sso_url,
        idp_artifact_resolution_url=emulator.artifact_resolution_url,
        idp_slo_url=emulator.slo_url,
        idp_certificates=[str(idp_cert)],
        ca_bundle=emulator.ca_bundle_path,
    )
    settings.update(overrides)
    keys = key_pairs()
    emulator.register_sp(
        SP_ENTITY_ID, ACS_URL, keys["sp_ec_signing"].cert_pem, keys["sp_ec_encryption"].cert_pem
    )
    return build_provider(config=config_from_dict(settings), replay_guard=guard)


def log_in_at(emulator, provider) -> tuple[str, str]:
    """The browser's part: carry the AuthnRequest to the node and the SAMLart back."""
    message = provider.login(relay_state="/konto/")
    assert message.method == "POST"
    page = emulator.handle_sso(dict(message.fields))
    artifact = html.unescape(re.search(r'name="SAMLart" value="([^"]+)"', page).group(1))
    return message.message_id, artifact


@pytest.mark.parametrize("content_key_size", [32, 16])
def test_a_login_at_the_node_emulator_yields_the_identity(
    key_files, tmp_path, guard, emulator, content_key_size
):
    emulator.content_key_size = content_key_size  # 16: production's 128-bit key under aes256
    emulator.resident = Resident(pesel="44051401359", given_name="Jan", family_name="Kowalski")
    provider = wk_provider(key_files, tmp_path, guard, emulator)
    request_id, artifact = log_in_at(emulator, provider)

    identity = provider.accept(
        request=artifact_request(artifact), pending=lambda irt: irt == request_id
    )

    assert (identity.pesel, identity.given_name, identity.family_name) == (
        "44051401359",
        "Jan",
        "Kowalski",
    )
    assert identity.issuer == emulator.entity_id
    assert identity.name_id == emulator.resident.name_id


def test_the_nodes_tls_certificate_must_chain_to_the_configured_ca(
    key_files, tmp_path, guard, emulator
):
    provider = wk_provider(key_files, tmp_path, guard, emulator, ca_bundle=None)
    request_id, artifact = log_in_at(emulator, provider)
    with pytest.raises(IdentityProviderUnavailable, match="SSLError"):
        provider.accept(request=artifact_request(artifact), pending=lambda irt: irt == request_id)


def test_an_assertion_below_the_required_level_from_the_node_is_refused(
    key_files, tmp_path, guard, emulator
):
    emulator.resident = Resident(loa="http://eidas.europa.eu/LoA/low")
    provider = wk_provider(key_files, tmp_path, guard, emulator)
    request_id, artifact = log_in_at(emulator, provider)
    with pytest.raises(ResponseRejected) as caught:
        provider.accept(request=artifact_request(artifact), pending=lambda irt: irt == request_id)
    assert caught.value.reason == RejectReason.LEVEL_OF_ASSURANCE
