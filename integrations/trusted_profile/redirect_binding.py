"""The HTTP-Redirect binding: DEFLATE + base64 in the query, signed over the query string."""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Mapping, Sequence
from urllib.parse import quote_plus

from lxml import etree

from .config import KeyPair
from .interface import RejectReason, ResponseRejected
from .signature_check import query_signature_algorithm, sign_query, verify_query_signature

#: An inflated message larger than this is refused (a DEFLATE bomb costs us nothing then).
MAX_INFLATED_BYTES = 256 * 1024


def redirect_url(
    *,
    endpoint: str,
    parameter: str,
    message: etree._Element,
    relay_state: str,
    signing: KeyPair,
) -> str:
    """The signed HTTP-Redirect URL carrying ``message`` as ``parameter`` (SAMLRequest/Response)."""
    compressor = zlib.compressobj(wbits=-15)  # raw DEFLATE, as the binding requires
    deflated = compressor.compress(etree.tostring(message)) + compressor.flush()
    parts = [f"{parameter}={quote_plus(base64.b64encode(deflated).decode('ascii'))}"]
    if relay_state:
        parts.append(f"RelayState={quote_plus(relay_state)}")
    parts.append(f"SigAlg={quote_plus(query_signature_algorithm(is_ec=signing.is_ec))}")
    query = "&".join(parts)
    signature = sign_query(query.encode("ascii"), key_pem=signing.key_pem, is_ec=signing.is_ec)
    query += f"&Signature={quote_plus(base64.b64encode(signature).decode('ascii'))}"
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def inflate(value: str) -> bytes:
    """Decode a redirect-bound message (base64 of raw DEFLATE), refusing oversized output."""
    try:
        deflated = base64.b64decode(value, validate=True)
        inflater = zlib.decompressobj(wbits=-15)
        data = inflater.decompress(deflated, MAX_INFLATED_BYTES)
    except (binascii.Error, ValueError, zlib.error) as error:
        raise ResponseRejected(RejectReason.MALFORMED, f"bad redirect encoding: {error}") from error
    if inflater.unconsumed_tail:
        raise ResponseRejected(RejectReason.MALFORMED, "redirect message too large")
    return data


def _encodings(value: str) -> tuple[str, ...]:
    """The ways an IdP may have percent-encoded a value (upper- or lower-case hex)."""
    upper = quote_plus(value, safe="")
    lower = re.sub(r"%[0-9A-F]{2}", lambda match: match.group(0).lower(), upper)
    return (upper, lower) if lower != upper else (upper,)


def verify_redirect_signature(
    *, parameter: str, params: Mapping[str, str], certificates: Sequence[str]
) -> None:
    """Check the query signature of a redirect-bound message from the IdP (unsigned refused).

    The signed octets are rebuilt from the decoded parameters in the binding's order; both hex
    cases are tried because IdPs differ (the value is the same either way).
    """
    signature_b64 = params.get("Signature")
    algorithm = params.get("SigAlg")
    if not signature_b64 or not algorithm:
        raise ResponseRejected(RejectReason.SIGNATURE, "the redirect message is not signed")
    try:
        signature = base64.b64decode(signature_b64, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ResponseRejected(RejectReason.SIGNATURE, "Signature is not base64") from error
    names = [parameter] + (["RelayState"] if "RelayState" in params else []) + ["SigAlg"]
    candidates = {""}
    for name in names:
        candidates = {
            f"{prefix}{'&' if prefix else ''}{name}={encoded}"
            for prefix in candidates
            for encoded in _encodings(params[name])
        }
    *others, last = sorted(candidates)
    for signed_query in others:
        try:
            verify_query_signature(
                signed_query=signed_query.encode("ascii"),
                signature=signature,
                algorithm=algorithm,
                certificates=certificates,
            )
        except ResponseRejected:
            continue
        return
    verify_query_signature(
        signed_query=last.encode("ascii"),
        signature=signature,
        algorithm=algorithm,
        certificates=certificates,
    )
