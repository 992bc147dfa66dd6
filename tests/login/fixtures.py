"""The portal registered at the dev SAML IdP under its live-server URL."""

from __future__ import annotations

import pytest

from eurzad.devservices import simplesamlphp
from eurzad.devservices.idp_residents import RESIDENTS
from eurzad.settings.local_idp import local_idp_profile


@pytest.fixture
def portal_at_idp(live_server, settings):
    """Register the live server as an SP at the IdP; return a function switching the binding."""
    base = live_server.url
    profile = local_idp_profile()
    sp = simplesamlphp.dev_service_provider()

    def register(*, binding: str = "artifact", force_authn: bool = True) -> dict:
        simplesamlphp.register_sp(
            entity_id=f"{base}/saml/metadata/",
            acs_url=f"{base}/saml/acs/",
            slo_url=f"{base}/saml/slo/",
            signing_cert_pem=sp.signing_cert_path.read_text(),
            encryption_cert_pem=sp.encryption_cert_path.read_text(),
            artifact=binding == "artifact",
        )
        settings.TRUSTED_PROFILE = {
            **profile,
            "sp_entity_id": f"{base}/saml/metadata/",
            "acs_url": f"{base}/saml/acs/",
            "slo_url": f"{base}/saml/slo/",
            "binding": binding,
            "force_authn": force_authn,
        }
        return settings.TRUSTED_PROFILE

    register()
    return register


@pytest.fixture
def zofia():
    """The first test resident of the dev IdP (Zofia Wójcik-Żółkiewska)."""
    return RESIDENTS[0]


@pytest.fixture
def lukasz():
    """The second test resident (Łukasz Gąsienica)."""
    return RESIDENTS[1]
