"""The audit log in the Wagtail admin: listed and inspected, never added, edited or deleted."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import NoReverseMatch, reverse

from eservices.audit.models import AuditEvent
from eservices.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(person):
    return audit_record(action="login_failed", subject=person, reason="signature: bad digest")


def test_a_superuser_lists_and_inspects_events_but_finds_no_way_to_change_them(admin_client, event):
    listing = admin_client.get(reverse("audit_events:index"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "signature: bad digest" in html
    assert reverse("audit_events:inspect", args=[event.pk]) in html
    assert admin_client.get(reverse("audit_events:inspect", args=[event.pk])).status_code == 200
    for name in ("add", "edit", "delete", "copy", "history"):
        with pytest.raises(NoReverseMatch):
            reverse(f"audit_events:{name}", args=[] if name == "add" else [event.pk])
    assert admin_client.get(f"/admin/audit_events/edit/{event.pk}/").status_code == 404
    assert AuditEvent.objects.get(pk=event.pk).reason == "signature: bad digest"


def test_an_event_about_a_deleted_person_still_opens(admin_client, event, person):
    person_pk = person.pk
    person.delete()
    assert admin_client.get(reverse("audit_events:index")).status_code == 200
    details = admin_client.get(reverse("audit_events:inspect", args=[event.pk]))
    assert details.status_code == 200
    assert f"<dd>{person_pk}</dd>" in details.content.decode().replace(" ", "").replace("\n", "")


def test_staff_without_the_view_permission_cannot_see_the_log(client, otp_login, django_user_model):
    editors = Group.objects.create(name="Redakcja (test)")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor = django_user_model.objects.create_user(username="redaktor")
    editor.groups.add(editors)
    otp_login(client, editor)

    response = client.get(reverse("audit_events:index"))

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] != reverse("audit_events:index")

    editors.permissions.add(Permission.objects.get(codename="view_auditevent"))
    assert client.get(reverse("audit_events:index")).status_code == 200
