"""Strict validation of a ``samlp:Response`` into an :class:`Identity` (python3-saml + our checks).

python3-saml does the heavy lifting (schema, signatures, conditions, issuer, audience). On top of
it: ECDH-ES decryption (login.gov.pl), the schema extended by the node's vocabularies, exact
Destination/Recipient, a required Audience, the level of assurance, exactly one of each
attribute, the PESEL checksum and replay protection.
"""

from __future__ import annotations

import base64
import time
from datetime import UTC, date, datetime, timedelta

import xmlsec
from lxml import etree
from onelogin.saml2.errors import OneLogin_Saml2_Error, OneLogin_Saml2_ValidationError
from onelogin.saml2.response import OneLogin_Saml2_Response
from onelogin.saml2.settings import OneLogin_Saml2_Settings
from onelogin.saml2.utils import OneLogin_Saml2_Utils, return_false_on_exception
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML
from stdnum.pl import pesel as pesel_number

from . import xmlenc_ec
from .config import ProviderConfig
from .interface import (
    LOA_ORDER,
    Identity,
    PendingRequest,
    RejectReason,
    ReplayGuard,
    ResponseRejected,
)
from .namespaces import CM_BEARER, ECDH_ES, SAML, SAMLP, XENC, q
from .saml_error_reasons import reason_for_validation_error
from .schema_extensions import extended_protocol_schema
from .xml_parsing import parse_untrusted


class StrictResponse(OneLogin_Saml2_Response):
    """python3-saml's Response with ECDH-ES decryption and a configurable, small clock skew."""

    def __init__(
        self,
        settings: OneLogin_Saml2_Settings,
        response: str,
        *,
        ec_private_key: str | None,
        clock_skew: int,
    ) -> None:
        # Set before super().__init__, which decrypts straight away.
        self._ec_private_key = ec_private_key
        self._clock_skew = clock_skew
        super().__init__(settings, response)

    def _decrypt_assertion(self, xml: etree._Element) -> etree._Element:
        """ECDH-ES (the national node) by xmlenc_ec; anything else (RSA-OAEP) by python3-saml."""
        encrypted = OneLogin_Saml2_XML.query(xml, "/samlp:Response/saml:EncryptedAssertion")
        if not encrypted or not _uses_key_agreement(encrypted[0]):
            return super()._decrypt_assertion(xml)
        if not self._ec_private_key:
            raise xmlenc_ec.DecryptionError("ECDH-ES assertion but no EC encryption key")
        assertion = xmlenc_ec.decrypt_assertion(
            encrypted[0], private_key=self._ec_private_key.encode("ascii")
        )
        xml.replace(encrypted[0], assertion)
        return xml

    @return_false_on_exception
    def validate_timestamps(self) -> bool:
        """Conditions NotBefore/NotOnOrAfter with our skew (python3-saml hard-codes 300 s)."""
        now = OneLogin_Saml2_Utils.now()
        for conditions in self._query_assertion("/saml:Conditions"):
            not_before = conditions.get("NotBefore")
            not_on_or_after = conditions.get("NotOnOrAfter")
            if (
                not_before
                and OneLogin_Saml2_Utils.parse_SAML_to_time(not_before) > now + self._clock_skew
            ):
                raise OneLogin_Saml2_ValidationError(
                    "Could not validate timestamp: not yet valid.",
                    OneLogin_Saml2_ValidationError.ASSERTION_TOO_EARLY,
                )
            if (
                not_on_or_after
                and OneLogin_Saml2_Utils.parse_SAML_to_time(not_on_or_after) + self._clock_skew
                <= now
            ):
                raise OneLogin_Saml2_ValidationError(
                    "Could not validate timestamp: expired.",
                    OneLogin_Saml2_ValidationError.ASSERTION_EXPIRED,
                )
        return True

    def assertion(self) -> etree._Element:
        """The one (decrypted, signature-selected) Assertion python3-saml validated."""
        return self._query_assertion("")[0]


def _uses_key_agreement(encrypted_assertion: etree._Element) -> bool:
    methods = encrypted_assertion.iter(q(XENC, "AgreementMethod"))
    return any(method.get("Algorithm") == ECDH_ES for method in methods)


def _request_data(acs_url: str) -> dict[str, str]:
    """python3-saml's view of "the URL this arrived at": always our configured ACS."""
    scheme, _, rest = acs_url.partition("://")
    host, slash, path = rest.partition("/")
    return {
        "https": "on" if scheme == "https" else "off",
        "http_host": host,
        "script_name": slash + path,
        "get_data": {},
        "post_data": {},
    }


def validate_response(
    *,
    config: ProviderConfig,
    saml_settings: OneLogin_Saml2_Settings,
    response_xml: bytes,
    pending: PendingRequest,
    replay_guard: ReplayGuard,
) -> Identity:
    """Validate a Response (from a POST or an artifact) strictly; the Identity it vouches for.

    Raises :class:`ResponseRejected` with the reason and a specific detail on any failure.
    """
    # python3-saml's hardened parser (no DTD, no entities) reads the message first.
    document = parse_untrusted(response_xml)
    if document.tag != q(SAMLP, "Response"):
        raise ResponseRejected(RejectReason.MALFORMED, f"not a samlp:Response: {document.tag}")
    in_response_to = document.get("InResponseTo")
    if not in_response_to:
        raise ResponseRejected(RejectReason.UNSOLICITED, "the Response has no InResponseTo")

    response = _construct(config, saml_settings, response_xml)
    try:
        with extended_protocol_schema():
            response.is_valid(
                _request_data(config.acs_url), request_id=in_response_to, raise_exceptions=True
            )
    except OneLogin_Saml2_ValidationError as error:
        reason = reason_for_validation_error(error.code)
        if error.code == OneLogin_Saml2_ValidationError.WRONG_SUBJECTCONFIRMATION:
            reason = _subject_confirmation_reason(response, config, in_response_to)
        raise ResponseRejected(reason, f"python3-saml: {error} (code {error.code})") from error
    except (OneLogin_Saml2_Error, xmlsec.Error) as error:
        raise ResponseRejected(RejectReason.SIGNATURE, f"python3-saml: {error}") from error

    assertion = response.assertion()
    _check_destination(document, assertion, config=config, in_response_to=in_response_to)
    _check_audience(response, config)
    level = _check_level_of_assurance(response, config)
    attributes = _attributes(response, config)
    date_of_birth = _date_of_birth(attributes.get("date_of_birth"))
    not_on_or_after = _not_on_or_after(assertion)
    try:
        name_id, name_id_format = response.get_nameid(), response.get_nameid_format()
    except OneLogin_Saml2_ValidationError as error:
        raise ResponseRejected(RejectReason.MALFORMED, f"python3-saml: {error}") from error

    # Asked only now: the portal forgets the pending login when asked, so a forged message must
    # not be able to cancel a resident's login in progress.
    if not pending(in_response_to):
        raise ResponseRejected(
            RejectReason.UNSOLICITED, f"InResponseTo {in_response_to!r} is not a pending login"
        )
    assertion_id = assertion.get("ID") or ""
    expires_at = not_on_or_after + timedelta(seconds=config.clock_skew)
    if not replay_guard.claim(kind="assertion", identifier=assertion_id, expires_at=expires_at):
        raise ResponseRejected(RejectReason.REPLAY, f"assertion {assertion_id!r} seen before")

    return Identity(
        pesel=attributes["pesel"],
        given_name=attributes["given_name"],
        family_name=attributes["family_name"],
        date_of_birth=date_of_birth,
        level_of_assurance=level,
        issuer=config.idp_entity_id,
        name_id=name_id or "",
        name_id_format=name_id_format or "",
        session_index=response.get_session_index(),
        in_response_to=in_response_to,
        assertion_id=assertion_id,
        not_on_or_after=not_on_or_after,
    )


def _construct(
    config: ProviderConfig, saml_settings: OneLogin_Saml2_Settings, response_xml: bytes
) -> StrictResponse:
    """Build python3-saml's Response (this decrypts); decryption failures become DECRYPTION."""
    ec_key = config.encryption.key_pem if config.encryption.is_ec else None
    try:
        return StrictResponse(
            saml_settings,
            base64.b64encode(response_xml).decode("ascii"),
            ec_private_key=ec_key,
            clock_skew=config.clock_skew,
        )
    except OneLogin_Saml2_ValidationError as error:
        raise ResponseRejected(RejectReason.DECRYPTION, f"python3-saml: {error}") from error
    except (xmlenc_ec.DecryptionError, xmlsec.Error, OneLogin_Saml2_Error) as error:
        raise ResponseRejected(
            RejectReason.DECRYPTION, f"{type(error).__name__}: {error}"
        ) from error


def _bearer_confirmations(assertion: etree._Element) -> list[etree._Element]:
    path = f"{q(SAML, 'Subject')}/{q(SAML, 'SubjectConfirmation')}"
    return [node for node in assertion.findall(path) if node.get("Method") == CM_BEARER]


def _confirmation_data(confirmation: etree._Element) -> etree._Element | None:
    return confirmation.find(q(SAML, "SubjectConfirmationData"))


def _subject_confirmation_reason(
    response: StrictResponse, config: ProviderConfig, in_response_to: str
) -> RejectReason:
    """Say which part of the SubjectConfirmation python3-saml found wrong."""
    assertions = response._query_assertion("")
    if not assertions:
        return RejectReason.MALFORMED
    now = time.time()
    for confirmation in _bearer_confirmations(assertions[0]):
        data = _confirmation_data(confirmation)
        if data is None:
            continue
        if data.get("Recipient") not in (None, config.acs_url):
            return RejectReason.DESTINATION
        if data.get("InResponseTo") not in (None, in_response_to):
            return RejectReason.UNSOLICITED
        not_before = data.get("NotBefore")
        if not_before and OneLogin_Saml2_Utils.parse_SAML_to_time(not_before) > now:
            return RejectReason.NOT_YET_VALID
        return RejectReason.EXPIRED
    return RejectReason.MALFORMED


def _check_destination(
    document: etree._Element,
    assertion: etree._Element,
    *,
    config: ProviderConfig,
    in_response_to: str,
) -> None:
    """Destination (when present) and every bearer Recipient must be exactly our ACS.

    python3-saml compares by prefix and substring only; an ACS URL with a suffix must not pass.
    """
    destination = document.get("Destination")
    if destination is not None and destination != config.acs_url:
        raise ResponseRejected(
            RejectReason.DESTINATION, f"Destination {destination!r} is not {config.acs_url!r}"
        )
    confirmations = _bearer_confirmations(assertion)
    if not confirmations:
        raise ResponseRejected(RejectReason.MALFORMED, "no bearer SubjectConfirmation")
    for confirmation in confirmations:
        data = _confirmation_data(confirmation)
        recipient = None if data is None else data.get("Recipient")
        if recipient != config.acs_url:
            raise ResponseRejected(
                RejectReason.DESTINATION, f"Recipient {recipient!r} is not {config.acs_url!r}"
            )
        if data.get("InResponseTo") != in_response_to:
            raise ResponseRejected(
                RejectReason.UNSOLICITED,
                f"SubjectConfirmationData InResponseTo {data.get('InResponseTo')!r} differs",
            )


def _check_audience(response: StrictResponse, config: ProviderConfig) -> None:
    """python3-saml accepts an assertion without any Audience; we require ours."""
    audiences = response.get_audiences()
    if config.sp_entity_id not in audiences:
        raise ResponseRejected(
            RejectReason.AUDIENCE, f"audiences {audiences!r} do not include our entity id"
        )


def _check_level_of_assurance(response: StrictResponse, config: ProviderConfig) -> str:
    """Exactly one eIDAS AuthnContextClassRef, at least the configured level."""
    contexts = response.get_authn_contexts()
    if len(contexts) != 1 or contexts[0] not in LOA_ORDER:
        raise ResponseRejected(
            RejectReason.LEVEL_OF_ASSURANCE,
            f"AuthnContextClassRef {contexts!r} is not one LoA",
        )
    level = contexts[0]
    if LOA_ORDER.index(level) < LOA_ORDER.index(config.required_loa):
        raise ResponseRejected(
            RejectReason.LEVEL_OF_ASSURANCE, f"{level} is below the required {config.required_loa}"
        )
    return level


def _attributes(response: StrictResponse, config: ProviderConfig) -> dict[str, str]:
    """Exactly one value of each required attribute; the PESEL with a valid checksum."""
    try:
        received = response.get_attributes()
    except OneLogin_Saml2_ValidationError as error:
        raise ResponseRejected(RejectReason.ATTRIBUTES, f"python3-saml: {error}") from error
    required = {"pesel", "given_name", "family_name"}
    if config.is_login_gov_pl:
        required.add("date_of_birth")
    values: dict[str, str] = {}
    for field_name, attribute_name in config.attribute_names.items():
        found = received.get(attribute_name)
        if found is None and field_name not in required:
            continue
        if field_name == "pesel" and not found:
            raise ResponseRejected(RejectReason.PESEL, "no PESEL attribute")
        if not found or len(found) != 1 or not (found[0] or "").strip():
            count = len(found or [])
            raise ResponseRejected(
                RejectReason.ATTRIBUTES, f"{field_name} ({attribute_name}) has {count} values"
            )
        values[field_name] = found[0].strip()
    if not pesel_number.is_valid(values["pesel"]):
        # The value itself is personal data: it goes nowhere, not even into the detail.
        raise ResponseRejected(RejectReason.PESEL, "the PESEL is not valid (checksum or date)")
    return values


def _date_of_birth(value: str | None) -> date | None:
    """eIDAS DateOfBirth is an xs:date, sometimes with a zone ("1987-02-22Z")."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.rstrip("Z")[:10])
    except ValueError as error:
        raise ResponseRejected(RejectReason.ATTRIBUTES, "DateOfBirth is not a date") from error


def _not_on_or_after(assertion: etree._Element) -> datetime:
    """The latest moment the assertion could still be accepted (keep its id until then)."""
    stamps = []
    conditions = assertion.find(q(SAML, "Conditions"))
    if conditions is not None and conditions.get("NotOnOrAfter"):
        stamps.append(conditions.get("NotOnOrAfter"))
    for confirmation in _bearer_confirmations(assertion):
        data = _confirmation_data(confirmation)
        if data is not None and data.get("NotOnOrAfter"):
            stamps.append(data.get("NotOnOrAfter"))
    if not stamps:
        raise ResponseRejected(RejectReason.MALFORMED, "the assertion never expires")
    latest = max(OneLogin_Saml2_Utils.parse_SAML_to_time(stamp) for stamp in stamps)
    return datetime.fromtimestamp(latest, tz=UTC)
