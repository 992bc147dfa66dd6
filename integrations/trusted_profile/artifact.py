"""The HTTP-Artifact binding: check a SAMLart, resolve it over SOAP, unwrap the Response.

The artifact is claimed (once only) before it is resolved; the ArtifactResponse must be signed
by a trusted IdP certificate, answer our ArtifactResolve, come from the IdP and say Success.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from lxml import etree

from . import xmldsig
from .config import ProviderConfig
from .interface import RejectReason, ReplayGuard, ResponseRejected
from .namespaces import SAMLP, STATUS_SUCCESS, q
from .protocol_fields import issuer_of, protocol_message, status_code
from .signature_check import verify_enveloped
from .soap_client import post_soap, soap_body_child, soap_envelope
from .xml_parsing import parse_untrusted

ARTIFACT_TYPE_CODE = b"\x00\x04"
ARTIFACT_LENGTH = 44


@dataclass(frozen=True)
class Artifact:
    """A SAML 2.0 type 0x0004 artifact: endpoint index, source id, message handle."""

    value: str
    endpoint_index: int
    source_id: bytes
    message_handle: bytes


def parse_artifact(value: str, *, idp_entity_id: str) -> Artifact:
    """Check the artifact's format and that its SourceID names our IdP (SHA-1 of its entity id)."""
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ResponseRejected(RejectReason.ARTIFACT, "the artifact is not base64") from error
    if len(raw) != ARTIFACT_LENGTH:
        raise ResponseRejected(RejectReason.ARTIFACT, f"artifact of {len(raw)} bytes, not 44")
    if raw[:2] != ARTIFACT_TYPE_CODE:
        raise ResponseRejected(RejectReason.ARTIFACT, f"artifact type {raw[:2].hex()}, not 0004")
    source_id = raw[4:24]
    # SHA-1 here is the binding's fixed naming scheme for the source, not a security primitive.
    expected = hashlib.sha1(idp_entity_id.encode("utf-8"), usedforsecurity=False).digest()
    if source_id != expected:
        raise ResponseRejected(RejectReason.ARTIFACT, "the artifact's SourceID is not our IdP")
    return Artifact(
        # Re-encoded: two spellings of the same bytes must not pass the replay check twice.
        value=base64.b64encode(raw).decode("ascii"),
        endpoint_index=int.from_bytes(raw[2:4], "big"),
        source_id=source_id,
        message_handle=raw[24:],
    )


def claim_artifact(
    artifact: Artifact, *, config: ProviderConfig, replay_guard: ReplayGuard
) -> None:
    """Record the artifact before resolving it: a second presentation is refused as REPLAY."""
    expires_at = datetime.now(UTC) + timedelta(seconds=config.artifact_lifetime)
    if not replay_guard.claim(kind="artifact", identifier=artifact.value, expires_at=expires_at):
        raise ResponseRejected(RejectReason.REPLAY, "artifact presented before")


def build_artifact_resolve(artifact: Artifact, *, config: ProviderConfig) -> etree._Element:
    """The signed ArtifactResolve for ``artifact``."""
    resolve = protocol_message(
        "ArtifactResolve",
        issuer=config.sp_entity_id,
        destination=config.idp_artifact_resolution_url,
    )
    etree.SubElement(resolve, q(SAMLP, "Artifact")).text = artifact.value
    xmldsig.sign(
        resolve,
        key_pem=config.signing.key_pem.encode("ascii"),
        cert_pem=config.signing.cert_pem.encode("ascii"),
    )
    return resolve


def resolve_artifact(artifact: Artifact, *, config: ProviderConfig) -> bytes:
    """Resolve ``artifact`` at the IdP; the inner samlp:Response, serialized, for validation."""
    resolve = build_artifact_resolve(artifact, config=config)
    body = post_soap(
        url=config.idp_artifact_resolution_url, envelope=soap_envelope(resolve), config=config
    )
    answer = soap_body_child(parse_untrusted(body))
    return unwrap_artifact_response(answer, resolve_id=resolve.get("ID"), config=config)


def unwrap_artifact_response(
    answer: etree._Element, *, resolve_id: str, config: ProviderConfig
) -> bytes:
    """Check the ArtifactResponse (signature, InResponseTo, status, issuer); the inner Response."""
    if answer.tag != q(SAMLP, "ArtifactResponse"):
        raise ResponseRejected(
            RejectReason.ARTIFACT,
            f"expected an ArtifactResponse: {etree.QName(answer).localname}",
        )
    verify_enveloped(answer, certificates=config.idp_certificates)
    if answer.get("InResponseTo") != resolve_id:
        raise ResponseRejected(
            RejectReason.ARTIFACT, "the ArtifactResponse does not answer our ArtifactResolve"
        )
    code = status_code(answer)
    if code != STATUS_SUCCESS:
        raise ResponseRejected(RejectReason.ARTIFACT, f"artifact resolution refused: {code}")
    issuer = issuer_of(answer)
    if issuer != config.idp_entity_id:
        raise ResponseRejected(RejectReason.ISSUER, f"ArtifactResponse issuer {issuer!r}")
    inner = [child for child in answer if child.tag == q(SAMLP, "Response")]
    if len(inner) != 1:
        raise ResponseRejected(
            RejectReason.ARTIFACT, f"the ArtifactResponse carries {len(inner)} Responses"
        )
    # lxml copies the in-scope namespace declarations, so the inner signature still verifies.
    return etree.tostring(inner[0])
