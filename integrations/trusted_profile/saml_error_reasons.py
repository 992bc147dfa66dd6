"""Which :class:`RejectReason` each python3-saml validation error code stands for."""

from __future__ import annotations

from onelogin.saml2.errors import OneLogin_Saml2_ValidationError as E

from .interface import RejectReason

_REASONS: dict[int, RejectReason] = {
    E.STATUS_CODE_IS_NOT_SUCCESS: RejectReason.STATUS,
    E.WRONG_INRESPONSETO: RejectReason.UNSOLICITED,
    E.ASSERTION_TOO_EARLY: RejectReason.NOT_YET_VALID,
    E.ASSERTION_EXPIRED: RejectReason.EXPIRED,
    E.SESSION_EXPIRED: RejectReason.EXPIRED,
    E.RESPONSE_EXPIRED: RejectReason.EXPIRED,
    E.WRONG_DESTINATION: RejectReason.DESTINATION,
    E.EMPTY_DESTINATION: RejectReason.DESTINATION,
    E.WRONG_AUDIENCE: RejectReason.AUDIENCE,
    E.ISSUER_MULTIPLE_IN_RESPONSE: RejectReason.ISSUER,
    E.ISSUER_NOT_FOUND_IN_ASSERTION: RejectReason.ISSUER,
    E.WRONG_ISSUER: RejectReason.ISSUER,
    E.AUTHN_CONTEXT_MISMATCH: RejectReason.LEVEL_OF_ASSURANCE,
    E.DUPLICATED_ATTRIBUTE_NAME_FOUND: RejectReason.ATTRIBUTES,
    E.NO_ATTRIBUTESTATEMENT: RejectReason.ATTRIBUTES,
    E.ENCRYPTED_ATTRIBUTES: RejectReason.ATTRIBUTES,
    E.NO_ENCRYPTED_ASSERTION: RejectReason.DECRYPTION,
    E.NO_ENCRYPTED_NAMEID: RejectReason.DECRYPTION,
    E.KEYINFO_NOT_FOUND_IN_ENCRYPTED_DATA: RejectReason.DECRYPTION,
    E.CHILDREN_NODE_NOT_FOUND_IN_KEYINFO: RejectReason.DECRYPTION,
    E.UNSUPPORTED_RETRIEVAL_METHOD: RejectReason.DECRYPTION,
    **dict.fromkeys(
        (
            E.WRONG_SIGNED_ELEMENT,
            E.ID_NOT_FOUND_IN_SIGNED_ELEMENT,
            E.DUPLICATED_ID_IN_SIGNED_ELEMENTS,
            E.INVALID_SIGNED_ELEMENT,
            E.DUPLICATED_REFERENCE_IN_SIGNED_ELEMENTS,
            E.UNEXPECTED_SIGNED_ELEMENTS,
            E.WRONG_NUMBER_OF_SIGNATURES_IN_RESPONSE,
            E.WRONG_NUMBER_OF_SIGNATURES_IN_ASSERTION,
            E.NO_SIGNED_MESSAGE,
            E.NO_SIGNED_ASSERTION,
            E.NO_SIGNATURE_FOUND,
            E.INVALID_SIGNATURE,
            E.WRONG_NUMBER_OF_SIGNATURES,
            E.DEPRECATED_SIGNATURE_METHOD,
            E.DEPRECATED_DIGEST_METHOD,
        ),
        RejectReason.SIGNATURE,
    ),
}


def reason_for_validation_error(code: int) -> RejectReason:
    """The reason for a python3-saml error code; structural problems are MALFORMED."""
    return _REASONS.get(code, RejectReason.MALFORMED)
