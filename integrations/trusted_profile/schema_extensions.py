"""Strict SAML schema validation that also knows what the national node legitimately sends.

python3-saml validates every Response against the SAML protocol schema. The node's messages
carry two things that schema cannot resolve: XML Encryption 1.1 ``KeyDerivationMethod`` inside
``AgreementMethod`` (a strict wildcard) and eIDAS ``xsi:type`` names on attribute values, so
every real login would be refused as invalid XML. Rather than switch validation off, responses
validated inside :func:`extended_protocol_schema` are checked against the protocol schema plus
the declarations of those two vocabularies (``schemas/``); everything else is as strict as before.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterator
from pathlib import Path

import onelogin.saml2
from lxml import etree
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

PROTOCOL_SCHEMA = "saml-schema-protocol-2.0.xsd"
_HERE = Path(__file__).parent / "schemas"
_PYTHON3_SAML_SCHEMAS = Path(onelogin.saml2.__file__).parent / "schemas"
_active = contextvars.ContextVar("extended_protocol_schema", default=False)


@functools.cache
def _schema() -> etree.XMLSchema:
    """The protocol schema with the xenc11 and eIDAS natural-person declarations imported.

    The protocol schema comes first: it loads xmldsig, which the xenc11 subset then refers to.
    """
    xsd = "http://www.w3.org/2001/XMLSchema"
    bundle = etree.Element(f"{{{xsd}}}schema", targetNamespace="urn:eurzad:trusted-profile:xsd")
    for namespace, location in (
        ("urn:oasis:names:tc:SAML:2.0:protocol", _PYTHON3_SAML_SCHEMAS / PROTOCOL_SCHEMA),
        ("http://www.w3.org/2009/xmlenc11#", _HERE / "xenc11-subset.xsd"),
        (
            "http://eidas.europa.eu/attributes/naturalperson",
            _HERE / "eidas-naturalperson-subset.xsd",
        ),
    ):
        etree.SubElement(
            bundle, f"{{{xsd}}}import", namespace=namespace, schemaLocation=location.as_uri()
        )
    return etree.XMLSchema(etree.ElementTree(bundle))


_original_validate_xml = OneLogin_Saml2_XML.validate_xml


def _validate_xml(xml, schema, debug=False):
    """python3-saml's ``validate_xml`` (same contract: an error string or the document)."""
    if not (_active.get() and schema == PROTOCOL_SCHEMA):
        return _original_validate_xml(xml, schema, debug)
    try:
        document = OneLogin_Saml2_XML.to_etree(xml)
    except (etree.XMLSyntaxError, ValueError):
        # python3-saml reports unparseable input as this code, and its caller refuses it.
        return "unloaded_xml"
    if not _schema().validate(document):
        return "invalid_xml"
    return document


OneLogin_Saml2_XML.validate_xml = staticmethod(_validate_xml)


@contextlib.contextmanager
def extended_protocol_schema() -> Iterator[None]:
    """Within this block (this thread or task only), python3-saml's protocol-schema check also
    accepts the node's xenc11 key derivation and eIDAS attribute value types."""
    token = _active.set(True)
    try:
        yield
    finally:
        _active.reset(token)
