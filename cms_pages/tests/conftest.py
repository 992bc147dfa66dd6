"""Fixtures shared by the page-type tests."""

import pytest


@pytest.fixture
def reader_client(client):
    """A client with a session cookie, so the anonymous page cache steps aside."""
    client.cookies["sessionid"] = "czytelnik"
    return client
