"""The CSP nonce: fresh per response, in the header only when used, never in a cached page."""

from __future__ import annotations

import re

import pytest

from .csp_helpers import directives

pytestmark = [pytest.mark.urls("eurzad.security.tests.nonce_urls"), pytest.mark.django_db]


def _nonce_in_body(response) -> str:
    return re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)


def test_each_response_gets_its_own_nonce_matching_its_header(client):
    first = client.get("/z-nonce/")
    second = client.get("/z-nonce/")
    nonces = [_nonce_in_body(first), _nonce_in_body(second)]
    assert nonces[0] != nonces[1]
    for response, nonce in zip((first, second), nonces, strict=True):
        assert f"'nonce-{nonce}'" in directives(response["Content-Security-Policy"])["script-src"]


def test_a_response_with_a_nonce_is_never_cached(client):
    first = client.get("/z-nonce/")
    second = client.get("/z-nonce/")
    assert "private" in first["Cache-Control"]
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second


def test_a_page_without_a_nonce_is_cached_with_the_same_policy_for_everyone(client):
    miss = client.get("/bez-nonce/")
    hit = client.get("/bez-nonce/")
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert hit["Content-Security-Policy"] == miss["Content-Security-Policy"]
    assert "nonce-" not in hit["Content-Security-Policy"]


def test_private_for_one_header_does_not_let_a_nonce_page_be_shared(client):
    response = client.get("/z-nonce-cookie/")
    parts = [part.strip() for part in response["Cache-Control"].split(",")]
    assert "private" in parts
