"""The TRUSTED_PROFILE setting: a validated ProviderConfig, or one sentence naming the bad key."""

from __future__ import annotations

import pytest

from integrations.trusted_profile.config import (
    DEFAULT_ATTRIBUTE_NAMES,
    InvalidConfiguration,
    config_from_dict,
)
from integrations.trusted_profile.factory import config_from_settings
from integrations.trusted_profile.interface import LOA_HIGH, LOA_SUBSTANTIAL

from .saml_idp import ACS_URL, SLO_URL, generic_settings, wk_settings, write_key_files


@pytest.fixture(scope="session")
def key_files(tmp_path_factory):
    return write_key_files(tmp_path_factory.mktemp("saml-keys"))


def test_a_generic_profile_is_read_with_safe_defaults(key_files):
    config = config_from_settings(generic_settings(key_files))
    assert (config.acs_url, config.slo_url) == (ACS_URL, SLO_URL)
    assert config.required_loa == LOA_SUBSTANTIAL
    assert config.clock_skew == 60
    assert config.force_authn is True
    assert config.require_encrypted_assertions is True
    assert config.tls_verify is True  # the system CA store unless a bundle is configured
    assert dict(config.attribute_names) == dict(DEFAULT_ATTRIBUTE_NAMES)
    assert not config.signing.is_ec and not config.logout_over_soap


def test_the_login_gov_pl_profile_uses_ec_keys_and_soap_logout(key_files):
    config = config_from_dict(wk_settings(key_files))
    assert config.is_login_gov_pl and config.logout_over_soap
    assert config.signing.is_ec and config.encryption.is_ec
    assert config.require_encrypted_assertions is True


def test_values_from_environment_variables_arrive_as_text_and_are_read(key_files):
    settings = generic_settings(
        key_files,
        clock_skew="30",
        force_authn="false",
        read_timeout="7.5",
        idp_certificates=key_files["idp_rsa_cert"],
        attribute_name_pesel="urn:oid:2.5.4.5",
        required_loa=LOA_HIGH,
    )
    config = config_from_dict(settings)
    assert (config.clock_skew, config.force_authn, config.read_timeout) == (30, False, 7.5)
    assert len(config.idp_certificates) == 1
    assert config.attribute_names["pesel"] == "urn:oid:2.5.4.5"
    assert config.required_loa == LOA_HIGH


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
def test_plain_http_to_loopback_is_allowed_for_the_dev_idp(key_files, host):
    url = f"http://{host}:8080/ars"
    settings = generic_settings(key_files, binding="artifact", idp_artifact_resolution_url=url)
    assert config_from_dict(settings).idp_artifact_resolution_url == url


def bad(key_files, settings_for=generic_settings, **overrides) -> str:
    settings = settings_for(key_files, **overrides)
    with pytest.raises(InvalidConfiguration) as caught:
        config_from_dict(settings)
    return str(caught.value)


def test_a_missing_entity_id_is_named(key_files):
    message = bad(key_files, sp_entity_id="")
    assert message == "TRUSTED_PROFILE['sp_entity_id'] is missing."


def test_an_unknown_profile_is_named(key_files):
    assert "TRUSTED_PROFILE['profile'] must be one of" in bad(key_files, profile="shibboleth")


def test_login_gov_pl_refuses_the_post_binding(key_files):
    assert "TRUSTED_PROFILE['binding']" in bad(key_files, wk_settings, binding="post")


def test_login_gov_pl_refuses_rsa_keys(key_files):
    message = bad(
        key_files,
        wk_settings,
        sp_signing_key=key_files["sp_rsa_signing_key"],
        sp_signing_cert=key_files["sp_rsa_signing_cert"],
    )
    assert "must be EC P-256 keys" in message


def test_plain_http_artifact_resolution_off_loopback_is_refused(key_files):
    message = bad(
        key_files, binding="artifact", idp_artifact_resolution_url="http://idp.example/ars"
    )
    assert message.startswith("TRUSTED_PROFILE['idp_artifact_resolution_url'] must use https")


def test_the_artifact_binding_needs_a_resolution_service(key_files):
    message = bad(key_files, binding="artifact")
    assert message == "TRUSTED_PROFILE['idp_artifact_resolution_url'] is missing."


def test_an_unreadable_key_file_is_named(key_files, tmp_path):
    message = bad(key_files, sp_signing_key=str(tmp_path / "missing.key"))
    assert message.startswith("TRUSTED_PROFILE['sp_signing_key'] cannot be read")


def test_a_certificate_of_another_key_is_named(key_files):
    message = bad(key_files, sp_signing_cert=key_files["sp_rsa_encryption_cert"])
    assert message == (
        "TRUSTED_PROFILE['sp_signing_cert'] does not belong to the key in sp_signing_key."
    )


def test_an_idp_certificate_that_is_not_pem_is_named(key_files):
    message = bad(key_files, idp_certificates=[key_files["idp_rsa_key"].replace(".key", ".nope")])
    assert message.startswith(
        "TRUSTED_PROFILE['idp_certificates'] lists a file that cannot be read"
    )
    message = bad(key_files, idp_certificates=[key_files["idp_rsa_key"]])
    assert message == "TRUSTED_PROFILE['idp_certificates'] is not a PEM certificate."


def test_a_large_clock_skew_is_refused(key_files):
    assert bad(key_files, clock_skew=600).startswith("TRUSTED_PROFILE['clock_skew'] must be")


def test_an_unknown_level_of_assurance_is_refused(key_files):
    assert "TRUSTED_PROFILE['required_loa']" in bad(key_files, required_loa="high")


def test_login_gov_pl_attribute_names_cannot_be_changed(key_files):
    message = bad(key_files, wk_settings, attribute_names={"pesel": "urn:oid:2.5.4.5"})
    assert "TRUSTED_PROFILE['attribute_names']" in message


def test_an_endpoint_path_needs_the_base_url(key_files):
    message = bad(key_files, sp_base_url="")
    assert message == (
        "TRUSTED_PROFILE['acs_url'] is a path, so TRUSTED_PROFILE['sp_base_url'] must be set."
    )


def test_a_missing_ca_bundle_file_is_named(key_files, tmp_path):
    message = bad(key_files, ca_bundle=str(tmp_path / "ca.pem"))
    assert message.startswith("TRUSTED_PROFILE['ca_bundle'] names a file that does not exist")


def test_login_gov_pl_needs_a_provider_name(key_files):
    assert bad(key_files, wk_settings, provider_name="") == (
        "TRUSTED_PROFILE['provider_name'] is missing."
    )
