"""The admin's second factor: set-up, codes, wrong codes, throttling and who is asked at all."""

from __future__ import annotations

import datetime
from urllib.parse import quote

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django_otp.plugins.otp_totp.models import TOTPDevice

from eurzad.security.testing import current_code

pytestmark = pytest.mark.django_db

ENROL = "/admin/drugi-etap/konfiguracja/"
VERIFY = "/admin/drugi-etap/"


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user(
        username="sekretarz", password="bardzo-tajne-haslo", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def staff_with_device(staff):
    TOTPDevice.objects.create(user=staff, name="Telefon", confirmed=True)
    return staff


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user)


def _wrong_code(device: TOTPDevice) -> str:
    return f"{(int(current_code(device)) + 1) % 1_000_000:06d}"


def test_staff_without_a_device_is_sent_to_set_one_up(client, staff):
    client.force_login(staff)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next={quote('/admin/pages/', safe='')}"


def test_set_up_page_shows_a_qr_code_and_the_secret(client, staff):
    client.force_login(staff)
    page = client.get(ENROL).content.decode()
    device = _device(staff)
    assert not device.confirmed
    assert "<svg" in page
    secret = page.split('id="otp-secret">')[1].split("</code>")[0].replace(" ", "")
    from base64 import b32encode

    assert secret == b32encode(device.bin_key).decode().rstrip("=")
    # Reloading shows the same secret: the unconfirmed device is reused.
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_first_code_confirms_the_device_and_opens_the_admin(client, staff):
    client.force_login(staff)
    client.get(ENROL)
    device = _device(staff)
    response = client.post(ENROL, {"code": current_code(device), "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_wrong_code_at_set_up_is_refused(client, staff):
    client.force_login(staff)
    client.get(ENROL)
    device = _device(staff)
    response = client.post(ENROL, {"code": _wrong_code(device)})
    assert response.status_code == 200
    assert "Ten kod się nie zgadza" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_staff_with_a_device_must_give_a_code_and_cannot_add_another(client, staff_with_device):
    client.force_login(staff_with_device)
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    # The set-up page would let a stolen password add the thief's phone: it sends to the code.
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=staff_with_device).count() == 1


def test_right_code_verifies_the_session(client, staff_with_device):
    client.force_login(staff_with_device)
    device = _device(staff_with_device)
    response = client.post(VERIFY, {"code": current_code(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/django-admin/").status_code == 200


def test_wrong_code_is_refused(client, staff_with_device):
    client.force_login(staff_with_device)
    device = _device(staff_with_device)
    response = client.post(VERIFY, {"code": _wrong_code(device)})
    assert response.status_code == 200
    assert "Ten kod jest nieprawidłowy" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_after_a_wrong_code_even_the_right_one_waits(client, staff_with_device):
    client.force_login(staff_with_device)
    device = _device(staff_with_device)
    start = datetime.datetime(2026, 3, 2, 9, 0, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.post(VERIFY, {"code": _wrong_code(device)})
        client.post(VERIFY, {"code": _wrong_code(device)})  # refused unchecked: still waiting
        response = client.post(VERIFY, {"code": current_code(device)})
        assert "Zbyt wiele błędnych kodów" in response.content.decode()
        assert client.get("/admin/").status_code == 302
        clock.shift(datetime.timedelta(seconds=2))
        response = client.post(VERIFY, {"code": current_code(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"


def test_an_outside_next_address_is_ignored(client, staff_with_device):
    client.force_login(staff_with_device)
    device = _device(staff_with_device)
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://zle.example/"})
    assert response["Location"] == "/admin/"


def test_the_django_admin_asks_too(client, staff_with_device):
    client.force_login(staff_with_device)
    assert client.get("/django-admin/")["Location"].startswith(VERIFY)


def test_editor_with_admin_access_but_not_staff_is_asked(client, django_user_model):
    editor = django_user_model.objects.create_user(username="redaktor", password="x" * 16)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_resident_without_admin_access_is_not_asked_for_a_code(client, django_user_model):
    resident = django_user_model.objects.create_user(username="mieszkaniec", password="x" * 16)
    client.force_login(resident)
    response = client.get("/admin/")
    # Wagtail's own answer (back to its login), not the second-factor pages.
    assert not response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.count() == 0


def test_public_pages_do_not_ask_staff_for_a_code(client, staff_with_device, demo_site):
    client.force_login(staff_with_device)
    assert client.get("/").status_code == 200


def test_login_logout_and_the_code_page_stay_reachable(client, staff_with_device):
    client.force_login(staff_with_device)
    assert client.get(VERIFY).status_code == 200
    assert client.get("/admin/jsi18n/").status_code == 200
    client.post("/admin/logout/")
    assert client.get("/admin/login/").status_code == 200
