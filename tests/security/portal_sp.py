"""The portal's live server as a service provider, set up for the login tests and attack tests.

Two set-ups: at the login.gov.pl emulator (profile "login.gov.pl", EC keys, artifact binding, the
node's TLS), and at a forged generic IdP whose key the test holds, answering by HTTP-POST, so a
test can build, sign and tamper with any Response it likes. Both start the login at the portal's
own button, so the InResponseTo the portal waits for is real.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from lxml import etree

from eservices.accounts.models import Person, ResidentSession
from eservices.audit.models import AuditEvent
from integrations.trusted_profile.interface import LOA_SUBSTANTIAL
from integrations.trusted_profile.testing import Resident, WKEmulator
from integrations.trusted_profile.testing.keys import KeyPair, make_key_pair
from tests.login.saml_browser import Form, form_with, submit

#: The one sentence every refused login shows (the reason goes to the audit log only).
GENERIC_REFUSAL = "Nie udało się potwierdzić Twojej tożsamości"
DASHBOARD_PATH = "/moj-e-urzad/"
LOGIN_PATH = "/logowanie/"


def write_key_pair(directory: Path, name: str, pair: KeyPair) -> tuple[str, str]:
    """Write ``pair`` as ``<name>.key``/``<name>.pem`` (the settings take PEM file paths)."""
    key_path = directory / f"{name}.key"
    cert_path = directory / f"{name}.pem"
    key_path.write_bytes(pair.key_pem)
    cert_path.write_bytes(pair.cert_pem)
    return str(key_path), str(cert_path)


@dataclass
class Portal:
    """The live server as the SP: its URLs, its keys and the settings it runs with."""

    base_url: str
    signing: KeyPair
    encryption: KeyPair
    profile: dict[str, Any]

    @property
    def entity_id(self) -> str:
        """The SP's entity id (its metadata URL)."""
        return f"{self.base_url}/saml/metadata/"

    @property
    def acs_url(self) -> str:
        """The assertion consumer service."""
        return f"{self.base_url}/saml/acs/"

    @property
    def slo_soap_url(self) -> str:
        """Where the IdP's SOAP LogoutRequests arrive."""
        return f"{self.base_url}/saml/slo/soap/"

    def browser(self, *, verify: str | bool = True) -> requests.Session:
        """A fresh requests session standing for a browser (``verify``: the IdP's CA)."""
        session = requests.Session()
        # requests lets REQUESTS_CA_BUNDLE from the environment override ``session.verify``;
        # a browser of these tests trusts exactly the CA it is given.
        session.trust_env = False
        session.verify = verify
        return session

    def start_login(self, session: requests.Session) -> Form:
        """Press the portal's login button; the auto-submitting form carrying the AuthnRequest."""
        page = session.get(self.base_url + LOGIN_PATH, timeout=30)
        page.raise_for_status()
        carrier = submit(session, form_with(page, "next"))
        carrier.raise_for_status()
        return form_with(carrier, "SAMLRequest")

    def dashboard_opens(self, session: requests.Session) -> bool:
        """True when ``session`` is logged in (the personal area answers instead of the login)."""
        page = session.get(self.base_url + DASHBOARD_PATH, timeout=30)
        return page.status_code == 200 and page.url.endswith(DASHBOARD_PATH)


def authn_request_id(form: Form) -> str:
    """The ID of the AuthnRequest the form carries (the InResponseTo the portal waits for)."""
    request = etree.fromstring(base64.b64decode(form.fields["SAMLRequest"]))
    return request.get("ID")


def login_gov_pl_profile(
    *,
    portal_base: str,
    emulator: WKEmulator,
    directory: Path,
    signing: KeyPair,
    encryption: KeyPair,
) -> dict[str, Any]:
    """``TRUSTED_PROFILE`` for the portal at the login.gov.pl emulator (files under directory)."""
    signing_key, signing_cert = write_key_pair(directory, "sp-signing", signing)
    encryption_key, encryption_cert = write_key_pair(directory, "sp-encryption", encryption)
    idp_cert = directory / "wk-signing.pem"
    idp_cert.write_text(emulator.signing_cert_pem)
    return {
        "profile": "login.gov.pl",
        "sp_entity_id": f"{portal_base}/saml/metadata/",
        "acs_url": f"{portal_base}/saml/acs/",
        "slo_url": f"{portal_base}/saml/slo/",
        "slo_soap_url": f"{portal_base}/saml/slo/soap/",
        "sp_signing_key": signing_key,
        "sp_signing_cert": signing_cert,
        "sp_encryption_key": encryption_key,
        "sp_encryption_cert": encryption_cert,
        "idp_entity_id": emulator.entity_id,
        "idp_sso_url": emulator.sso_url,
        "idp_artifact_resolution_url": emulator.artifact_resolution_url,
        "idp_slo_url": emulator.slo_url,
        "idp_certificates": [str(idp_cert)],
        "binding": "artifact",
        "authn_request_binding": "post",
        "required_loa": LOA_SUBSTANTIAL,
        "ca_bundle": emulator.ca_bundle_path,
        "provider_name": "e-Urząd (testy)",
    }


@dataclass
class PortalAtNode(Portal):
    """The portal registered at a running login.gov.pl emulator."""

    emulator: WKEmulator

    def browser(self, *, verify: str | bool = True) -> requests.Session:
        """A browser that trusts the emulator's throw-away CA."""
        return super().browser(verify=self.emulator.ca_bundle_path)

    def post_artifact(self, session: requests.Session, artifact: str) -> requests.Response:
        """The browser's step the node scripts: POST the SAMLart to the ACS (redirects followed)."""
        return session.post(self.acs_url, data={"SAMLart": artifact, "RelayState": ""}, timeout=30)


def start_portal_at_node(*, live_server, settings, directory: Path) -> PortalAtNode:
    """Start an emulator, register the live server at it and point the settings at it.

    The caller stops ``portal.emulator`` (the fixtures do it in their teardown).
    """
    emulator = WKEmulator().start()
    base = live_server.url
    signing = make_key_pair(kind="ec", common_name="portal signing")
    encryption = make_key_pair(kind="ec", common_name="portal encryption")
    emulator.register_sp(
        f"{base}/saml/metadata/", f"{base}/saml/acs/", signing.cert_pem, encryption.cert_pem
    )
    profile = login_gov_pl_profile(
        portal_base=base,
        emulator=emulator,
        directory=directory,
        signing=signing,
        encryption=encryption,
    )
    settings.TRUSTED_PROFILE = profile
    return PortalAtNode(
        base_url=base, signing=signing, encryption=encryption, profile=profile, emulator=emulator
    )


def resident_traces(resident: Resident) -> tuple[str, ...]:
    """What of ``resident`` must never appear on a refusal page."""
    return (resident.pesel, resident.given_name, resident.family_name, resident.name_id)


@dataclass(frozen=True)
class Footprint:
    """How many residents, IdP-backed sessions and logins the portal has recorded."""

    people: int
    sessions: int
    logins: int

    @classmethod
    def now(cls) -> Footprint:
        """The counts at this moment."""
        return cls(
            people=Person.objects.count(),
            sessions=ResidentSession.objects.count(),
            logins=AuditEvent.objects.filter(action="login").count(),
        )


def assert_refused(
    page: requests.Response,
    *,
    portal: Portal,
    session: requests.Session,
    reason: str,
    personal: tuple[str, ...],
    detail: str = "",
    before: Footprint = Footprint(people=0, sessions=0, logins=0),
) -> AuditEvent:
    """The portal refused the login: generic 403 page, no new person or session, one audit row.

    The one ``login_failed`` event's reason starts with the RejectReason ``reason`` and, when
    ``detail`` is given, names that check (so the attack was stopped where the test expects).
    """
    assert page.status_code == 403, (page.status_code, page.url, page.text[:300])
    assert GENERIC_REFUSAL in page.text
    for trace in personal:
        assert trace not in page.text, "personal data on the refusal page"
    assert Footprint.now() == before
    assert not portal.dashboard_opens(session)
    failures = list(AuditEvent.objects.filter(action="login_failed"))
    assert len(failures) == 1, [event.reason for event in failures]
    assert failures[0].reason.startswith(f"{reason}:"), failures[0].reason
    assert detail in failures[0].reason, failures[0].reason
    return failures[0]
