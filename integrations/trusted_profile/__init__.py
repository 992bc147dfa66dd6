"""SAML 2.0 service provider for the national trusted profile (login.gov.pl) and generic IdPs."""
