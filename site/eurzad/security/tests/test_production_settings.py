"""Production settings: HSTS, HTTPS only, secure cookies, strict CSP, lockout behind the proxy."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import RequestFactory

from eurzad.security.client_address import forwarded_client_ip
from eurzad.settings.environment import UnsafeConfiguration, read_environment

READ_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
names = ["SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
         "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
         "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "SECURE_PROXY_SSL_HEADER",
         "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF", "AXES_CLIENT_IP_CALLABLE"]
values = {name: getattr(settings, name, None) for name in names}
values["CSP"] = {k: (v if isinstance(v, (bool, str)) else [str(x) for x in v])
                 for k, v in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()}
print(json.dumps(values))
"""


def _production_settings(**extra: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CSP_", "TRUSTED_PROFILE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="eurzad.settings.production",
        DJANGO_SECRET_KEY="production-settings-test-" + "x" * 60,
        PERSONAL_DATA_KEY="production-settings-test-" + "p" * 40,
        DJANGO_ALLOWED_HOSTS="portal.example.invalid",
        DATABASE_URL="postgres://eurzad:eurzad@127.0.0.1:54329/eurzad",
        TRUSTED_PROFILE="generic",
        **extra,
    )
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production():
    return _production_settings(
        DJANGO_BEHIND_TLS_PROXY="true", CSP_EXTRA_FORM_ACTION="https://idp.example.gov.pl"
    )


def test_production_sends_hsts_for_a_year_with_subdomains_and_no_preload(production):
    assert production["SECURE_HSTS_SECONDS"] == 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_HSTS_PRELOAD"] is False


def test_production_preload_is_an_explicit_choice():
    assert _production_settings(DJANGO_HSTS_PRELOAD="true")["SECURE_HSTS_PRELOAD"] is True


def test_production_is_https_only_with_secure_cookies(production):
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True


def test_production_trusts_the_proxy_only_when_told(production):
    assert production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert production["AXES_CLIENT_IP_CALLABLE"].endswith("forwarded_client_ip")
    direct = _production_settings()
    assert direct["SECURE_PROXY_SSL_HEADER"] is None
    assert direct["AXES_CLIENT_IP_CALLABLE"] is None


def test_production_policy_upgrades_requests_and_allows_the_idp_form(production):
    policy = production["CSP"]
    assert policy["upgrade-insecure-requests"] is True
    assert policy["form-action"] == ["'self'", "https://idp.example.gov.pl"]
    assert "'unsafe-inline'" not in policy["script-src"]


def test_extra_form_action_must_be_origins():
    with pytest.raises(UnsafeConfiguration, match="CSP_EXTRA_FORM_ACTION"):
        read_environment({"CSP_EXTRA_FORM_ACTION": "idp.example.gov.pl"})
    with pytest.raises(UnsafeConfiguration, match="CSP_EXTRA_FORM_ACTION"):
        read_environment({"CSP_EXTRA_FORM_ACTION": "https://idp.example.gov.pl/sso"})
    config = read_environment({"CSP_EXTRA_FORM_ACTION": "https://a.example, http://127.0.0.1:8089"})
    assert config.csp_extra_form_action == ["https://a.example", "http://127.0.0.1:8089"]
    assert read_environment({}).csp_extra_form_action == []


def test_lockout_counts_the_address_the_proxy_wrote_not_a_forged_one():
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.2"
    )
    assert forwarded_client_ip(request) == "203.0.113.7"
    assert forwarded_client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
