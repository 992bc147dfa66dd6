"""Validating Responses (HTTP-POST binding): the Identity, and every refusal with its reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree
from onelogin.saml2.utils import OneLogin_Saml2_Utils
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

from integrations.trusted_profile import xmldsig
from integrations.trusted_profile.config import config_from_dict
from integrations.trusted_profile.factory import build_provider
from integrations.trusted_profile.interface import (
    LOA_HIGH,
    LOA_LOW,
    LOA_SUBSTANTIAL,
    RejectReason,
    ResponseRejected,
)
from integrations.trusted_profile.namespaces import SAML, q
from integrations.trusted_profile.response import validate_response
from integrations.trusted_profile.saml_settings import build_saml_settings
from integrations.trusted_profile.schema_extensions import extended_protocol_schema
from integrations.trusted_profile.signature_check import verify_enveloped
from integrations.trusted_profile.xmldsig import RSA_SHA1

from .saml_idp import (
    ACS_URL,
    BAD_PESEL,
    IDP_ENTITY_ID,
    PESEL,
    SP_ENTITY_ID,
    MemoryReplayGuard,
    default_attributes,
    encrypt_rsa_plaintext,
    generic_settings,
    key_pairs,
    make_assertion,
    make_response,
    posted,
    wk_settings,
    write_key_files,
)

REQUEST_ID = "_request-1"
PESEL_NAME = "http://eidas.europa.eu/attributes/naturalperson/PersonIdentifier"
GIVEN_NAME = "http://eidas.europa.eu/attributes/naturalperson/CurrentGivenName"
VECTOR = Path(__file__).parent / "data" / "login_gov_pl" / "encryptedEC.xml"


@pytest.fixture(scope="session")
def key_files(tmp_path_factory):
    return write_key_files(tmp_path_factory.mktemp("saml-keys"))


@pytest.fixture
def guard():
    return MemoryReplayGuard()


@pytest.fixture
def provider(key_files, guard):
    return build_provider(config=config_from_dict(generic_settings(key_files)), replay_guard=guard)


def pending_only(*request_ids):
    return lambda in_response_to: in_response_to in request_ids


def good_response(**assertion_fields):
    """A Response as a generic IdP sends it: RSA-signed, assertion RSA-OAEP encrypted to us."""
    keys = key_pairs()
    return make_response(
        make_assertion(in_response_to=REQUEST_ID, **assertion_fields),
        in_response_to=REQUEST_ID,
        encrypt_for=keys["sp_rsa_encryption"],
        sign_with=keys["idp_rsa"],
    )


def rejected(provider, response, *, pending=None) -> ResponseRejected:
    with pytest.raises(ResponseRejected) as caught:
        provider.accept(request=posted(response), pending=pending or pending_only(REQUEST_ID))
    return caught.value


def test_a_valid_post_response_yields_the_identity_with_every_field(provider, guard):
    identity = provider.accept(request=posted(good_response()), pending=pending_only(REQUEST_ID))

    assert identity.pesel == PESEL
    assert identity.given_name == "Małgorzata"
    assert identity.family_name == "Żółkiewska"
    assert identity.date_of_birth == dt.date(1985, 3, 14)
    assert identity.level_of_assurance == LOA_SUBSTANTIAL
    assert identity.issuer == IDP_ENTITY_ID
    assert identity.name_id == "mzolkiewska"
    assert identity.name_id_format == "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
    assert identity.session_index == "_session-1"
    assert identity.in_response_to == REQUEST_ID
    assert identity.assertion_id.startswith("_a")
    assert identity.not_on_or_after > dt.datetime.now(dt.UTC)
    # The assertion id is remembered until it could no longer be presented (plus the skew).
    (kind, identifier), expires_at = next(iter(guard.claims.items()))
    assert (kind, identifier) == ("assertion", identity.assertion_id)
    assert expires_at == identity.not_on_or_after + dt.timedelta(seconds=60)


def test_eidas_typed_values_in_an_rsa_encrypted_assertion_are_accepted(provider):
    keys = key_pairs()
    response = make_response(
        make_assertion(in_response_to=REQUEST_ID, eidas_types=True),
        in_response_to=REQUEST_ID,
        encrypt_for=keys["sp_rsa_encryption"],
        sign_with=keys["idp_rsa"],
    )
    assert provider.accept(request=posted(response), pending=pending_only(REQUEST_ID)).pesel


def test_a_signed_assertion_inside_the_encrypted_assertion_is_accepted(provider):
    keys = key_pairs()
    response = make_response(
        make_assertion(in_response_to=REQUEST_ID),
        in_response_to=REQUEST_ID,
        encrypt_for=keys["sp_rsa_encryption"],
        sign_assertion_with=keys["idp_rsa"],
    )
    assert provider.accept(request=posted(response), pending=pending_only(REQUEST_ID)).pesel


def test_an_ecdsa_signed_response_with_an_ecdh_es_assertion_is_accepted(key_files, guard):
    keys = key_pairs()
    config = config_from_dict(wk_settings(key_files))
    response = make_response(
        make_assertion(in_response_to=REQUEST_ID, eidas_types=True),
        in_response_to=REQUEST_ID,
        encrypt_for=keys["sp_ec_encryption"],
        sign_with=keys["idp_ec"],
    )
    identity = validate_response(
        config=config,
        saml_settings=build_saml_settings(config),
        response_xml=etree.tostring(response),
        pending=pending_only(REQUEST_ID),
        replay_guard=guard,
    )
    assert (identity.pesel, identity.date_of_birth) == (PESEL, dt.date(1985, 3, 14))


def test_python3_saml_verifies_an_ecdsa_signed_response_and_refuses_it_once_altered():
    keys = key_pairs()
    response = make_response(
        make_assertion(in_response_to=REQUEST_ID),
        in_response_to=REQUEST_ID,
        sign_with=keys["idp_ec"],
    )
    cert_pem = keys["idp_ec"].cert_pem.decode()
    xpath = OneLogin_Saml2_Utils.RESPONSE_SIGNATURE_XPATH
    assert OneLogin_Saml2_Utils.validate_sign(etree.tostring(response), cert_pem, xpath=xpath)
    response.set("IssueInstant", "2030-01-01T00:00:00Z")
    assert not OneLogin_Saml2_Utils.validate_sign(etree.tostring(response), cert_pem, xpath=xpath)


def test_the_real_node_sample_was_altered_after_signing_so_it_cannot_serve_as_a_vector():
    """Why no test verifies the 2018 sample's signatures: its digests no longer match."""
    outer = etree.parse(str(VECTOR)).getroot()
    certificate = outer.findtext(".//{http://www.w3.org/2000/09/xmldsig#}X509Certificate")
    with pytest.raises(ResponseRejected):
        verify_enveloped(outer, certificates=[OneLogin_Saml2_Utils.format_cert(certificate)])


def test_a_response_signed_with_the_next_idp_key_is_accepted_during_rollover(key_files, guard):
    settings = generic_settings(
        key_files, idp_certificates=[key_files["idp_rsa_cert"], key_files["idp_rsa_next_cert"]]
    )
    provider = build_provider(config=config_from_dict(settings), replay_guard=guard)
    keys = key_pairs()
    response = make_response(
        make_assertion(in_response_to=REQUEST_ID),
        in_response_to=REQUEST_ID,
        encrypt_for=keys["sp_rsa_encryption"],
        sign_with=keys["idp_rsa_next"],
    )
    assert provider.accept(request=posted(response), pending=pending_only(REQUEST_ID)).pesel


def test_configured_attribute_names_are_read_in_the_generic_profile(key_files, guard):
    settings = generic_settings(key_files, attribute_names={"pesel": "urn:oid:2.5.4.5"})
    provider = build_provider(config=config_from_dict(settings), replay_guard=guard)
    attributes = default_attributes()
    attributes["urn:oid:2.5.4.5"] = attributes.pop(PESEL_NAME)
    identity = provider.accept(
        request=posted(good_response(attributes=attributes)), pending=pending_only(REQUEST_ID)
    )
    assert identity.pesel == PESEL


def test_the_same_assertion_presented_twice_is_refused_as_replay(provider):
    response = good_response()
    provider.accept(request=posted(response), pending=pending_only(REQUEST_ID))
    assert rejected(provider, response).reason == RejectReason.REPLAY


def test_a_response_without_in_response_to_is_refused_as_unsolicited(provider):
    keys = key_pairs()
    response = make_response(
        make_assertion(in_response_to=REQUEST_ID),
        in_response_to=None,
        encrypt_for=keys["sp_rsa_encryption"],
        sign_with=keys["idp_rsa"],
    )
    error = rejected(provider, response)
    assert (error.reason, error.detail) == (
        RejectReason.UNSOLICITED,
        "the Response has no InResponseTo",
    )


def test_a_response_to_a_login_the_portal_did_not_start_is_refused(provider):
    error = rejected(provider, good_response(), pending=pending_only("_another-request"))
    assert error.reason == RejectReason.UNSOLICITED


def test_a_subject_confirmation_for_another_request_is_refused(provider):
    error = rejected(provider, good_response(confirmation_in_response_to="_another-request"))
    assert error.reason == RejectReason.UNSOLICITED


def test_an_unsigned_response_is_refused(provider):
    keys = key_pairs()
    response = make_response(
        make_assertion(in_response_to=REQUEST_ID),
        in_response_to=REQUEST_ID,
        encrypt_for=keys["sp_rsa_encryption"],
    )
    assert rejected(provider, response).reason == RejectReason.SIGNATURE


def test_a_response_signed_by_an_untrusted_key_is_refused(provider):
    keys = key_pairs()
    response = make_response(
        make_assertion(in_response_to=REQUEST_ID),
        in_response_to=REQUEST_ID,
        encrypt_for=keys["sp_rsa_encryption"],
        sign_with=keys["stranger_rsa"],
    )
    assert rejected(provider, response).reason == RejectReason.SIGNATURE


def test_a_forged_response_does_not_consume_the_residents_pending_login(provider):
    asked = []
    keys = key_pairs()
    forged = make_response(
        make_assertion(in_response_to=REQUEST_ID),
        in_response_to=REQUEST_ID,
        encrypt_for=keys["sp_rsa_encryption"],
        sign_with=keys["stranger_rsa"],
    )
    with pytest.raises(ResponseRejected):
        provider.accept(request=posted(forged), pending=asked.append)
    assert asked == []


def test_a_response_changed_after_signing_is_refused(provider):
    response = good_response()
    response.set("IssueInstant", "2030-01-01T00:00:00Z")
    assert rejected(provider, response).reason == RejectReason.SIGNATURE


def test_a_sha1_signature_is_refused(provider):
    keys = key_pairs()
    response = make_response(
        make_assertion(in_response_to=REQUEST_ID),
        in_response_to=REQUEST_ID,
        encrypt_for=keys["sp_rsa_encryption"],
        sign_with=keys["idp_rsa"],
        signature_algorithm=RSA_SHA1,
    )
    error = rejected(provider, response)
    assert error.reason == RejectReason.SIGNATURE
    assert "Deprecated signature algorithm" in error.detail


def test_an_assertion_encrypted_for_another_key_is_refused(provider):
    keys = key_pairs()
    response = make_response(
        make_assertion(in_response_to=REQUEST_ID),
        in_response_to=REQUEST_ID,
        encrypt_for=keys["stranger_rsa"],
        sign_with=keys["idp_rsa"],
    )
    assert rejected(provider, response).reason == RejectReason.DECRYPTION


def test_a_plaintext_assertion_is_refused_when_encryption_is_required(provider):
    keys = key_pairs()
    response = make_response(
        make_assertion(in_response_to=REQUEST_ID),
        in_response_to=REQUEST_ID,
        sign_with=keys["idp_rsa"],
    )
    assert rejected(provider, response).reason == RejectReason.DECRYPTION


def test_a_plaintext_assertion_is_accepted_when_encryption_is_switched_off(key_files, guard):
    settings = generic_settings(key_files, require_encrypted_assertions="false")
    provider = build_provider(config=config_from_dict(settings), replay_guard=guard)
    keys = key_pairs()
    response = make_response(
        make_assertion(in_response_to=REQUEST_ID),
        in_response_to=REQUEST_ID,
        sign_with=keys["idp_rsa"],
    )
    assert provider.accept(request=posted(response), pending=pending_only(REQUEST_ID)).pesel


def test_an_assertion_from_another_issuer_is_refused(provider):
    keys = key_pairs()
    response = make_response(
        make_assertion(in_response_to=REQUEST_ID, issuer="https://evil.example/idp"),
        in_response_to=REQUEST_ID,
        encrypt_for=keys["sp_rsa_encryption"],
        sign_with=keys["idp_rsa"],
    )
    assert rejected(provider, response).reason == RejectReason.ISSUER


@pytest.mark.parametrize("audience", ["https://other-sp.example/", None])
def test_an_assertion_for_another_or_no_audience_is_refused(provider, audience):
    assert rejected(provider, good_response(audience=audience)).reason == RejectReason.AUDIENCE


def test_a_response_destined_for_another_endpoint_is_refused(provider):
    keys = key_pairs()
    response = make_response(
        make_assertion(in_response_to=REQUEST_ID),
        in_response_to=REQUEST_ID,
        destination=ACS_URL + "evil",
        encrypt_for=keys["sp_rsa_encryption"],
        sign_with=keys["idp_rsa"],
    )
    assert rejected(provider, response).reason == RejectReason.DESTINATION


def test_a_recipient_that_only_starts_with_our_acs_is_refused(provider):
    error = rejected(provider, good_response(recipient=ACS_URL + "evil"))
    assert error.reason == RejectReason.DESTINATION


def test_a_response_posted_elsewhere_than_the_acs_is_refused(provider):
    with pytest.raises(ResponseRejected) as caught:
        provider.accept(
            request=posted(good_response(), path="/inna/sciezka/"),
            pending=pending_only(REQUEST_ID),
        )
    assert caught.value.reason == RejectReason.DESTINATION


def test_an_expired_assertion_is_refused(provider):
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2)
    error = rejected(
        provider, good_response(not_before=past - dt.timedelta(minutes=5), not_on_or_after=past)
    )
    assert error.reason == RejectReason.EXPIRED


def test_an_assertion_not_yet_valid_beyond_the_clock_skew_is_refused(provider):
    future = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)
    assert rejected(provider, good_response(not_before=future)).reason == RejectReason.NOT_YET_VALID


def test_an_assertion_valid_within_the_clock_skew_is_accepted(provider):
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)
    identity = provider.accept(
        request=posted(good_response(not_before=soon)), pending=pending_only(REQUEST_ID)
    )
    assert identity.pesel == PESEL


def test_an_error_status_from_the_idp_is_refused_as_status(provider):
    response = make_response(
        None,
        in_response_to=REQUEST_ID,
        status="urn:oasis:names:tc:SAML:2.0:status:Responder",
        sign_with=key_pairs()["idp_rsa"],
    )
    assert rejected(provider, response).reason == RejectReason.STATUS


def test_a_level_of_assurance_below_the_required_one_is_refused(provider):
    error = rejected(provider, good_response(loa=LOA_LOW))
    assert error.reason == RejectReason.LEVEL_OF_ASSURANCE


def test_an_authn_context_that_is_not_an_eidas_level_is_refused(provider):
    error = rejected(provider, good_response(loa="urn:oasis:names:tc:SAML:2.0:ac:classes:Password"))
    assert error.reason == RejectReason.LEVEL_OF_ASSURANCE


def test_a_higher_level_of_assurance_than_required_is_accepted(provider):
    identity = provider.accept(
        request=posted(good_response(loa=LOA_HIGH)), pending=pending_only(REQUEST_ID)
    )
    assert identity.level_of_assurance == LOA_HIGH


def test_a_pesel_with_a_bad_checksum_is_refused(provider):
    attributes = default_attributes()
    attributes[PESEL_NAME] = [BAD_PESEL]
    error = rejected(provider, good_response(attributes=attributes))
    assert error.reason == RejectReason.PESEL
    assert BAD_PESEL not in error.detail


def test_a_response_without_pesel_is_refused(provider):
    attributes = default_attributes()
    del attributes[PESEL_NAME]
    assert rejected(provider, good_response(attributes=attributes)).reason == RejectReason.PESEL


def test_an_attribute_with_two_values_is_refused(provider):
    attributes = default_attributes()
    attributes[GIVEN_NAME] = ["Małgorzata", "Anna"]
    error = rejected(provider, good_response(attributes=attributes))
    assert error.reason == RejectReason.ATTRIBUTES


def test_an_attribute_sent_twice_is_refused(provider):
    assertion = make_assertion(in_response_to=REQUEST_ID)
    statement = assertion.find(q(SAML, "AttributeStatement"))
    statement.append(etree.fromstring(etree.tostring(statement[0])))
    keys = key_pairs()
    response = make_response(
        assertion,
        in_response_to=REQUEST_ID,
        encrypt_for=keys["sp_rsa_encryption"],
        sign_with=keys["idp_rsa"],
    )
    assert rejected(provider, response).reason == RejectReason.ATTRIBUTES


def test_a_missing_required_attribute_is_refused(provider):
    attributes = default_attributes()
    del attributes[GIVEN_NAME]
    error = rejected(provider, good_response(attributes=attributes))
    assert error.reason == RejectReason.ATTRIBUTES


def test_the_extended_schema_applies_only_while_validating_our_responses():
    """Elsewhere python3-saml's protocol-schema check is exactly as strict as it ships."""
    keys = key_pairs()
    response = make_response(
        make_assertion(in_response_to=REQUEST_ID, eidas_types=True),
        in_response_to=REQUEST_ID,
        encrypt_for=keys["sp_ec_encryption"],
    )
    schema = "saml-schema-protocol-2.0.xsd"
    assert OneLogin_Saml2_XML.validate_xml(response, schema) == "invalid_xml"
    with extended_protocol_schema():
        assert OneLogin_Saml2_XML.validate_xml(response, schema) is response
        response.set("Unknown", "x")  # still strict about everything else
        assert OneLogin_Saml2_XML.validate_xml(response, schema) == "invalid_xml"


def test_a_response_with_a_dtd_is_refused_before_parsing_it(provider):
    xml = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "boom">]>' + etree.tostring(
        good_response()
    )
    error = rejected(provider, xml)
    assert error.reason == RejectReason.MALFORMED
    assert "DTDForbidden" in error.detail


def test_a_dtd_inside_an_encrypted_assertion_is_refused_and_reads_nothing(provider, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TAJNE")
    plaintext = (
        f'<!DOCTYPE a [<!ENTITY x SYSTEM "file://{secret}">]>'
        f'<saml2:Assertion xmlns:saml2="{SAML}" ID="_x" Version="2.0" '
        'IssueInstant="2026-01-01T00:00:00Z"><saml2:Issuer>&x;</saml2:Issuer></saml2:Assertion>'
    ).encode()
    idp = key_pairs()["idp_rsa"]
    response = make_response(None, in_response_to=REQUEST_ID)
    response.append(encrypt_rsa_plaintext(plaintext, recipient=key_pairs()["sp_rsa_encryption"]))
    xmldsig.sign(response, key_pem=idp.key_pem, cert_pem=idp.cert_pem)
    error = rejected(provider, response)
    assert error.reason == RejectReason.DECRYPTION
    assert "TAJNE" not in str(error)


def test_a_saml_response_that_is_not_base64_is_refused(provider):
    request = posted(good_response())
    request = type(request)(**{**request.__dict__, "params": {"SAMLResponse": "%%%not base64"}})
    with pytest.raises(ResponseRejected) as caught:
        provider.accept(request=request, pending=pending_only(REQUEST_ID))
    assert caught.value.reason == RejectReason.MALFORMED


def test_a_posted_response_is_refused_when_the_profile_uses_artifacts(key_files, guard):
    settings = generic_settings(
        key_files, binding="artifact", idp_artifact_resolution_url="https://idp.example/ars"
    )
    provider = build_provider(config=config_from_dict(settings), replay_guard=guard)
    assert rejected(provider, good_response()).reason == RejectReason.MALFORMED


def test_an_audience_that_only_starts_with_our_entity_id_is_refused(provider):
    error = rejected(provider, good_response(audience=SP_ENTITY_ID + "x"))
    assert error.reason == RejectReason.AUDIENCE
