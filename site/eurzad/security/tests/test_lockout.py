"""Staff login brute force: 5 wrong passwords lock a username from one address for 15 minutes."""

from __future__ import annotations

import datetime

import pytest
import time_machine

pytestmark = pytest.mark.django_db

PASSWORD = "bardzo-tajne-haslo"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        username="sekretarz", password=PASSWORD, is_staff=True
    )


def _login(client, password, *, url="/admin/login/", address="203.0.113.7"):
    return client.post(url, {"username": "sekretarz", "password": password}, REMOTE_ADDR=address)


def test_four_wrong_passwords_still_allow_the_right_one(client, staff):
    for _ in range(4):
        assert _login(client, "zle-haslo").status_code == 200
    assert _login(client, PASSWORD).status_code == 302


def test_fifth_wrong_password_locks_even_the_right_one_out(client, staff):
    for _ in range(4):
        _login(client, "zle-haslo")
    locked = _login(client, "zle-haslo")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Logowanie czasowo zablokowane" in text
    assert "15 min" in text
    assert "sekretarz" not in text
    assert _login(client, PASSWORD).status_code == 429


def test_lockout_is_per_address(client, staff):
    for _ in range(5):
        _login(client, "zle-haslo")
    assert _login(client, PASSWORD, address="198.51.100.9").status_code == 302


def test_lockout_ends_after_fifteen_minutes(client, staff):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(5):
            _login(client, "zle-haslo")
        clock.shift(datetime.timedelta(minutes=14))
        assert _login(client, PASSWORD).status_code == 429
        clock.shift(datetime.timedelta(minutes=2))
        assert _login(client, PASSWORD).status_code == 302


def test_django_admin_login_is_locked_too(client, staff):
    for _ in range(5):
        _login(client, "zle-haslo", url="/django-admin/login/")
    assert _login(client, PASSWORD, url="/django-admin/login/").status_code == 429
