"""A login.gov.pl (Węzeł Krajowy) identity provider for the test suite, over real HTTPS.

It speaks the node's profile: a signed AuthnRequest by HTTP-POST, the answer as a SAML artifact
(type 0x0004) POSTed to the ACS as ``SAMLart``, artifact resolution over SOAP 1.1 answered by an
ECDSA-signed ArtifactResponse around an ECDSA-signed Response with an ECDH-ES encrypted
Assertion, and logout by a signed LogoutRequest over SOAP. TLS comes from a throw-away CA whose
certificate is at :attr:`WKEmulator.ca_bundle_path`, so clients keep verifying certificates.

A resolved artifact is forgotten: resolving it again yields an ArtifactResponse with Status
Success and no message, as SAML core (3.5.2) prescribes for an unknown artifact. Refused
requests get HTTP 400 (SSO) or a SOAP Client fault with HTTP 500 (SOAP endpoints).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import secrets
import shutil
import ssl
import tempfile
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from lxml import etree

from integrations.trusted_profile import xmldsig, xmlenc_ec
from integrations.trusted_profile.testing import wk_messages as msg
from integrations.trusted_profile.testing.keys import make_key_pair, write_tls_files
from integrations.trusted_profile.testing.wk_messages import Refused, Resident, q

SSO_PATH = "/login/SingleSignOnService"
ARTIFACT_RESOLUTION_PATH = "/login-services/idpArtifactResolutionService"
SLO_PATH = "/login-services/singleLogoutService"
METADATA_PATH = "/wk/metadata"


@dataclass(frozen=True)
class RegisteredServiceProvider:
    """A service provider the emulator trusts."""

    entity_id: str
    acs_url: str
    signing_cert_pem: str
    encryption_certificate: x509.Certificate


@dataclass(frozen=True)
class ActiveSession:
    """A login session at the emulator, ended by a LogoutRequest."""

    name_id: str
    session_index: str
    sp_entity_id: str


@dataclass(frozen=True)
class _PendingArtifact:
    authn_request_id: str
    sp: RegisteredServiceProvider
    resident: Resident
    session_index: str


def _pem_text(pem: bytes | str) -> str:
    return pem.decode("ascii") if isinstance(pem, bytes) else pem


class WKEmulator:
    """The national node's IdP for tests. Use as a context manager, or ``start()``/``stop()``.

    Attributes tests set: ``resident``, ``clock_offset``, ``assertion_lifetime``,
    ``content_key_size`` (16 mimics production's 128-bit key under aes256-gcm), and the attack
    hooks ``mutate_assertion`` (before encryption), ``mutate_inner_response`` (before the
    Response is signed) and ``mutate_after_signing`` (the signed ArtifactResponse).
    """

    def __init__(self) -> None:
        self.resident = Resident()
        self.clock_offset = dt.timedelta()
        self.assertion_lifetime = dt.timedelta(minutes=5)
        self.content_key_size = 32
        self.mutate_assertion: Callable[[etree._Element], None] | None = None
        self.mutate_inner_response: Callable[[etree._Element], None] | None = None
        self.mutate_after_signing: Callable[[etree._Element], None] | None = None
        #: Sessions by SessionIndex; a LogoutRequest moves them to ``ended_sessions``.
        self.active_sessions: dict[str, ActiveSession] = {}
        self.ended_sessions: list[ActiveSession] = []

        self._lock = threading.Lock()
        self._service_providers: dict[str, RegisteredServiceProvider] = {}
        self._artifacts: dict[bytes, _PendingArtifact] = {}
        self._server: _TLSServer | None = None
        self._thread: threading.Thread | None = None

        self._signing = make_key_pair(common_name="WK emulator signing")
        #: The IdP signing certificate, as an object and as PEM text (python3-saml settings).
        self.signing_certificate = self._signing.certificate
        self.signing_cert_pem = self._signing.cert_pem.decode("ascii")
        self._tls_dir = tempfile.mkdtemp(prefix="wk-emulator-")
        self._tls = write_tls_files(self._tls_dir)
        #: The CA to trust for the emulator's HTTPS (a PEM file).
        self.ca_bundle_path = self._tls.ca_bundle_path

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> WKEmulator:
        """Listen on 127.0.0.1 (a free port) and serve in a background thread."""
        if self._server is not None:
            raise RuntimeError("the emulator is already running")
        if not Path(self._tls.key_path).exists():
            raise RuntimeError("a stopped emulator cannot be started again; make a new one")
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(self._tls.cert_path, self._tls.key_path)
        self._server = _TLSServer(("127.0.0.1", 0), _handler_for(self), context)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="wk-emulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, join the thread and delete the TLS files."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._server = None
            self._thread = None
        shutil.rmtree(self._tls_dir, ignore_errors=True)

    def __enter__(self) -> WKEmulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- addresses -----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``https://127.0.0.1:<port>`` of the running emulator."""
        if self._server is None:
            raise RuntimeError("start the emulator first")
        return f"https://127.0.0.1:{self._server.server_address[1]}"

    @property
    def entity_id(self) -> str:
        """The IdP's entity id (also the Issuer of everything it sends)."""
        return f"{self.base_url}/wk"

    @property
    def sso_url(self) -> str:
        """Where the AuthnRequest is POSTed."""
        return self.base_url + SSO_PATH

    @property
    def artifact_resolution_url(self) -> str:
        """The SOAP endpoint of artifact resolution."""
        return self.base_url + ARTIFACT_RESOLUTION_PATH

    @property
    def slo_url(self) -> str:
        """The SOAP endpoint of single logout."""
        return self.base_url + SLO_PATH

    @property
    def metadata_url(self) -> str:
        """Where :meth:`metadata_xml` is served."""
        return self.base_url + METADATA_PATH

    def now(self) -> dt.datetime:
        """The emulator's clock: real time shifted by ``clock_offset``."""
        return dt.datetime.now(dt.UTC) + self.clock_offset

    # -- configuration -------------------------------------------------------------------------

    def register_sp(
        self,
        entity_id: str,
        acs_url: str,
        signing_cert_pem: bytes | str,
        encryption_cert_pem: bytes | str,
    ) -> None:
        """Trust a service provider: its ACS, the key it signs with, the key to encrypt to."""
        encryption_certificate = x509.load_pem_x509_certificate(
            _pem_text(encryption_cert_pem).encode("ascii")
        )
        with self._lock:
            self._service_providers[entity_id] = RegisteredServiceProvider(
                entity_id=entity_id,
                acs_url=acs_url,
                signing_cert_pem=_pem_text(signing_cert_pem),
                encryption_certificate=encryption_certificate,
            )

    def metadata_xml(self) -> str:
        """The IdP metadata: signing key, SSO by POST, artifact resolution and SLO by SOAP."""
        return msg.idp_metadata(
            entity_id=self.entity_id,
            signing_certificate=self.signing_certificate,
            sso_url=self.sso_url,
            artifact_resolution_url=self.artifact_resolution_url,
            slo_url=self.slo_url,
        )

    # -- single sign-on ------------------------------------------------------------------------

    def _service_provider(self, message: etree._Element) -> RegisteredServiceProvider:
        """The registered SP that issued and signed ``message``; Refused otherwise."""
        issuer = message.findtext(q(msg.NS_SAML, "Issuer"))
        with self._lock:
            sp = self._service_providers.get((issuer or "").strip())
        if sp is None:
            raise Refused("unknown service provider")
        try:
            xmldsig.verify(message, cert_pem=sp.signing_cert_pem)
        except xmldsig.SignatureInvalid as error:
            raise Refused(f"signature: {error}") from error
        return sp

    def issue_artifact(
        self,
        authn_request_id: str,
        *,
        sp_entity_id: str | None = None,
        resident: Resident | None = None,
    ) -> str:
        """Authenticate ``resident`` (default: :attr:`resident`) for a request; the artifact.

        ``sp_entity_id`` may be left out when a single SP is registered. The session starts
        here (in :attr:`active_sessions`), as at the node, whether or not the SP resolves it.
        """
        with self._lock:
            if sp_entity_id is None:
                if len(self._service_providers) != 1:
                    raise ValueError("name the service provider")
                sp = next(iter(self._service_providers.values()))
            else:
                sp = self._service_providers[sp_entity_id]
            resident = resident or self.resident
            handle = secrets.token_bytes(20)
            session = ActiveSession(
                name_id=resident.name_id,
                session_index=f"_ID-{secrets.token_hex(16)}",
                sp_entity_id=sp.entity_id,
            )
            self._artifacts[handle] = _PendingArtifact(
                authn_request_id=authn_request_id,
                sp=sp,
                resident=resident,
                session_index=session.session_index,
            )
            self.active_sessions[session.session_index] = session
        return msg.artifact(entity_id=self.entity_id, message_handle=handle)

    def handle_sso(self, form: dict[str, str]) -> str:
        """Check a POSTed AuthnRequest and answer the auto-submitting artifact form (HTML)."""
        try:
            request = msg.parse_xml(base64.b64decode(form.get("SAMLRequest", ""), validate=True))
        except ValueError as error:
            raise Refused("SAMLRequest is not base64 XML") from error
        if request.tag != q(msg.NS_SAMLP, "AuthnRequest"):
            raise Refused("not an AuthnRequest")
        sp = self._service_provider(request)
        if request.get("Destination") != self.sso_url:
            raise Refused("Destination is not this endpoint")
        if request.get("AssertionConsumerServiceURL") != sp.acs_url:
            raise Refused("AssertionConsumerServiceURL is not the registered ACS")
        if request.get("ProtocolBinding") != msg.BINDING_ARTIFACT:
            raise Refused("ProtocolBinding must be HTTP-Artifact")
        artifact = self.issue_artifact(request.get("ID") or "", sp_entity_id=sp.entity_id)
        relay_state = form.get("RelayState", "")
        return (
            '<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">'
            "<title>login.gov.pl (emulator)</title></head>"
            '<body onload="document.forms[0].submit()">'
            f'<form method="post" action="{html.escape(sp.acs_url)}">'
            f'<input type="hidden" name="SAMLart" value="{html.escape(artifact)}">'
            f'<input type="hidden" name="RelayState" value="{html.escape(relay_state)}">'
            '<noscript><button type="submit">Dalej</button></noscript>'
            "</form></body></html>"
        )

    # -- artifact resolution -------------------------------------------------------------------

    def _sign(self, message: etree._Element) -> None:
        xmldsig.sign(
            message,
            key_pem=self._signing.key_pem,
            cert_pem=self._signing.cert_pem,
            inclusive_namespaces=msg.INCLUSIVE_PREFIXES,
        )

    def _add_response(
        self, outer: etree._Element, pending: _PendingArtifact, now: dt.datetime
    ) -> None:
        """Append the signed ``samlp:Response`` with the encrypted assertion (hooks applied).

        Built in place, so ``mutate_inner_response`` sees it inside its ArtifactResponse.
        """
        response = etree.SubElement(
            outer,
            q(msg.NS_SAMLP, "Response"),
            ID=msg.message_id(),
            InResponseTo=pending.authn_request_id,
            Version="2.0",
            IssueInstant=msg.instant(now),
            Destination=pending.sp.acs_url,
        )
        etree.SubElement(response, q(msg.NS_SAML, "Issuer")).text = self.entity_id
        msg.status_success(response)
        assertion = msg.build_assertion(
            resident=pending.resident,
            issuer=self.entity_id,
            authn_request_id=pending.authn_request_id,
            sp_entity_id=pending.sp.entity_id,
            acs_url=pending.sp.acs_url,
            session_index=pending.session_index,
            now=now,
            lifetime=self.assertion_lifetime,
        )
        if self.mutate_assertion is not None:
            self.mutate_assertion(assertion)
        response.append(
            xmlenc_ec.encrypt_assertion(
                assertion,
                recipient_certificate=pending.sp.encryption_certificate,
                key_size=self.content_key_size,
                party_u_info=self.entity_id,
                party_v_info=pending.sp.entity_id,
            )
        )
        if self.mutate_inner_response is not None:
            self.mutate_inner_response(response)
        self._sign(response)

    def _artifact_response(
        self, *, in_response_to: str, pending: _PendingArtifact | None
    ) -> etree._Element:
        now = self.now()
        outer = etree.Element(
            q(msg.NS_SAMLP, "ArtifactResponse"),
            nsmap=msg.NSMAP,
            ID=msg.message_id(),
            InResponseTo=in_response_to,
            Version="2.0",
            IssueInstant=msg.instant(now),
        )
        etree.SubElement(outer, q(msg.NS_SAML, "Issuer")).text = self.entity_id
        msg.status_success(outer)
        if pending is not None:
            self._add_response(outer, pending, now)
        self._sign(outer)
        if self.mutate_after_signing is not None:
            self.mutate_after_signing(outer)
        return outer

    def handle_artifact_resolve(self, body: bytes) -> bytes:
        """Answer a SOAP ArtifactResolve; each artifact resolves once."""
        resolve = msg.soap_body_child(body, q(msg.NS_SAMLP, "ArtifactResolve"))
        sp = self._service_provider(resolve)
        if resolve.get("Destination") not in (None, self.artifact_resolution_url):
            raise Refused("Destination is not this endpoint")
        handle = msg.message_handle(
            artifact_b64=resolve.findtext(q(msg.NS_SAMLP, "Artifact")) or "",
            entity_id=self.entity_id,
        )
        pending = None
        if handle is not None:
            with self._lock:
                candidate = self._artifacts.pop(handle, None)
            # An artifact issued to another SP is unknown to this one; it is spent all the same.
            if candidate is not None and candidate.sp.entity_id == sp.entity_id:
                pending = candidate
        answer = self._artifact_response(in_response_to=resolve.get("ID") or "", pending=pending)
        return msg.soap_envelope(answer)

    # -- logout --------------------------------------------------------------------------------

    def handle_logout(self, body: bytes) -> bytes:
        """Answer a SOAP LogoutRequest: end the named sessions, reply a signed Success."""
        request = msg.soap_body_child(body, q(msg.NS_SAMLP, "LogoutRequest"))
        sp = self._service_provider(request)
        name_id = (request.findtext(q(msg.NS_SAML, "NameID")) or "").strip()
        indexes = {
            (index.text or "").strip() for index in request.findall(q(msg.NS_SAMLP, "SessionIndex"))
        }
        with self._lock:
            for session_index, session in list(self.active_sessions.items()):
                if (
                    session.sp_entity_id == sp.entity_id
                    and session.name_id == name_id
                    and (not indexes or session_index in indexes)
                ):
                    self.ended_sessions.append(self.active_sessions.pop(session_index))
        # Logout is idempotent: Success also when the session had already ended.
        response = etree.Element(
            q(msg.NS_SAMLP, "LogoutResponse"),
            nsmap={"saml2p": msg.NS_SAMLP, "saml2": msg.NS_SAML, "ds": msg.NS_DS},
            ID=msg.message_id(),
            InResponseTo=request.get("ID") or "",
            Version="2.0",
            IssueInstant=msg.instant(self.now()),
        )
        etree.SubElement(response, q(msg.NS_SAML, "Issuer")).text = self.entity_id
        msg.status_success(response)
        self._sign(response)
        return msg.soap_envelope(response)


class _TLSServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: Any, context: ssl.SSLContext) -> None:
        super().__init__(address, handler)
        self._context = context

    def finish_request(self, request: Any, client_address: Any) -> None:
        # The TLS handshake runs in the request's own thread, so a stalled client cannot block
        # the accept loop.
        try:
            tls = self._context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        super().finish_request(tls, client_address)


def _handler_for(emulator: WKEmulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "WKEmulator/1.0"

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: the test output stays readable."""

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if urllib.parse.urlsplit(self.path).path == METADATA_PATH:
                self._send(200, "application/samlmetadata+xml", emulator.metadata_xml().encode())
            else:
                self._send(404, "text/plain; charset=utf-8", b"not found")

        def do_POST(self) -> None:
            path = urllib.parse.urlsplit(self.path).path
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                if path == SSO_PATH:
                    form = dict(urllib.parse.parse_qsl(body.decode("utf-8")))
                    page = emulator.handle_sso(form)
                    self._send(200, "text/html; charset=utf-8", page.encode("utf-8"))
                elif path == ARTIFACT_RESOLUTION_PATH:
                    answer = emulator.handle_artifact_resolve(body)
                    self._send(200, "text/xml; charset=utf-8", answer)
                elif path == SLO_PATH:
                    self._send(200, "text/xml; charset=utf-8", emulator.handle_logout(body))
                else:
                    self._send(404, "text/plain; charset=utf-8", b"not found")
            except Refused as error:
                if path == SSO_PATH:
                    self._send(400, "text/plain; charset=utf-8", str(error).encode())
                else:
                    self._send(500, "text/xml; charset=utf-8", msg.soap_fault(str(error)))
            except Exception as error:
                # A failing test hook or a bug: answer it, so the test reads the cause instead
                # of a dropped connection.
                detail = f"emulator error: {error!r}"
                self._send(500, "text/plain; charset=utf-8", detail.encode())

    return Handler
