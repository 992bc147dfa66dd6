"""Checking the IdP's XML and query-string signatures against the trusted certificates only.

python3-saml checks the signatures of Responses itself; this module covers what it does not:
the ArtifactResponse, SOAP logout messages and HTTP-Redirect query signatures, RSA or ECDSA.
"""

from __future__ import annotations

from collections.abc import Sequence

import xmlsec
from lxml import etree

from .interface import RejectReason, ResponseRejected
from .namespaces import (
    ACCEPTED_DIGEST_METHODS,
    ACCEPTED_SIGNATURE_METHODS,
    DS,
    ECDSA_SHA256,
    RSA_SHA256,
    q,
)

_ALLOWED_TRANSFORMS = frozenset(
    {
        "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
        "http://www.w3.org/2001/10/xml-exc-c14n#",
    }
)
_BINARY_TRANSFORMS = {
    RSA_SHA256: xmlsec.Transform.RSA_SHA256,
    ECDSA_SHA256: xmlsec.Transform.ECDSA_SHA256,
}


def _refuse(detail: str) -> ResponseRejected:
    return ResponseRejected(RejectReason.SIGNATURE, detail)


def verify_enveloped(element: etree._Element, *, certificates: Sequence[str]) -> None:
    """Check that ``element`` carries one valid enveloped signature by a trusted certificate.

    The signature must be a direct child of ``element`` and reference exactly its ID, which must
    be unique in the document: a signature elsewhere (wrapping) does not count.
    """
    signatures = element.findall(q(DS, "Signature"))
    if len(signatures) != 1:
        raise _refuse(f"{len(signatures)} signatures on {etree.QName(element).localname}")
    signature = signatures[0]
    element_id = element.get("ID")
    if not element_id:
        raise _refuse("the signed element has no ID")
    same_id = element.getroottree().getroot().xpath("//*[@ID=$id]", id=element_id)
    if len(same_id) != 1:
        raise _refuse(f"ID {element_id!r} occurs {len(same_id)} times")
    references = signature.findall(f"{q(DS, 'SignedInfo')}/{q(DS, 'Reference')}")
    if len(references) != 1 or references[0].get("URI") != f"#{element_id}":
        raise _refuse("the signature does not reference the signed element alone")
    method = signature.find(f"{q(DS, 'SignedInfo')}/{q(DS, 'SignatureMethod')}")
    if method is None or method.get("Algorithm") not in ACCEPTED_SIGNATURE_METHODS:
        algorithm = None if method is None else method.get("Algorithm")
        raise _refuse(f"signature algorithm refused: {algorithm}")
    digest = references[0].find(q(DS, "DigestMethod"))
    if digest is None or digest.get("Algorithm") not in ACCEPTED_DIGEST_METHODS:
        algorithm = None if digest is None else digest.get("Algorithm")
        raise _refuse(f"digest algorithm refused: {algorithm}")
    transforms = references[0].findall(f"{q(DS, 'Transforms')}/{q(DS, 'Transform')}")
    if any(transform.get("Algorithm") not in _ALLOWED_TRANSFORMS for transform in transforms):
        raise _refuse("a signature transform other than enveloped/exc-c14n")

    xmlsec.tree.add_ids(element, ["ID"])
    for certificate in certificates:
        context = xmlsec.SignatureContext()
        context.key = xmlsec.Key.from_memory(certificate, xmlsec.KeyFormat.CERT_PEM, None)
        try:
            context.verify(signature)
        except xmlsec.Error:
            continue
        return
    raise _refuse("the signature does not verify with any trusted IdP certificate")


def verify_query_signature(
    *, signed_query: bytes, signature: bytes, algorithm: str, certificates: Sequence[str]
) -> None:
    """Check an HTTP-Redirect binding signature (RSA-SHA256 or ECDSA-SHA256) over the query."""
    transform = _BINARY_TRANSFORMS.get(algorithm)
    if transform is None:
        raise _refuse(f"query signature algorithm refused: {algorithm}")
    for certificate in certificates:
        context = xmlsec.SignatureContext()
        context.key = xmlsec.Key.from_memory(certificate, xmlsec.KeyFormat.CERT_PEM, None)
        try:
            context.verify_binary(signed_query, transform, signature)
        except xmlsec.Error:
            continue
        return
    raise _refuse("the query signature does not verify with any trusted IdP certificate")


def query_signature_algorithm(*, is_ec: bool) -> str:
    """The SigAlg our key signs redirect queries with."""
    return ECDSA_SHA256 if is_ec else RSA_SHA256


def sign_query(data: bytes, *, key_pem: str, is_ec: bool) -> bytes:
    """Sign an HTTP-Redirect query (the octets up to and including SigAlg)."""
    context = xmlsec.SignatureContext()
    context.key = xmlsec.Key.from_memory(key_pem, xmlsec.KeyFormat.PEM, None)
    return context.sign_binary(data, _BINARY_TRANSFORMS[query_signature_algorithm(is_ec=is_ec)])
