"""The second factor (TOTP, "kod z aplikacji") that staff must give before using the admin.

A staff member who signed in with a password but has not yet given a code in this session is sent
from every ``/admin/`` and ``/django-admin/`` URL to the code page, or, if they have no
authenticator yet, to the page that sets one up. django-otp records the verified device in the
session; ``request.user.is_verified()`` is then true until logout.
"""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

from .csp import ADMIN_PATH_PREFIXES

DEVICE_NAME = "Aplikacja uwierzytelniająca"


def needs_second_factor(*, user: AbstractBaseUser) -> bool:
    """True for a signed-in user who may use either admin (staff or Wagtail admin access)."""
    if not user.is_authenticated:
        return False
    return bool(user.is_staff or user.has_perm("wagtailadmin.access_admin"))


def confirmed_devices(*, user: AbstractBaseUser) -> list[TOTPDevice]:
    """The user's TOTP devices that were confirmed with a code."""
    return list(TOTPDevice.objects.devices_for_user(user, confirmed=True))


def device_for_enrolment(*, user: AbstractBaseUser) -> TOTPDevice:
    """The user's device being set up: the unconfirmed one if any, else a new one.

    Reusing it keeps the QR code the same when the page is reloaded before the first code.
    """
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_for_display(*, device: TOTPDevice) -> str:
    """The secret as authenticator apps ask for it by hand: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(*, device: TOTPDevice) -> str:
    """The device's otpauth:// URI as an inline SVG QR code (no external image, no data: URL)."""
    code = segno.make(device.config_url, error="m")
    return code.svg_inline(scale=5, dark="#000", light="#fff", title="Kod QR")


def safe_next_url(*, request: HttpRequest, candidate: str | None) -> str:
    """Where to go after the code: the requested admin URL when it is local, else the admin."""
    if (
        candidate
        and candidate.startswith(ADMIN_PATH_PREFIXES)
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return reverse("wagtailadmin_home")


def _exempt_paths() -> tuple[str, ...]:
    # Signing in and out, the second-factor pages themselves and what those pages load (the
    # admin's translations script and icon sprite, which the admin's JS would otherwise replace
    # with the HTML of the code page) must stay reachable before the code is given.
    return (
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_logout"),
        reverse("wagtailadmin_javascript_catalog"),
        reverse("wagtailadmin_sprite"),
        reverse("admin:login"),
        reverse("admin:logout"),
        reverse("staff_otp_verify"),
        reverse("staff_otp_enrol"),
    )


class StaffOTPMiddleware:
    """Sends staff without a verified second factor in this session to the code or set-up page.

    Comes after django-otp's ``OTPMiddleware`` (which gives ``request.user.is_verified``).
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        path = request.path_info
        if (
            path.startswith(ADMIN_PATH_PREFIXES)
            and needs_second_factor(user=request.user)
            and not request.user.is_verified()
            and not path.startswith(_exempt_paths())
        ):
            target = (
                "staff_otp_verify" if confirmed_devices(user=request.user) else "staff_otp_enrol"
            )
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse(target)}?{query}")
        return self.get_response(request)
