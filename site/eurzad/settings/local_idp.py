"""The ``TRUSTED_PROFILE`` of development and tests: the local SimpleSAMLphp IdP.

Generic SAML 2.0 profile with the artifact binding (the national node's flow), RSA keys
(SimpleSAMLphp 1.19 signs and encrypts with RSA only) made by the IdP's dev service.
"""

from __future__ import annotations

from typing import Any

from eurzad.devservices.simplesamlphp import dev_service_provider, idp_endpoints


def local_idp_profile() -> dict[str, Any]:
    """Settings for the `make run` SP (127.0.0.1:8000) against the local IdP."""
    sp = dev_service_provider()
    idp = idp_endpoints()
    return {
        "profile": "generic",
        "sp_entity_id": sp.entity_id,
        "acs_url": sp.acs_url,
        "slo_url": sp.slo_url,
        "sp_signing_key": str(sp.signing_key_path),
        "sp_signing_cert": str(sp.signing_cert_path),
        "sp_encryption_key": str(sp.encryption_key_path),
        "sp_encryption_cert": str(sp.encryption_cert_path),
        "idp_entity_id": idp.entity_id,
        "idp_sso_url": idp.sso_url,
        "idp_slo_url": idp.slo_url,
        "idp_artifact_resolution_url": idp.artifact_resolution_url,
        "idp_certificates": [str(idp.certificate_path)],
        "binding": "artifact",
        "authn_request_binding": "post",
        "provider_name": "e-Urząd (dev)",
    }


def local_idp_environment() -> dict[str, str]:
    """The same profile as ``TRUSTED_PROFILE_*`` variables (for production-settings checks)."""
    variables = {"TRUSTED_PROFILE": "generic"}
    for key, value in local_idp_profile().items():
        if key in {"profile", "provider_name"}:
            continue
        text = ",".join(value) if isinstance(value, list) else str(value)
        variables[f"TRUSTED_PROFILE_{key.upper()}"] = text
    return variables


if __name__ == "__main__":
    # `env $(python -m eurzad.settings.local_idp) ...`: the values hold no spaces.
    print(" ".join(f"{name}={value}" for name, value in local_idp_environment().items()))
