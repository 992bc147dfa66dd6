"""Fixtures of the login tests (shared with the browser tests)."""

from .fixtures import lukasz, portal_at_idp, zofia  # noqa: F401
