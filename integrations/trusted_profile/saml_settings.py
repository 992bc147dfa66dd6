"""The python3-saml settings for validating responses, built from :class:`ProviderConfig`.

python3-saml validates; it does not sign here (ECDSA and the eIDAS extensions are ours), so its
single SP key is the *encryption* key: RSA-OAEP assertions are decrypted by it.
"""

from __future__ import annotations

from typing import Any

from onelogin.saml2.settings import OneLogin_Saml2_Settings

from .config import ProviderConfig
from .namespaces import (
    BINDING_HTTP_POST,
    BINDING_HTTP_REDIRECT,
    NAMEID_UNSPECIFIED,
    RSA_SHA256,
    SHA256,
)


def saml_settings_dict(config: ProviderConfig) -> dict[str, Any]:
    """The settings dict python3-saml expects, strict, with SHA-1 refused."""
    return {
        "strict": True,
        "debug": False,
        "sp": {
            "entityId": config.sp_entity_id,
            "assertionConsumerService": {"url": config.acs_url, "binding": BINDING_HTTP_POST},
            "singleLogoutService": {"url": config.slo_url, "binding": BINDING_HTTP_REDIRECT},
            "NameIDFormat": NAMEID_UNSPECIFIED,
            "x509cert": config.encryption.cert_pem,
            "privateKey": config.encryption.key_pem,
        },
        "idp": {
            "entityId": config.idp_entity_id,
            "singleSignOnService": {"url": config.idp_sso_url, "binding": BINDING_HTTP_POST},
            "singleLogoutService": {
                "url": config.idp_slo_url or config.idp_sso_url,
                "binding": BINDING_HTTP_REDIRECT,
            },
            # Several certificates: the IdP's key rollover; any one of them may sign.
            "x509certMulti": {"signing": list(config.idp_certificates)},
        },
        "security": {
            "rejectDeprecatedAlgorithm": True,
            "wantMessagesSigned": config.is_login_gov_pl,
            "wantAssertionsSigned": False,
            "wantAssertionsEncrypted": config.require_encrypted_assertions,
            "wantNameIdEncrypted": False,
            "wantAttributeStatement": True,
            "allowRepeatAttributeName": False,
            "requestedAuthnContext": False,
            "failOnAuthnContextMismatch": False,
            "rejectUnsolicitedResponsesWithInResponseTo": True,
            "signatureAlgorithm": RSA_SHA256,
            "digestAlgorithm": SHA256,
        },
    }


def build_saml_settings(config: ProviderConfig) -> OneLogin_Saml2_Settings:
    """python3-saml's settings object (it checks the dict once, here)."""
    return OneLogin_Saml2_Settings(saml_settings_dict(config), sp_validation_only=False)
