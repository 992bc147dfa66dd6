"""The dashboard and the access history, as a resident sees them."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eservices import registry as registries
from eservices.audit.models import AuditEvent
from eservices.audit.services import audit_record
from eservices.personal_area.tests.residents import log_in, make_person, valid_pesel

from .conftest import ANNA_PESEL
from .plugins import build_registry

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    return {"no-store", "private"} <= directives


def test_an_anonymous_visitor_is_sent_to_log_in_and_back(client):
    response = client.get("/moj-e-urzad/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=%2Fmoj-e-urzad%2F"
    assert _no_store(response)


def test_the_dashboard_shows_the_resident_with_the_pesel_masked(anna, anna_client):
    response = anna_client.get(reverse("personal-area"))

    assert response.status_code == 200
    assert _no_store(response)
    html = response.content.decode()
    assert "Anna Kowalczyk-Zatorska" in html
    assert anna.masked_pesel in html
    assert ANNA_PESEL not in html
    assert reverse("personal-area-access-log") in html
    assert f'action="{reverse("logout")}"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_viewing_the_dashboard_is_audited_with_its_purpose(anna, anna_client):
    anna_client.get(reverse("personal-area"), REMOTE_ADDR="198.51.100.4")

    event = AuditEvent.objects.get(action="personal_data_view")
    assert event.subject_id == anna.pk
    assert event.actor_user_id == anna.user.pk
    assert event.actor_kind == "resident"
    assert event.purpose == "pulpit"
    assert event.ip_address == "198.51.100.4"
    assert event.session_key_hash


def test_the_dashboard_shows_the_cards_of_plugins_that_contribute(anna, anna_client, monkeypatch):
    monkeypatch.setattr(registries, "registry", build_registry())

    html = anna_client.get(reverse("personal-area")).content.decode()

    assert "Podatki (test)" in html
    assert "Do zapłaty" in html
    assert f"Rata dla osoby #{anna.pk}: 120,00 zł" in html
    assert 'href="/moj-e-urzad/podatki/"' in html
    assert "Sprawy (awaria)" in html
    assert "chwilowo niedostępna" in html
    assert "Bez kafelków" not in html


def test_without_contributing_plugins_the_dashboard_says_so(anna_client, monkeypatch):
    monkeypatch.setattr(registries, "registry", registries.Registry())
    html = anna_client.get(reverse("personal-area")).content.decode()
    assert "Nie ma tu jeszcze żadnych spraw" in html


def test_the_dashboard_speaks_english_under_en(anna_client):
    response = anna_client.get("/en/moj-e-urzad/")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert 'lang="en"' in response.content.decode()


def test_the_access_history_lists_who_used_the_data_when_and_why(anna, bartosz, anna_client):
    clerk = get_user_model().objects.create_user(username="urzednik", is_staff=True)
    earlier = timezone.now() - timedelta(days=3)
    with time_machine.travel(earlier, tick=False):
        audit_record(
            action="personal_data_view",
            actor_user=clerk,
            subject=anna,
            object_type="tax_obligation",
            purpose="rozpatrzenie wniosku o ulgę",
        )
    audit_record(action="personal_data_view", subject=bartosz, purpose="cudza sprawa")

    response = anna_client.get(reverse("personal-area-access-log"))

    assert response.status_code == 200
    assert _no_store(response)
    html = response.content.decode()
    assert "<caption>" in html
    assert '<th scope="col">' in html
    assert "Pracownik urzędu" in html
    assert "rozpatrzenie wniosku o ulgę" in html
    assert "cudza sprawa" not in html
    # Opening the history is itself a view of the resident's data, shown first.
    rows = response.context["rows"]
    assert rows[0]["actor"] == "Ty"
    assert rows[0]["purpose"] == "historia dostępu do danych"
    assert rows[-1]["purpose"] == "rozpatrzenie wniosku o ulgę"


def test_the_access_history_is_paged(anna, anna_client):
    for number in range(60):
        audit_record(action="personal_data_view", subject=anna, purpose=f"wgląd {number}")
    first = anna_client.get(reverse("personal-area-access-log"))
    second = anna_client.get(reverse("personal-area-access-log"), {"strona": 2})
    assert len(first.context["rows"]) == 50
    assert 'href="?strona=2"' in first.content.decode()
    assert len(second.context["rows"]) == 12  # 60 + the two views of the history itself


def test_an_office_account_is_not_a_resident(django_user_model):
    clerk = django_user_model.objects.create_user(username="urzednik", is_staff=True)
    client = Client()
    client.force_login(clerk, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("personal-area"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_dashboard_costs_three_queries_once_the_page_chrome_is_cached(
    client, django_assert_max_num_queries
):
    person = make_person(pesel=valid_pesel("8503120456"), given_name="Ewa", family_name="Liczna")
    log_in(client, person)
    assert client.get("/moj-e-urzad/").status_code == 200
    # The session, the user with their Person (one join) and the audit row; the menu, the
    # footer and the site come from the render caches.
    with django_assert_max_num_queries(3):
        response = client.get("/moj-e-urzad/")
    assert response.status_code == 200
    assert "Liczna" in response.text
