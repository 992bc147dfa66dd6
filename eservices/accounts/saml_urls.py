"""The SAML endpoints: fixed, language-independent URLs registered with the identity provider."""

urlpatterns: list = []
