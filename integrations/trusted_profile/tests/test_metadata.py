"""The SP metadata: schema-valid, signed, both keys, ACS by POST and Artifact, SLO per profile."""

from __future__ import annotations

import re

import pytest
from lxml import etree
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

from integrations.trusted_profile import xmldsig
from integrations.trusted_profile.config import config_from_dict
from integrations.trusted_profile.factory import build_provider
from integrations.trusted_profile.namespaces import (
    BINDING_HTTP_ARTIFACT,
    BINDING_HTTP_POST,
    BINDING_HTTP_REDIRECT,
    BINDING_SOAP,
    DS,
    MD,
    q,
)

from .saml_idp import (
    ACS_URL,
    SLO_URL,
    SP_ENTITY_ID,
    MemoryReplayGuard,
    generic_settings,
    key_pairs,
    wk_settings,
    write_key_files,
)


@pytest.fixture(scope="session")
def key_files(tmp_path_factory):
    return write_key_files(tmp_path_factory.mktemp("saml-keys"))


def metadata_of(settings) -> etree._Element:
    provider = build_provider(config=config_from_dict(settings), replay_guard=MemoryReplayGuard())
    return etree.fromstring(provider.metadata().encode("utf-8"))


def certificate_body(pem: bytes) -> str:
    return re.sub(r"-----[A-Z ]+-----|\s", "", pem.decode())


@pytest.mark.parametrize("settings_for", [generic_settings, wk_settings])
def test_the_metadata_is_valid_against_the_saml_metadata_schema(key_files, settings_for):
    metadata = metadata_of(settings_for(key_files))
    result = OneLogin_Saml2_XML.validate_xml(metadata, "saml-schema-metadata-2.0.xsd")
    assert not isinstance(result, str), result


def test_the_metadata_names_both_keys_for_their_use(key_files):
    metadata = metadata_of(wk_settings(key_files))
    keys = {
        descriptor.get("use"): descriptor.findtext(f".//{q(DS, 'X509Certificate')}")
        for descriptor in metadata.iter(q(MD, "KeyDescriptor"))
    }
    pairs = key_pairs()
    assert keys == {
        "signing": certificate_body(pairs["sp_ec_signing"].cert_pem),
        "encryption": certificate_body(pairs["sp_ec_encryption"].cert_pem),
    }


@pytest.mark.parametrize(
    ("binding", "default"), [("post", BINDING_HTTP_POST), ("artifact", BINDING_HTTP_ARTIFACT)]
)
def test_the_acs_is_listed_for_post_and_artifact_with_the_configured_default(
    key_files, binding, default
):
    settings = generic_settings(
        key_files, binding=binding, idp_artifact_resolution_url="https://idp.example/ars"
    )
    metadata = metadata_of(settings)
    services = [
        (service.get("Binding"), service.get("Location"), service.get("isDefault"))
        for service in metadata.iter(q(MD, "AssertionConsumerService"))
    ]
    assert sorted(services) == sorted(
        [
            (BINDING_HTTP_POST, ACS_URL, "true" if default == BINDING_HTTP_POST else "false"),
            (
                BINDING_HTTP_ARTIFACT,
                ACS_URL,
                "true" if default == BINDING_HTTP_ARTIFACT else "false",
            ),
        ]
    )


@pytest.mark.parametrize(
    ("settings_for", "binding", "location"),
    [
        (generic_settings, BINDING_HTTP_REDIRECT, SLO_URL),
        (wk_settings, BINDING_SOAP, SLO_URL + "soap/"),
    ],
)
def test_single_logout_is_offered_in_the_profiles_binding(
    key_files, settings_for, binding, location
):
    metadata = metadata_of(settings_for(key_files))
    services = [
        (s.get("Binding"), s.get("Location")) for s in metadata.iter(q(MD, "SingleLogoutService"))
    ]
    assert services == [(binding, location)]


def test_a_separate_soap_logout_endpoint_is_listed_when_configured(key_files):
    soap_url = "https://eurzad.example/saml/slo/soap/"
    for settings_for, expected in (
        (wk_settings, [(BINDING_SOAP, soap_url)]),
        (generic_settings, [(BINDING_HTTP_REDIRECT, SLO_URL), (BINDING_SOAP, soap_url)]),
    ):
        metadata = metadata_of(settings_for(key_files, slo_soap_url="/saml/slo/soap/"))
        services = [
            (s.get("Binding"), s.get("Location"))
            for s in metadata.iter(q(MD, "SingleLogoutService"))
        ]
        assert services == expected


def test_the_metadata_is_signed_by_the_sp_signing_key(key_files):
    metadata = metadata_of(generic_settings(key_files))
    assert metadata.get("entityID") == SP_ENTITY_ID
    assert metadata.find(f"{q(MD, 'SPSSODescriptor')}").get("AuthnRequestsSigned") == "true"
    xmldsig.verify(metadata, cert_pem=key_pairs()["sp_rsa_signing"].cert_pem)
