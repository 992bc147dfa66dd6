"""Enveloped XML signatures of SAML messages (python-xmlsec), ECDSA or RSA by the key given.

python3-saml signs with RSA only; the national node (login.gov.pl) signs and expects ECDSA-SHA256
on P-256. Verification of what the IdP sends stays with python3-saml's validation; :func:`verify`
here is the strict check the test IdP applies to what a service provider sends it.
"""

from __future__ import annotations

from collections.abc import Sequence

import xmlsec
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from lxml import etree
from onelogin.saml2.utils import OneLogin_Saml2_Utils

NS_DS = "http://www.w3.org/2000/09/xmldsig#"
NS_SAML = "urn:oasis:names:tc:SAML:2.0:assertion"

ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
ECDSA_SHA1 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1"
DIGEST_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
DIGEST_SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1"
EXCL_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"

NS_EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
_SIGNATURE_ALGORITHMS = frozenset({ECDSA_SHA256, ECDSA_SHA1, RSA_SHA256, RSA_SHA1})
_DIGEST_ALGORITHMS = frozenset({DIGEST_SHA256, DIGEST_SHA1})
#: What :func:`verify` accepts; SHA-1 is refused as too weak.
STRONG_SIGNATURE_ALGORITHMS = frozenset({ECDSA_SHA256, RSA_SHA256})


class SignatureInvalid(ValueError):
    """A signature is missing, malformed, weak, not over the element, or does not verify."""


def _default_algorithm(key_pem: bytes) -> str:
    key = serialization.load_pem_private_key(key_pem, password=None)
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return ECDSA_SHA256
    if isinstance(key, rsa.RSAPrivateKey):
        return RSA_SHA256
    raise ValueError("only EC and RSA keys can sign")


def _template(
    *,
    element_id: str,
    algorithm: str,
    digest_algorithm: str,
    inclusive_namespaces: Sequence[str],
    with_key_info: bool,
) -> etree._Element:
    """The empty ``ds:Signature`` xmlsec fills in.

    Built with lxml rather than ``xmlsec.template``: lxml's find() misses some nodes xmlsec
    creates (ds:Transforms, ds:KeyInfo), which would mislead every test that inspects them.
    """
    sub = etree.SubElement
    signature = etree.Element(f"{{{NS_DS}}}Signature", nsmap={"ds": NS_DS})
    signed_info = sub(signature, f"{{{NS_DS}}}SignedInfo")
    sub(signed_info, f"{{{NS_DS}}}CanonicalizationMethod", Algorithm=EXCL_C14N)
    sub(signed_info, f"{{{NS_DS}}}SignatureMethod", Algorithm=algorithm)
    reference = sub(signed_info, f"{{{NS_DS}}}Reference", URI=f"#{element_id}")
    transforms = sub(reference, f"{{{NS_DS}}}Transforms")
    sub(transforms, f"{{{NS_DS}}}Transform", Algorithm=ENVELOPED)
    c14n = sub(transforms, f"{{{NS_DS}}}Transform", Algorithm=EXCL_C14N)
    if inclusive_namespaces:
        sub(
            c14n,
            f"{{{NS_EXC_C14N}}}InclusiveNamespaces",
            nsmap={None: NS_EXC_C14N},
            PrefixList=" ".join(inclusive_namespaces),
        )
    sub(reference, f"{{{NS_DS}}}DigestMethod", Algorithm=digest_algorithm)
    sub(reference, f"{{{NS_DS}}}DigestValue")
    sub(signature, f"{{{NS_DS}}}SignatureValue")
    if with_key_info:
        sub(sub(signature, f"{{{NS_DS}}}KeyInfo"), f"{{{NS_DS}}}X509Data")
    return signature


def sign(
    element: etree._Element,
    *,
    key_pem: bytes,
    cert_pem: bytes | None = None,
    algorithm: str | None = None,
    digest_algorithm: str = DIGEST_SHA256,
    inclusive_namespaces: Sequence[str] = (),
) -> None:
    """Add an enveloped signature over ``element`` (by its ``ID``), right after its Issuer.

    Exclusive C14N; the signature method follows the key (ECDSA-SHA256 for EC, RSA-SHA256 for
    RSA) unless ``algorithm`` overrides it (attack tests ask for rsa-sha1). With ``cert_pem``
    the KeyInfo carries the X509Certificate. ``inclusive_namespaces``: the exclusive C14N
    PrefixList of the Reference (the node writes ``ds saml2 saml2p xenc``).
    """
    element_id = element.get("ID")
    if not element_id:
        raise ValueError("the element to sign has no ID")
    if element.find(f"{{{NS_DS}}}Signature") is not None:
        raise ValueError("the element is already signed")
    algorithm = algorithm or _default_algorithm(key_pem)
    if algorithm not in _SIGNATURE_ALGORITHMS or digest_algorithm not in _DIGEST_ALGORITHMS:
        raise ValueError(f"unsupported algorithm {algorithm!r} / {digest_algorithm!r}")

    signature = _template(
        element_id=element_id,
        algorithm=algorithm,
        digest_algorithm=digest_algorithm,
        inclusive_namespaces=inclusive_namespaces,
        with_key_info=cert_pem is not None,
    )
    # Schema order of every SAML message and of the Assertion: Issuer, then Signature.
    issuer = element.find(f"{{{NS_SAML}}}Issuer")
    if issuer is not None:
        issuer.addnext(signature)
    else:
        element.insert(0, signature)

    key = xmlsec.Key.from_memory(key_pem, xmlsec.KeyFormat.PEM, None)
    if cert_pem is not None:
        key.load_cert_from_memory(cert_pem, xmlsec.KeyFormat.PEM)
    xmlsec.tree.add_ids(element, ["ID"])
    context = xmlsec.SignatureContext()
    context.key = key
    try:
        context.sign(signature)
    except xmlsec.Error as error:
        signature.getparent().remove(signature)
        raise ValueError(f"signing failed: {error}") from error


def _xpath(node: etree._Element, path: str) -> list:
    return node.xpath(path, namespaces={"ds": NS_DS})


def verify(element: etree._Element, *, cert_pem: bytes | str) -> None:
    """Check the enveloped signature of ``element`` against ``cert_pem``; raise SignatureInvalid.

    Exactly one ``ds:Signature`` child, one Reference to the element's own (unique) ``ID``,
    strong algorithms, only the enveloped and exclusive-C14N transforms; the cryptographic check
    itself is python3-saml's ``validate_node_sign``.
    """
    # XPath, not find(): lxml's find() can miss nodes that xmlsec created in memory.
    signatures = _xpath(element, "ds:Signature")
    if len(signatures) != 1:
        raise SignatureInvalid(f"expected one signature, found {len(signatures)}")
    signature = signatures[0]
    references = _xpath(signature, "ds:SignedInfo/ds:Reference")
    element_id = element.get("ID")
    if len(references) != 1 or not element_id or references[0].get("URI") != f"#{element_id}":
        raise SignatureInvalid("the signature does not cover this element")
    if len(element.getroottree().getroot().xpath("//*[@ID=$id]", id=element_id)) != 1:
        raise SignatureInvalid("the signed ID is not unique in the document")
    methods = _xpath(signature, "ds:SignedInfo/ds:SignatureMethod/@Algorithm")
    if len(methods) != 1 or methods[0] not in STRONG_SIGNATURE_ALGORITHMS:
        raise SignatureInvalid("weak or unknown signature algorithm")
    if _xpath(references[0], "ds:DigestMethod/@Algorithm") != [DIGEST_SHA256]:
        raise SignatureInvalid("weak or unknown digest algorithm")
    transforms = _xpath(references[0], "ds:Transforms/ds:Transform/@Algorithm")
    if set(transforms) - {ENVELOPED, EXCL_C14N}:
        raise SignatureInvalid("a transform other than enveloped-signature and exclusive C14N")
    if isinstance(cert_pem, bytes):
        cert_pem = cert_pem.decode("ascii")
    # python3-saml resolves the Reference by ID attributes registered on the document.
    xmlsec.tree.add_ids(element, ["ID"])
    if not OneLogin_Saml2_Utils.validate_node_sign(signature, element, cert_pem):
        raise SignatureInvalid("the signature does not verify")
