"""Single logout: front channel (HTTP-Redirect) and back channel (SOAP) in both directions."""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
import secrets
import zlib
from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest
import xmlsec
from lxml import etree

from integrations.trusted_profile import xmldsig
from integrations.trusted_profile.config import config_from_dict
from integrations.trusted_profile.factory import build_provider
from integrations.trusted_profile.interface import RejectReason, RequestInfo, ResponseRejected
from integrations.trusted_profile.namespaces import (
    RSA_SHA256,
    SAML,
    SAMLP,
    SOAP_ENV,
    STATUS_SUCCESS,
    q,
)
from integrations.trusted_profile.testing.wk_emulator import WKEmulator

from .saml_idp import (
    ACS_URL,
    IDP_ENTITY_ID,
    IDP_SLO_URL,
    SLO_URL,
    SP_ENTITY_ID,
    ArtifactResolutionService,
    MemoryReplayGuard,
    artifact_request,
    generic_settings,
    instant,
    key_pairs,
    soap,
    wk_settings,
    write_key_files,
)

NAMEID_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"


@pytest.fixture(scope="session")
def key_files(tmp_path_factory):
    return write_key_files(tmp_path_factory.mktemp("saml-keys"))


@pytest.fixture
def generic(key_files):
    return build_provider(
        config=config_from_dict(generic_settings(key_files)), replay_guard=MemoryReplayGuard()
    )


def idp_message(
    tag: str,
    *,
    destination: str | None = SLO_URL,
    issuer: str = IDP_ENTITY_ID,
    in_response_to: str | None = None,
    not_on_or_after: dt.datetime | None = None,
) -> etree._Element:
    """A LogoutRequest (with NameID and SessionIndex) or LogoutResponse as the IdP sends it."""
    message = etree.Element(
        q(SAMLP, tag),
        nsmap={"samlp": SAMLP, "saml": SAML},
        ID="_idp" + secrets.token_hex(8),
        Version="2.0",
        IssueInstant=instant(dt.datetime.now(dt.UTC)),
    )
    if destination:
        message.set("Destination", destination)
    if in_response_to:
        message.set("InResponseTo", in_response_to)
    if not_on_or_after:
        message.set("NotOnOrAfter", instant(not_on_or_after))
    etree.SubElement(message, q(SAML, "Issuer")).text = issuer
    if tag == "LogoutRequest":
        etree.SubElement(message, q(SAML, "NameID"), Format=NAMEID_FORMAT).text = "mzolkiewska"
        etree.SubElement(message, q(SAMLP, "SessionIndex")).text = "_session-1"
    else:
        status = etree.SubElement(message, q(SAMLP, "Status"))
        etree.SubElement(status, q(SAMLP, "StatusCode"), Value=STATUS_SUCCESS)
    return message


def redirect_params(
    message: etree._Element,
    *,
    parameter: str,
    key=None,
    relay_state: str = "/po-wylogowaniu/",
    lowercase_hex: bool = False,
) -> dict[str, str]:
    """The decoded query fields of a redirect-bound message, signed like the IdP signs it."""
    compressor = zlib.compressobj(wbits=-15)
    encoded = base64.b64encode(compressor.compress(etree.tostring(message)) + compressor.flush())
    params = {parameter: encoded.decode(), "RelayState": relay_state, "SigAlg": RSA_SHA256}
    if key is not None:

        def enc(value: str) -> str:
            text = quote_plus(value)
            return (
                re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), text)
                if lowercase_hex
                else text
            )

        signed = "&".join(
            f"{name}={enc(params[name])}" for name in (parameter, "RelayState", "SigAlg")
        )
        context = xmlsec.SignatureContext()
        context.key = xmlsec.Key.from_memory(key.key_pem, xmlsec.KeyFormat.PEM, None)
        signature = context.sign_binary(signed.encode(), xmlsec.Transform.RSA_SHA256)
        params["Signature"] = base64.b64encode(signature).decode()
    return params


def get(params: dict[str, str], method: str = "GET") -> RequestInfo:
    return RequestInfo(
        https=True, host="eurzad.example", path="/konto/saml/slo/", method=method, params=params
    )


def decoded(url: str) -> tuple[etree._Element, dict[str, str]]:
    params = {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}
    for parameter in ("SAMLRequest", "SAMLResponse"):
        if parameter in params:
            xml = zlib.decompress(base64.b64decode(params[parameter]), -15)
            return etree.fromstring(xml), params
    raise AssertionError("no SAML message in the URL")


def test_generic_logout_redirects_the_browser_with_a_signed_logout_request(generic):
    message = generic.logout(
        name_id="mzolkiewska",
        name_id_format=NAMEID_FORMAT,
        session_index="_session-1",
        relay_state="/",
    )
    request, params = decoded(message.url)
    assert message.method == "GET"
    assert message.url.startswith(IDP_SLO_URL + "?")
    assert request.tag == q(SAMLP, "LogoutRequest")
    assert request.get("ID") == message.message_id
    assert request.get("Destination") == IDP_SLO_URL
    assert request.findtext(q(SAML, "NameID")) == "mzolkiewska"
    assert request.findtext(q(SAMLP, "SessionIndex")) == "_session-1"
    assert params["SigAlg"] == RSA_SHA256 and params["Signature"]


def test_the_login_gov_pl_profile_logs_out_over_soap_not_through_the_browser(key_files):
    provider = build_provider(
        config=config_from_dict(wk_settings(key_files)), replay_guard=MemoryReplayGuard()
    )
    outcome = provider.logout(
        name_id="x", name_id_format=NAMEID_FORMAT, session_index=None, relay_state=""
    )
    assert outcome is None


def test_a_signed_logout_request_from_the_idp_ends_the_session_and_answers(generic):
    request = idp_message("LogoutRequest")
    params = redirect_params(request, parameter="SAMLRequest", key=key_pairs()["idp_rsa"])

    outcome = generic.accept_logout(request=get(params))

    assert outcome.success
    assert outcome.ended_name_id == "mzolkiewska"
    assert outcome.ended_session_indexes == ("_session-1",)
    answer, answer_params = decoded(outcome.redirect.url)
    assert outcome.redirect.url.startswith(IDP_SLO_URL + "?")
    assert answer.tag == q(SAMLP, "LogoutResponse")
    assert answer.get("InResponseTo") == request.get("ID")
    assert answer_params["RelayState"] == "/po-wylogowaniu/"


def test_lower_case_percent_encoding_of_the_signed_query_is_accepted(generic):
    params = redirect_params(
        idp_message("LogoutRequest"),
        parameter="SAMLRequest",
        key=key_pairs()["idp_rsa"],
        relay_state="/a b/?c=d",
        lowercase_hex=True,
    )
    assert generic.accept_logout(request=get(params)).success


def test_the_idps_answer_to_our_logout_request_is_reported(generic):
    params = redirect_params(
        idp_message("LogoutResponse", in_response_to="_ours"),
        parameter="SAMLResponse",
        key=key_pairs()["idp_rsa"],
    )
    outcome = generic.accept_logout(request=get(params))
    assert (outcome.success, outcome.in_response_to, outcome.redirect) == (True, "_ours", None)


@pytest.mark.parametrize(
    ("message", "key_name", "reason"),
    [
        (lambda: idp_message("LogoutRequest"), None, RejectReason.SIGNATURE),
        (lambda: idp_message("LogoutRequest"), "stranger_rsa", RejectReason.SIGNATURE),
        (
            lambda: idp_message("LogoutRequest", issuer="https://evil/"),
            "idp_rsa",
            RejectReason.ISSUER,
        ),
        (
            lambda: idp_message("LogoutRequest", destination=SLO_URL + "x"),
            "idp_rsa",
            RejectReason.DESTINATION,
        ),
        (
            lambda: idp_message(
                "LogoutRequest",
                not_on_or_after=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1),
            ),
            "idp_rsa",
            RejectReason.EXPIRED,
        ),
        (lambda: idp_message("LogoutResponse"), "idp_rsa", RejectReason.UNSOLICITED),
    ],
)
def test_a_bad_front_channel_logout_message_is_refused(generic, message, key_name, reason):
    element = message()
    parameter = "SAMLRequest" if element.tag.endswith("LogoutRequest") else "SAMLResponse"
    key = key_pairs()[key_name] if key_name else None
    with pytest.raises(ResponseRejected) as caught:
        generic.accept_logout(request=get(redirect_params(element, parameter=parameter, key=key)))
    assert caught.value.reason == reason


def test_a_logout_query_signed_with_sha1_is_refused(generic):
    params = redirect_params(idp_message("LogoutRequest"), parameter="SAMLRequest")
    params["SigAlg"] = xmldsig.RSA_SHA1
    signed = "&".join(
        f"{name}={quote_plus(params[name])}" for name in ("SAMLRequest", "RelayState", "SigAlg")
    )
    context = xmlsec.SignatureContext()
    context.key = xmlsec.Key.from_memory(key_pairs()["idp_rsa"].key_pem, xmlsec.KeyFormat.PEM, None)
    signature = context.sign_binary(signed.encode(), xmlsec.Transform.RSA_SHA1)
    params["Signature"] = base64.b64encode(signature).decode()
    with pytest.raises(ResponseRejected) as caught:
        generic.accept_logout(request=get(params))
    assert caught.value.reason == RejectReason.SIGNATURE
    assert "algorithm refused" in caught.value.detail


def test_a_tampered_signed_logout_query_is_refused(generic):
    params = redirect_params(
        idp_message("LogoutRequest"), parameter="SAMLRequest", key=key_pairs()["idp_rsa"]
    )
    params["RelayState"] = "https://evil.example/"
    with pytest.raises(ResponseRejected) as caught:
        generic.accept_logout(request=get(params))
    assert caught.value.reason == RejectReason.SIGNATURE


def test_a_logout_message_posted_to_the_front_channel_is_refused(generic):
    params = redirect_params(
        idp_message("LogoutRequest"), parameter="SAMLRequest", key=key_pairs()["idp_rsa"]
    )
    with pytest.raises(ResponseRejected) as caught:
        generic.accept_logout(request=get(params, method="POST"))
    assert caught.value.reason == RejectReason.MALFORMED


# -- back channel (SOAP) -------------------------------------------------------------------


def wk_provider_at(key_files, url):
    settings = wk_settings(key_files, idp_slo_url=url)
    return build_provider(config=config_from_dict(settings), replay_guard=MemoryReplayGuard())


def test_a_soap_logout_request_from_the_idp_is_answered_with_a_signed_response(key_files):
    provider = wk_provider_at(key_files, "https://idp.example/login-services/singleLogoutService")
    request = idp_message("LogoutRequest", destination=None)
    xmldsig.sign(request, key_pem=key_pairs()["idp_ec"].key_pem)

    outcome, body = provider.accept_logout_soap(body=soap(request))

    assert (outcome.ended_name_id, outcome.ended_session_indexes) == (
        "mzolkiewska",
        ("_session-1",),
    )
    answer = etree.fromstring(body).find(q(SOAP_ENV, "Body"))[0]
    assert answer.tag == q(SAMLP, "LogoutResponse")
    assert answer.get("InResponseTo") == request.get("ID")
    assert answer.findtext(q(SAML, "Issuer")) == SP_ENTITY_ID
    xmldsig.verify(answer, cert_pem=key_pairs()["sp_ec_signing"].cert_pem)


@pytest.mark.parametrize(
    ("sign_with", "reason"),
    [(None, RejectReason.SIGNATURE), ("stranger_ec", RejectReason.SIGNATURE)],
)
def test_an_unsigned_or_foreign_soap_logout_request_is_refused(key_files, sign_with, reason):
    provider = wk_provider_at(key_files, "https://idp.example/login-services/singleLogoutService")
    request = idp_message("LogoutRequest", destination=None)
    if sign_with:
        xmldsig.sign(request, key_pem=key_pairs()[sign_with].key_pem)
    with pytest.raises(ResponseRejected) as caught:
        provider.accept_logout_soap(body=soap(request))
    assert caught.value.reason == reason


def test_a_soap_logout_request_for_another_endpoint_is_refused(key_files):
    provider = wk_provider_at(key_files, "https://idp.example/login-services/singleLogoutService")
    request = idp_message("LogoutRequest", destination="https://other-sp.example/slo")
    xmldsig.sign(request, key_pem=key_pairs()["idp_ec"].key_pem)
    with pytest.raises(ResponseRejected) as caught:
        provider.accept_logout_soap(body=soap(request))
    assert caught.value.reason == RejectReason.DESTINATION


def test_a_soap_logout_request_with_a_dtd_is_refused(key_files):
    provider = wk_provider_at(key_files, "https://idp.example/login-services/singleLogoutService")
    body = b'<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x "y">]><e>&x;</e>'
    with pytest.raises(ResponseRejected) as caught:
        provider.accept_logout_soap(body=body)
    assert caught.value.reason == RejectReason.MALFORMED


def logout_answer(*, status=STATUS_SUCCESS, sign_with="idp_ec", in_response_to=None):
    def answer(request):
        response = idp_message(
            "LogoutResponse", destination=None, in_response_to=in_response_to or request.get("ID")
        )
        response.find(f"{q(SAMLP, 'Status')}/{q(SAMLP, 'StatusCode')}").set("Value", status)
        if sign_with:
            xmldsig.sign(response, key_pem=key_pairs()[sign_with].key_pem)
        return 200, soap(response)

    return answer


def back_channel(key_files, answer):
    with ArtifactResolutionService(answer) as service:
        provider = wk_provider_at(key_files, service.url)
        result = provider.logout_back_channel(
            name_id="mzolkiewska", name_id_format=NAMEID_FORMAT, session_index="_session-1"
        )
    (request,) = service.received
    return result, request


def test_back_channel_logout_sends_a_signed_request_and_reads_success(key_files):
    result, request = back_channel(key_files, logout_answer())
    assert result is True
    assert request.tag == q(SAMLP, "LogoutRequest")
    assert request.findtext(q(SAML, "NameID")) == "mzolkiewska"
    xmldsig.verify(request, cert_pem=key_pairs()["sp_ec_signing"].cert_pem)


def test_back_channel_logout_reports_a_failure_status_as_false(key_files):
    result, _ = back_channel(
        key_files, logout_answer(status="urn:oasis:names:tc:SAML:2.0:status:Responder")
    )
    assert result is False


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (logout_answer(sign_with=None), RejectReason.SIGNATURE),
        (logout_answer(sign_with="stranger_ec"), RejectReason.SIGNATURE),
        (logout_answer(in_response_to="_another"), RejectReason.UNSOLICITED),
    ],
)
def test_back_channel_logout_refuses_an_untrustworthy_answer(key_files, answer, reason):
    with pytest.raises(ResponseRejected) as caught:
        back_channel(key_files, answer)
    assert caught.value.reason == reason


def test_back_channel_logout_ends_the_session_at_the_node_emulator(key_files, tmp_path):
    with WKEmulator() as emulator:
        idp_cert = tmp_path / "wk.crt"
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
        keys = key_pairs()
        emulator.register_sp(
            SP_ENTITY_ID, ACS_URL, keys["sp_ec_signing"].cert_pem, keys["sp_ec_encryption"].cert_pem
        )
        provider = build_provider(
            config=config_from_dict(settings), replay_guard=MemoryReplayGuard()
        )
        message = provider.login(relay_state="")
        page = emulator.handle_sso(dict(message.fields))
        artifact = html.unescape(re.search(r'name="SAMLart" value="([^"]+)"', page).group(1))
        identity = provider.accept(
            request=artifact_request(artifact), pending=lambda irt: irt == message.message_id
        )
        assert emulator.active_sessions

        assert provider.logout_back_channel(
            name_id=identity.name_id,
            name_id_format=identity.name_id_format,
            session_index=identity.session_index,
        )
        assert not emulator.active_sessions
        assert [s.session_index for s in emulator.ended_sessions] == [identity.session_index]
