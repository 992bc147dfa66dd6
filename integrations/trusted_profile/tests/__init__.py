"""Tests of the trusted-profile integration (SAML service provider, national node profile)."""
