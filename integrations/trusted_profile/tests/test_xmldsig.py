"""Enveloped signatures: the node's ECDSA sample, and ours checked by python3-saml."""

from __future__ import annotations

from pathlib import Path

import pytest
import xmlsec
from lxml import etree
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from integrations.trusted_profile import xmldsig
from integrations.trusted_profile.testing.keys import make_key_pair
from integrations.trusted_profile.xmldsig import SignatureInvalid

DATA = Path(__file__).parent / "data" / "login_gov_pl"
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
DS = "http://www.w3.org/2000/09/xmldsig#"


def load_sample() -> etree._Element:
    # The published file was pretty-printed after signing; the node sends it without the
    # indentation, which is what the signatures cover.
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.parse(str(DATA / "encryptedEC.xml"), parser).getroot()


def sample_certificate(root: etree._Element) -> str:
    return OneLogin_Saml2_Utils.format_cert(root.findtext(f".//{{{DS}}}X509Certificate"))


def message(tag: str, *, namespace: str = SAMLP, with_issuer: bool = True) -> etree._Element:
    element = etree.Element(
        f"{{{namespace}}}{tag}",
        nsmap={"saml2p": SAMLP, "saml2": SAML},
        ID="_" + "a1" * 16,
        Version="2.0",
        IssueInstant="2026-11-28T10:00:00Z",
    )
    if with_issuer:
        etree.SubElement(element, f"{{{SAML}}}Issuer").text = "https://sp.example"
    etree.SubElement(element, f"{{{SAMLP}}}Status").text = "Zażółć"
    return element


def test_the_node_sample_artifact_response_signature_verifies_with_python3_saml():
    root = load_sample()
    assert OneLogin_Saml2_Utils.validate_sign(
        etree.tostring(root),
        sample_certificate(root),
        xpath="/samlp:ArtifactResponse/ds:Signature",
        raise_exceptions=True,
    )


def test_the_node_sample_inner_response_signature_verifies_with_python3_saml():
    root = load_sample()
    assert OneLogin_Saml2_Utils.validate_sign(
        etree.tostring(root),
        sample_certificate(root),
        xpath="/samlp:ArtifactResponse/samlp:Response/ds:Signature",
        raise_exceptions=True,
    )
    assert OneLogin_Saml2_Utils.validate_sign(
        etree.tostring(root.find(f"{{{SAMLP}}}Response")),
        sample_certificate(root),
        raise_exceptions=True,
    )


def test_the_node_sample_fails_once_its_issuer_is_changed():
    root = load_sample()
    root.find(f"{{{SAMLP}}}Response/{{{SAML}}}Issuer").text = "evil.example"
    certificate = sample_certificate(root)
    assert not OneLogin_Saml2_Utils.validate_sign(
        etree.tostring(root), certificate, xpath="/samlp:ArtifactResponse/ds:Signature"
    )
    with pytest.raises(SignatureInvalid):
        xmldsig.verify(root.find(f"{{{SAMLP}}}Response"), cert_pem=certificate)


def test_verify_accepts_both_signatures_of_the_node_sample():
    root = load_sample()
    certificate = sample_certificate(root)
    xmldsig.verify(root, cert_pem=certificate)
    xmldsig.verify(root.find(f"{{{SAMLP}}}Response"), cert_pem=certificate)


@pytest.mark.parametrize(
    ("kind", "algorithm"), [("ec", xmldsig.ECDSA_SHA256), ("rsa", xmldsig.RSA_SHA256)]
)
@pytest.mark.parametrize(
    "tag",
    [
        "AuthnRequest",
        "Response",
        "ArtifactResolve",
        "ArtifactResponse",
        "LogoutRequest",
        "LogoutResponse",
    ],
)
def test_signatures_follow_the_key_and_verify_with_python3_saml(kind, algorithm, tag):
    pair = make_key_pair(kind=kind)
    element = message(tag)
    xmldsig.sign(element, key_pem=pair.key_pem, cert_pem=pair.cert_pem)

    signature = element[1]
    assert signature.tag == f"{{{DS}}}Signature"  # right after the Issuer
    assert signature.find(f".//{{{DS}}}SignatureMethod").get("Algorithm") == algorithm
    assert signature.find(f".//{{{DS}}}DigestMethod").get("Algorithm") == xmldsig.DIGEST_SHA256
    assert signature.find(f".//{{{DS}}}CanonicalizationMethod").get("Algorithm") == (
        xmldsig.EXCL_C14N
    )
    assert signature.find(f".//{{{DS}}}Reference").get("URI") == "#" + element.get("ID")
    assert signature.findtext(f".//{{{DS}}}X509Certificate")
    xml = etree.tostring(element)
    root_xpath = f"/samlp:{tag}/ds:Signature"
    assert OneLogin_Saml2_Utils.validate_sign(
        xml, pair.cert_pem.decode(), xpath=root_xpath, raise_exceptions=True
    )
    reparsed = etree.fromstring(xml)
    # validate_node_sign resolves the Reference by ID attributes its caller registered.
    xmlsec.tree.add_ids(reparsed, ["ID"])
    assert OneLogin_Saml2_Utils.validate_node_sign(
        reparsed.find(f"{{{DS}}}Signature"), reparsed, pair.cert_pem.decode(), raise_exceptions=True
    )
    xmldsig.verify(reparsed, cert_pem=pair.cert_pem)


@pytest.mark.parametrize("kind", ["ec", "rsa"])
def test_a_signed_assertion_verifies_with_python3_saml(kind):
    pair = make_key_pair(kind=kind)
    assertion = message("Assertion", namespace=SAML)
    xmldsig.sign(assertion, key_pem=pair.key_pem, cert_pem=pair.cert_pem)
    assert OneLogin_Saml2_Utils.validate_sign(
        etree.tostring(assertion),
        pair.cert_pem.decode(),
        xpath="/saml:Assertion/ds:Signature",
        raise_exceptions=True,
    )


def test_a_change_after_signing_breaks_the_signature():
    pair = make_key_pair()
    element = message("LogoutRequest")
    xmldsig.sign(element, key_pem=pair.key_pem, cert_pem=pair.cert_pem)
    element.find(f"{{{SAMLP}}}Status").text = "Zazolc"
    assert not OneLogin_Saml2_Utils.validate_sign(
        etree.tostring(element), pair.cert_pem.decode(), xpath="/samlp:LogoutRequest/ds:Signature"
    )
    with pytest.raises(SignatureInvalid, match="does not verify"):
        xmldsig.verify(element, cert_pem=pair.cert_pem)


def test_another_certificate_does_not_verify():
    element = message("ArtifactResolve")
    pair = make_key_pair()
    xmldsig.sign(element, key_pem=pair.key_pem)
    with pytest.raises(SignatureInvalid, match="does not verify"):
        xmldsig.verify(element, cert_pem=make_key_pair().cert_pem)


def test_without_a_certificate_there_is_no_key_info():
    element = message("AuthnRequest")
    pair = make_key_pair()
    xmldsig.sign(element, key_pem=pair.key_pem)
    assert element.find(f"{{{DS}}}Signature/{{{DS}}}KeyInfo") is None
    xmldsig.verify(element, cert_pem=pair.cert_pem)


def test_without_an_issuer_the_signature_comes_first():
    element = message("AuthnRequest", with_issuer=False)
    xmldsig.sign(element, key_pem=make_key_pair().key_pem)
    assert element[0].tag == f"{{{DS}}}Signature"


def test_the_node_prefix_list_can_be_written():
    pair = make_key_pair()
    element = message("ArtifactResponse")
    xmldsig.sign(
        element, key_pem=pair.key_pem, inclusive_namespaces=("ds", "saml2", "saml2p", "xenc")
    )
    prefix_list = element.find(".//{http://www.w3.org/2001/10/xml-exc-c14n#}InclusiveNamespaces")
    assert prefix_list.get("PrefixList") == "ds saml2 saml2p xenc"
    xmldsig.verify(element, cert_pem=pair.cert_pem)


def test_a_sha1_signature_can_be_made_for_attack_tests_but_verify_refuses_it():
    pair = make_key_pair(kind="rsa")
    element = message("Response")
    xmldsig.sign(
        element,
        key_pem=pair.key_pem,
        cert_pem=pair.cert_pem,
        algorithm=xmldsig.RSA_SHA1,
        digest_algorithm=xmldsig.DIGEST_SHA1,
    )
    assert element.find(f".//{{{DS}}}SignatureMethod").get("Algorithm") == xmldsig.RSA_SHA1
    # Cryptographically sound, so python3-saml's plain check passes: refusing SHA-1 is the
    # service provider's job (its settings reject deprecated algorithms).
    assert OneLogin_Saml2_Utils.validate_sign(
        etree.tostring(element), pair.cert_pem.decode(), raise_exceptions=True
    )
    with pytest.raises(SignatureInvalid, match="weak"):
        xmldsig.verify(element, cert_pem=pair.cert_pem)


def test_an_extra_transform_is_refused():
    pair = make_key_pair()
    element = message("LogoutResponse")
    xmldsig.sign(element, key_pem=pair.key_pem)
    (transforms,) = element.xpath(".//ds:Transforms", namespaces={"ds": DS})
    etree.SubElement(
        transforms, f"{{{DS}}}Transform", Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"
    )
    with pytest.raises(SignatureInvalid, match="transform"):
        xmldsig.verify(element, cert_pem=pair.cert_pem)


def test_a_signature_moved_onto_a_wrapper_does_not_count():
    pair = make_key_pair()
    signed = message("Response")
    xmldsig.sign(signed, key_pem=pair.key_pem)
    wrapper = message("Response")
    wrapper.set("ID", "_evil")
    wrapper.insert(1, signed.find(f"{{{DS}}}Signature"))
    wrapper.append(signed)
    with pytest.raises(SignatureInvalid, match="does not cover"):
        xmldsig.verify(wrapper, cert_pem=pair.cert_pem)


def test_a_duplicated_id_is_refused():
    pair = make_key_pair()
    signed = message("Response")
    xmldsig.sign(signed, key_pem=pair.key_pem)
    container = etree.Element("container")
    container.append(signed)
    clone = message("Response")
    container.append(clone)
    with pytest.raises(SignatureInvalid, match="not unique"):
        xmldsig.verify(signed, cert_pem=pair.cert_pem)


def test_signing_needs_an_id_and_an_unsigned_element():
    pair = make_key_pair()
    without_id = message("AuthnRequest")
    del without_id.attrib["ID"]
    with pytest.raises(ValueError, match="no ID"):
        xmldsig.sign(without_id, key_pem=pair.key_pem)
    signed = message("AuthnRequest")
    xmldsig.sign(signed, key_pem=pair.key_pem)
    with pytest.raises(ValueError, match="already signed"):
        xmldsig.sign(signed, key_pem=pair.key_pem)


def test_an_unknown_algorithm_is_refused():
    with pytest.raises(ValueError, match="unsupported algorithm"):
        xmldsig.sign(
            message("AuthnRequest"),
            key_pem=make_key_pair().key_pem,
            algorithm="http://www.w3.org/2000/09/xmldsig#dsa-sha1",
        )
