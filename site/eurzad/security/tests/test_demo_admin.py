"""`make run`'s demo admin gets a TOTP device whose key is printed once, with the password."""

from __future__ import annotations

import io
from base64 import b32encode

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def _run() -> str:
    out = io.StringIO()
    call_command("ensure_demo_admin", stdout=out)
    return out.getvalue()


def test_new_demo_admin_gets_a_confirmed_device_and_its_key_is_printed():
    output = _run()
    device = TOTPDevice.objects.get(user__username="admin")
    assert device.confirmed
    key = b32encode(device.bin_key).decode().rstrip("=")
    assert key in output.replace(" ", "")
    assert "otpauth://totp/" in output


def test_key_is_not_printed_again():
    _run()
    assert "otpauth://" not in _run()
    assert TOTPDevice.objects.count() == 1


def test_demo_admin_made_before_the_second_factor_gets_a_device():
    get_user_model().objects.create_superuser("admin", "admin@example.invalid", "x" * 16)
    output = _run()
    assert TOTPDevice.objects.filter(user__username="admin", confirmed=True).count() == 1
    assert "otpauth://totp/" in output
