"""Test support: a staff session that has already given its second factor.

Tests outside this package use it through the root conftest's ``otp_login`` fixture and its
``admin_client`` override (apps may not import the composition root, see the import contracts).
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def force_login_verified(client: Client, user: AbstractBaseUser) -> TOTPDevice:
    """Log ``user`` in on ``client`` as after the password and a TOTP code from a new device."""
    device = TOTPDevice.objects.create(user=user, name="Test", confirmed=True)
    # The class's method, not the instance's: a test module may rebind client.force_login to this.
    Client.force_login(client, user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def current_code(device: TOTPDevice) -> str:
    """The six-digit code the device's authenticator app shows right now."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"
