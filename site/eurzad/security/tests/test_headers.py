"""Security headers on public pages, the admin and errors; the personal area sends no Referer."""

from __future__ import annotations

import pytest

from .csp_helpers import directives

BASELINE = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _assert_baseline(response) -> dict[str, list[str]]:
    for name, value in BASELINE.items():
        assert response[name] == value, name
    assert "camera=()" in response["Permissions-Policy"]
    policy = directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"][0] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    return policy


def test_public_page_has_the_strict_policy_without_a_nonce(client, demo_site):
    response = client.get("/")
    assert response.status_code == 200
    policy = _assert_baseline(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert response["Referrer-Policy"] == "same-origin"


def test_not_found_page_has_the_same_headers(client, demo_site):
    response = client.get("/tej-strony-nie-ma/")
    assert response.status_code == 404
    _assert_baseline(response)


def test_admin_login_has_the_admin_policy_with_strict_scripts(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    policy = _assert_baseline(response)
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-src"] == ["'self'"]


def test_django_admin_gets_the_admin_policy(client, db):
    response = client.get("/django-admin/login/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in directives(response["Content-Security-Policy"])["style-src"]


def test_admin_dashboard_for_a_verified_editor_has_the_headers(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    _assert_baseline(response)


def test_preview_may_be_framed_by_the_admin_only(admin_client, demo_site):
    from django.urls import reverse

    url = reverse("wagtailadmin_pages:preview_on_edit", args=(demo_site.pk,))
    response = admin_client.get(url)
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]


@pytest.mark.parametrize("path", ["/moj-e-urzad/", "/en/moj-e-urzad/"])
def test_personal_area_sends_no_referrer(client, db, path):
    response = client.get(path)
    assert response["Referrer-Policy"] == "same-origin"
    assert "Content-Security-Policy" in response


def test_extra_form_action_origins_are_added_to_the_policy(client, db, settings):
    from eurzad.security.csp import portal_content_security_policy

    settings.CONTENT_SECURITY_POLICY = portal_content_security_policy(
        extra_form_action=["https://idp.example.gov.pl"]
    )
    policy = directives(client.get("/admin/login/")["Content-Security-Policy"])
    assert policy["form-action"] == ["'self'", "https://idp.example.gov.pl"]


def test_cached_demo_page_keeps_its_policy_on_a_hit(client, demo_site):
    miss = client.get("/ezator/")
    hit = client.get("/ezator/")
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Security-Policy"] == miss["Content-Security-Policy"]
    assert "nonce-" not in hit["Content-Security-Policy"]
