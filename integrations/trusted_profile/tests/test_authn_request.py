"""The AuthnRequest: signed, by HTTP-POST or HTTP-Redirect, with the eIDAS extensions."""

from __future__ import annotations

import base64
import zlib
from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest
import xmlsec
from lxml import etree
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

from integrations.trusted_profile import xmldsig
from integrations.trusted_profile.config import config_from_dict
from integrations.trusted_profile.factory import build_provider
from integrations.trusted_profile.interface import LOA_HIGH
from integrations.trusted_profile.namespaces import (
    BINDING_HTTP_ARTIFACT,
    BINDING_HTTP_POST,
    DS,
    ECDSA_SHA256,
    EIDAS,
    RSA_SHA256,
    SAML,
    SAMLP,
    q,
)

from .saml_idp import (
    ACS_URL,
    IDP_SSO_URL,
    SP_ENTITY_ID,
    MemoryReplayGuard,
    generic_settings,
    key_pairs,
    wk_settings,
    write_key_files,
)

NATURALPERSON = "http://eidas.europa.eu/attributes/naturalperson/"


@pytest.fixture(scope="session")
def key_files(tmp_path_factory):
    return write_key_files(tmp_path_factory.mktemp("saml-keys"))


def provider_for(settings):
    return build_provider(config=config_from_dict(settings), replay_guard=MemoryReplayGuard())


def posted_request(message) -> etree._Element:
    return etree.fromstring(base64.b64decode(message.fields["SAMLRequest"]))


def test_the_login_gov_pl_request_carries_what_the_node_expects(key_files):
    provider = provider_for(wk_settings(key_files))
    message = provider.login(relay_state="/konto/")
    request = posted_request(message)

    assert (message.url, message.method, message.fields["RelayState"]) == (
        IDP_SSO_URL,
        "POST",
        "/konto/",
    )
    assert request.get("ID") == message.message_id
    assert request.get("Destination") == IDP_SSO_URL
    assert request.get("AssertionConsumerServiceURL") == ACS_URL
    assert request.get("ProtocolBinding") == BINDING_HTTP_ARTIFACT
    assert request.get("ForceAuthn") == "true"
    assert request.get("ProviderName") == "e-Urząd Gminy Zator"
    assert request.findtext(q(SAML, "Issuer")) == SP_ENTITY_ID
    assert request.findtext(f"{q(SAMLP, 'Extensions')}/{q(EIDAS, 'SPType')}") == "public"
    requested = request.findall(f".//{q(EIDAS, 'RequestedAttribute')}")
    assert [
        (r.get("Name").removeprefix(NATURALPERSON), r.get("isRequired")) for r in requested
    ] == [
        ("CurrentFamilyName", "true"),
        ("CurrentGivenName", "true"),
        ("DateOfBirth", "true"),
        ("PersonIdentifier", "true"),
    ]
    context = request.find(q(SAMLP, "RequestedAuthnContext"))
    assert context.get("Comparison") == "minimum"
    assert context.findtext(q(SAML, "AuthnContextClassRef")) == (
        "http://eidas.europa.eu/LoA/substantial"
    )


def test_the_login_gov_pl_request_is_signed_with_ecdsa_sha256(key_files):
    request = posted_request(provider_for(wk_settings(key_files)).login(relay_state=""))
    method = request.find(f"{q(DS, 'Signature')}/{q(DS, 'SignedInfo')}/{q(DS, 'SignatureMethod')}")
    assert method.get("Algorithm") == ECDSA_SHA256
    # The signature sits right after the Issuer, as the schema orders it.
    assert request[1].tag == q(DS, "Signature")
    xmldsig.verify(request, cert_pem=key_pairs()["sp_ec_signing"].cert_pem)


def test_an_altered_request_no_longer_verifies(key_files):
    request = posted_request(provider_for(wk_settings(key_files)).login(relay_state=""))
    request.set("AssertionConsumerServiceURL", "https://evil.example/acs")
    with pytest.raises(xmldsig.SignatureInvalid):
        xmldsig.verify(request, cert_pem=key_pairs()["sp_ec_signing"].cert_pem)


def test_the_request_is_valid_against_the_saml_protocol_schema(key_files):
    for settings in (wk_settings(key_files), generic_settings(key_files)):
        request = posted_request(provider_for(settings).login(relay_state=""))
        result = OneLogin_Saml2_XML.validate_xml(request, "saml-schema-protocol-2.0.xsd")
        assert not isinstance(result, str), result


def test_the_generic_request_asks_for_the_configured_binding_and_level(key_files):
    provider = provider_for(generic_settings(key_files, required_loa=LOA_HIGH))
    request = posted_request(provider.login(relay_state=""))
    assert request.get("ProtocolBinding") == BINDING_HTTP_POST
    assert request.find(q(SAMLP, "Extensions")) is None
    assert request.findtext(f".//{q(SAML, 'AuthnContextClassRef')}") == LOA_HIGH
    xmldsig.verify(request, cert_pem=key_pairs()["sp_rsa_signing"].cert_pem)


def test_every_login_gets_a_fresh_request_id(key_files):
    provider = provider_for(generic_settings(key_files))
    ids = {provider.login(relay_state="").message_id for _ in range(5)}
    assert len(ids) == 5


@pytest.mark.parametrize(
    ("settings_for", "key_name", "algorithm"),
    [
        (generic_settings, "sp_rsa_signing", RSA_SHA256),
        (wk_settings, "sp_ec_signing", ECDSA_SHA256),
    ],
)
def test_a_redirect_bound_request_is_signed_over_the_query(
    key_files, settings_for, key_name, algorithm
):
    provider = provider_for(settings_for(key_files, authn_request_binding="redirect"))
    message = provider.login(relay_state="/konto/?a=1&b=2")
    parts = urlsplit(message.url)
    params = {name: values[0] for name, values in parse_qs(parts.query).items()}

    assert message.method == "GET"
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == IDP_SSO_URL
    assert params["SigAlg"] == algorithm
    assert params["RelayState"] == "/konto/?a=1&b=2"
    request = etree.fromstring(zlib.decompress(base64.b64decode(params["SAMLRequest"]), -15))
    assert request.get("ID") == message.message_id
    assert request.find(q(DS, "Signature")) is None  # the query carries the signature
    signed = "&".join(
        f"{name}={quote_plus(params[name])}" for name in ("SAMLRequest", "RelayState", "SigAlg")
    )
    context = xmlsec.SignatureContext()
    context.key = xmlsec.Key.from_memory(
        key_pairs()[key_name].cert_pem, xmlsec.KeyFormat.CERT_PEM, None
    )
    transform = (
        xmlsec.Transform.RSA_SHA256 if algorithm == RSA_SHA256 else xmlsec.Transform.ECDSA_SHA256
    )
    context.verify_binary(signed.encode(), transform, base64.b64decode(params["Signature"]))
    with pytest.raises(xmlsec.Error):
        context.verify_binary(
            signed.encode() + b"x", transform, base64.b64decode(params["Signature"])
        )
