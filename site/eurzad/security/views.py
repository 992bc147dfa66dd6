"""The staff second-factor pages: set up an authenticator app, then give a code from it."""

from __future__ import annotations

import math

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import CodeForm
from .staff_otp import (
    confirmed_devices,
    device_for_enrolment,
    needs_second_factor,
    qr_code_svg,
    safe_next_url,
    secret_for_display,
)


def _accept(request: HttpRequest, device: TOTPDevice, next_url: str) -> HttpResponse:
    """Record the verified device in the session and go on to the admin."""
    otp_login(request, device)
    # A new session key once the second factor is given, as Django does after a password.
    request.session.cycle_key()
    return HttpResponseRedirect(next_url)


def _throttled_message(device: TOTPDevice) -> str | None:
    """Why this device may not check a code now (too many wrong ones), or None."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    # django-otp says until when for throttling; any other refusal gets the shortest wait.
    locked_until = (details or {}).get("locked_until", timezone.now())
    seconds = math.ceil((locked_until - timezone.now()).total_seconds())
    return _("Zbyt wiele błędnych kodów. Odczekaj %(seconds)s s i wpisz nowy kod z aplikacji.") % {
        "seconds": max(seconds, 1)
    }


def _gate(request: HttpRequest) -> HttpResponse | None:
    """A redirect for anyone these pages are not for, else None."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
    if not needs_second_factor(user=request.user) or request.user.is_verified():
        return HttpResponseRedirect(reverse("wagtailadmin_home"))
    return None


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the code from the staff member's authenticator app ("kod z aplikacji")."""
    if (redirect := _gate(request)) is not None:
        return redirect
    devices = confirmed_devices(user=request.user)
    if not devices:
        return HttpResponseRedirect(f"{reverse('staff_otp_enrol')}?{request.GET.urlencode()}")
    form = CodeForm(
        request.POST if request.method == "POST" else None,
        initial={"next": request.GET.get("next", "")},
    )
    error = None
    if form.is_valid():
        next_url = safe_next_url(request=request, candidate=form.cleaned_data["next"])
        for device in devices:
            error = _throttled_message(device)
            if error is None and device.verify_token(form.cleaned_data["code"]):
                return _accept(request, device, next_url)
        error = error or _(
            "Ten kod jest nieprawidłowy albo już wygasł. Wpisz kod, który aplikacja pokazuje teraz."
        )
    return render(request, "security/otp_verify.html", {"form": form, "error": error})


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: show its QR code and secret, confirm with the first code.

    Only for staff without a confirmed device: anyone who has one must give a code from it (a
    stolen password alone must not be enough to add a second device).
    """
    if (redirect := _gate(request)) is not None:
        return redirect
    if confirmed_devices(user=request.user):
        return HttpResponseRedirect(f"{reverse('staff_otp_verify')}?{request.GET.urlencode()}")
    device = device_for_enrolment(user=request.user)
    form = CodeForm(
        request.POST if request.method == "POST" else None,
        initial={"next": request.GET.get("next", "")},
    )
    error = None
    if form.is_valid():
        next_url = safe_next_url(request=request, candidate=form.cleaned_data["next"])
        error = _throttled_message(device)
        if error is None and device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            return _accept(request, device, next_url)
        error = error or _(
            "Ten kod się nie zgadza. Sprawdź, czy aplikacja dodała konto z tego kodu QR i czy "
            "zegar telefonu jest ustawiony poprawnie."
        )
    context = {
        "form": form,
        "error": error,
        # segno builds the SVG from the device's own otpauth URI: no user input reaches it.
        "qr_code": mark_safe(qr_code_svg(device=device)),  # noqa: S308
        "secret": secret_for_display(device=device),
    }
    return render(request, "security/otp_enrol.html", context)
