"""The SAML endpoints: fixed, language-independent URLs registered with the identity provider."""

from django.urls import path

from . import views

urlpatterns = [
    path("metadata/", views.metadata, name="saml-metadata"),
    path("acs/", views.assertion_consumer, name="saml-acs"),
    path("slo/", views.single_logout, name="saml-slo"),
    path("slo/soap/", views.single_logout_soap, name="saml-slo-soap"),
]
