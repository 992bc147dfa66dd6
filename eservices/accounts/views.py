"""Login through the trusted profile, the SAML endpoints, logout and the session clock.

Every refusal shows the resident one plain sentence; the specific reason goes to the audit log.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eservices.audit.services import audit_record
from integrations.trusted_profile.interface import (
    IdentityProviderUnavailable,
    OutboundMessage,
    RequestInfo,
    ResponseRejected,
)

from . import session_policy
from .backends import TrustedProfileBackend
from .decorators import is_resident
from .models import ResidentSession
from .personal_identifiers import InvalidPesel
from .provider import get_provider
from .services import pending_login_finish, pending_login_start, resident_session_record

logger = logging.getLogger(__name__)


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    default = reverse("personal-area")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _request_info(request: HttpRequest) -> RequestInfo:
    source = request.POST if request.method == "POST" else request.GET
    return RequestInfo(
        https=request.is_secure(),
        host=request.get_host(),
        path=request.path,
        method=request.method or "GET",
        params={key: source.get(key, "") for key in source},
    )


def _carry(request: HttpRequest, message: OutboundMessage) -> HttpResponse:
    """Send the browser on with a SAML message: a redirect, or an auto-submitting form."""
    if message.method == "GET":
        return _private(HttpResponseRedirect(message.url))
    response = render(
        request,
        "accounts/post_binding.html",
        {"action": message.url, "fields": sorted(message.fields.items())},
    )
    return _private(response)


@require_http_methods(["GET", "POST"])
def login_page(request: HttpRequest) -> HttpResponse:
    """GET: what logging in means and the button; POST: a signed AuthnRequest to the IdP."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "GET":
        if is_resident(request):
            return _private(HttpResponseRedirect(next_url))
        context = {
            "next": next_url,
            "expired": request.GET.get("sesja") == "wygasla",
            "profile": settings.TRUSTED_PROFILE.get("profile", "generic"),
        }
        return _private(render(request, "accounts/login.html", context))
    message = get_provider().login(relay_state="")
    pending_login_start(request_id=message.message_id, next_url=next_url)
    return _carry(request, message)


def _refused(request: HttpRequest, *, reason: str, detail: str, status: int) -> HttpResponse:
    audit_record(action="login_failed", request=request, reason=f"{reason}: {detail}"[:500])
    logger.info("Trusted-profile login refused: %s", reason)
    response = render(
        request,
        "accounts/login_failed.html",
        {"unavailable": status == 503},
        status=status,
    )
    return _private(response)


# Error reports must not carry the identity (PESEL) or the SAML message that holds it.
@sensitive_variables("identity", "user", "finished")
@sensitive_post_parameters("SAMLResponse", "SAMLart")
@csrf_exempt  # the IdP posts here cross-site; the SAML checks replace the CSRF token
@require_http_methods(["GET", "POST"])
def assertion_consumer(request: HttpRequest) -> HttpResponse:
    """ACS: an HTTP-POST response or an artifact (POST or GET); on success a new session."""
    finished = {}

    def pending(request_id: str) -> bool:
        started = pending_login_finish(request_id=request_id)
        if started is not None:
            finished["next"] = started.next_url
        return started is not None

    try:
        identity = get_provider().accept(request=_request_info(request), pending=pending)
    except ResponseRejected as rejected:
        return _refused(request, reason=rejected.reason, detail=rejected.detail, status=403)
    except IdentityProviderUnavailable as error:
        return _refused(request, reason="idp_unavailable", detail=str(error), status=503)
    try:
        # The backend directly, not django.contrib.auth.authenticate(): the staff-login lockout
        # (django-axes) listens there and would count residents' logins under no username.
        user = TrustedProfileBackend().authenticate(request, identity=identity)
    except InvalidPesel as error:
        return _refused(request, reason="pesel", detail=str(error), status=403)
    if user is None:
        return _refused(request, reason="inactive", detail="the account is disabled", status=403)
    login(request, user, backend="eservices.accounts.backends.TrustedProfileBackend")
    session_policy.session_start(request)
    request.session.save()  # the key is needed now, for logout from the IdP's side
    resident_session_record(
        session_key=request.session.session_key, person=user.person, identity=identity
    )
    audit_record(
        action="login",
        request=request,
        actor_user=user,
        subject=user.person,
        reason=identity.level_of_assurance,
    )
    return _private(HttpResponseRedirect(finished.get("next") or reverse("personal-area")))


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """End the portal session and the IdP session (front channel or SOAP, by profile)."""
    if not is_resident(request):
        logout(request)
        return _private(HttpResponseRedirect(reverse("logged-out")))
    person = request.user.person
    idp_session = ResidentSession.objects.filter(session_key=request.session.session_key).first()
    audit_record(action="logout", request=request, actor_user=request.user, subject=person)
    logout(request)
    if idp_session is None:
        return _private(HttpResponseRedirect(reverse("logged-out")))
    idp_session.delete()
    provider = get_provider()
    message = provider.logout(
        name_id=idp_session.name_id,
        name_id_format=idp_session.name_id_format,
        session_index=idp_session.session_index or None,
        relay_state="",
    )
    if message is not None:
        return _carry(request, message)
    try:
        provider.logout_back_channel(
            name_id=idp_session.name_id,
            name_id_format=idp_session.name_id_format,
            session_index=idp_session.session_index or None,
        )
    except IdentityProviderUnavailable as error:
        # The portal session is over either way; the IdP's ends by its own timeout.
        audit_record(action="logout", request=request, subject=person, reason=f"idp: {error}")
    return _private(HttpResponseRedirect(reverse("logged-out")))


def _end_sessions(*, name_id: str | None, session_indexes: tuple[str, ...]) -> int:
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = ResidentSession.objects.filter(name_id=name_id)
    if session_indexes:
        sessions = sessions.filter(session_index__in=session_indexes)
    ended = 0
    for idp_session in sessions.select_related("person"):
        store(session_key=idp_session.session_key).delete()
        audit_record(action="logout", subject=idp_session.person, reason="ended by the IdP")
        idp_session.delete()
        ended += 1
    return ended


@require_GET
def single_logout(request: HttpRequest) -> HttpResponse:
    """Front-channel SLO: the IdP's LogoutRequest, or its answer to ours."""
    try:
        outcome = get_provider().accept_logout(request=_request_info(request))
    except ResponseRejected as rejected:
        audit_record(action="logout", request=request, reason=f"refused: {rejected.reason}")
        return _private(render(request, "accounts/login_failed.html", {}, status=403))
    if outcome.ended_name_id:
        _end_sessions(name_id=outcome.ended_name_id, session_indexes=outcome.ended_session_indexes)
        logout(request)
    if outcome.redirect is not None:
        return _carry(request, outcome.redirect)
    return _private(HttpResponseRedirect(reverse("logged-out")))


@csrf_exempt  # a server-to-server SOAP call, authenticated by its signature
def single_logout_soap(request: HttpRequest) -> HttpResponse:
    """Back-channel SLO: the IdP's SOAP LogoutRequest ends the portal sessions it names."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        outcome, answer = get_provider().accept_logout_soap(body=request.body)
    except ResponseRejected as rejected:
        audit_record(action="logout", request=request, reason=f"refused: {rejected.reason}")
        return HttpResponse(status=400)
    if outcome.ended_name_id:
        _end_sessions(name_id=outcome.ended_name_id, session_indexes=outcome.ended_session_indexes)
    return HttpResponse(answer, content_type="text/xml; charset=utf-8")


@require_GET
def metadata(request: HttpRequest) -> HttpResponse:
    """The SP's SAML metadata, to register the portal with the IdP."""
    return HttpResponse(get_provider().metadata(), content_type="application/samlmetadata+xml")


def logged_out(request: HttpRequest) -> HttpResponse:
    """After logout: a plain confirmation."""
    return _private(TemplateResponse(request, "accounts/logged_out.html", {}))


@require_http_methods(["GET", "POST"])
def session_state(request: HttpRequest) -> HttpResponse:
    """GET (passive): seconds left; POST: extend the session (the warning's button)."""
    if not is_resident(request):
        return _private(JsonResponse({"expired": True, "seconds_left": 0}, status=401))
    if request.method == "POST":
        session_policy.session_touch(request, force=True)
        if not request.headers.get("accept", "").startswith("application/json"):
            return _private(HttpResponseRedirect(_safe_next(request, request.POST.get("next"))))
    return _private(JsonResponse({"seconds_left": session_policy.seconds_left(request)}))
