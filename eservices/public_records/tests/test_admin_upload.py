"""The clerks' upload form: only staff with the permission; check first, then confirm."""

import functools

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eservices.public_records.models import BusinessEntry, ImportRun

from .conftest import business, csv_bytes

pytestmark = pytest.mark.usefixtures("classification")
URL = "/admin/rejestry-publiczne/import/"


@pytest.fixture
def client(client, otp_login):
    """The test client; its force_login also gives the admin's second factor (TOTP)."""
    client.force_login = functools.partial(otp_login, client)
    return client


def staff(django_user_model, *, may_import: bool):
    user = django_user_model.objects.create_user(username="urzednik", password="x" * 12)
    codenames = ["access_admin"] + (["import_public_records"] if may_import else [])
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def upload(client, data: bytes, **extra):
    return client.post(
        URL,
        {
            "kind": ImportRun.Kind.BUSINESS,
            "file": SimpleUploadedFile("ewidencja.csv", data, content_type="text/csv"),
            "system": "CEIDG",
            **extra,
        },
    )


def test_the_url_is_registered_in_the_admin():
    assert reverse("public_records_import") == URL


def test_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_user_without_admin_access_is_not_let_in(client, django_user_model):
    user = django_user_model.objects.create_user(username="mieszkaniec", password="x" * 12)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert "Import rejestrów publicznych" not in response.content.decode()


def test_staff_without_the_permission_is_turned_away_without_a_menu_item(client, django_user_model):
    client.force_login(staff(django_user_model, may_import=False))
    response = client.get(URL)
    # The view raises PermissionDenied; Wagtail's admin turns it into a redirect to the dashboard
    # with "no permission" message rather than a bare 403 page.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert URL not in client.get("/admin/").content.decode()


def test_staff_with_the_permission_sees_the_form_and_the_menu_item(client, django_user_model):
    client.force_login(staff(django_user_model, may_import=True))
    response = client.get(URL)
    assert response.status_code == 200
    assert "Sprawdź plik" in response.content.decode()
    assert URL in client.get("/admin/").content.decode()


def test_bad_file_shows_the_report_table_and_nothing_to_confirm(client, django_user_model):
    client.force_login(staff(django_user_model, may_import=True))
    response = upload(client, csv_bytes([business(), business(NIP="5492345687")]))
    page = response.content.decode()
    assert "Plik odrzucony" in page
    assert "NIP 5492345687 ma błędną cyfrę kontrolną." in page
    assert 'name="confirm"' not in page
    assert BusinessEntry.objects.count() == 0


def test_check_then_confirm_imports_the_file_as_the_clerk(client, django_user_model):
    user = staff(django_user_model, may_import=True)
    client.force_login(user)
    response = upload(client, csv_bytes([business(), business(NIP="5492345687")]), valid_only="on")
    page = response.content.decode()
    assert "Po imporcie: dodane 1" in page and 'name="confirm"' in page
    assert BusinessEntry.objects.count() == 0  # checking writes nothing
    token = client.session["public_records_pending_import"]["token"]
    response = client.post(URL, {"confirm": "1", "token": token})
    assert response.status_code == 302
    entry = BusinessEntry.objects.get()
    assert entry.source.started_by == user
    assert entry.source.system_label == "CEIDG"
    assert "public_records_pending_import" not in client.session


def test_confirm_without_a_checked_file_imports_nothing(client, django_user_model):
    client.force_login(staff(django_user_model, may_import=True))
    response = client.post(URL, {"confirm": "1", "token": "x"})
    assert response.status_code == 302
    assert ImportRun.objects.count() == 0
