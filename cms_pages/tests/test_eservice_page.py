"""EServicePage: hosting a plugin by identifier, validating options, enforcing the login level."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from cms_pages.models import EServicePage
from eservices.base import AuthLevel, Category, EService
from eservices.registry import Registry, registry


@pytest.fixture
def personal_registry(monkeypatch):
    """A registry with the real catalogue and a personal e-service needing the trusted profile."""
    local = Registry()
    local.register("catalogue")(type(registry.get("catalogue")))

    @local.register("my-cases")
    class MyCases(EService):
        verbose_name = "Moje sprawy"
        description = "Stan spraw."
        category = Category.PERSONAL_AREA
        auth_level = AuthLevel.TRUSTED_PROFILE

        def render(self, request, *, options, context):
            return f"<p>Sprawy użytkownika {request.user.pk}</p>"

    monkeypatch.setattr("cms_pages.models.eservice.registry", local)
    return local


def _add(parent, **fields):
    page = EServicePage(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_catalogue_page_renders_the_plugin(client, demo_site):
    text = client.get("/e-urzad/katalog-e-uslug/").text
    assert 'data-eservice="catalogue"' in text
    assert "Sprawy osobiste" in text  # a catalogue section heading


def test_unknown_plugin_is_refused_in_polish(demo_site):
    page = EServicePage(title="X", slug="x", plugin="does-not-exist")
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert "Nie ma e-usługi o identyfikatorze „does-not-exist”." in raised.value.messages


def test_invalid_options_are_refused_with_the_field_named(demo_site):
    page = EServicePage(title="X", slug="x", plugin="catalogue", options={"category": "nope"})
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert any(m.startswith("category: ") for m in raised.value.message_dict["options"])


def test_trusted_profile_service_sends_anonymous_residents_to_login(
    client, demo_site, personal_registry, settings
):
    _add(demo_site, title="Moje sprawy", slug="moje-sprawy", plugin="my-cases")
    response = client.get("/moje-sprawy/")
    assert response.status_code == 302
    assert response["Location"].startswith(settings.RESIDENT_LOGIN_URL)
    assert "no-store" in response["Cache-Control"]


def test_trusted_profile_service_renders_for_a_logged_in_user_and_is_never_cached(
    client, demo_site, personal_registry
):
    _add(demo_site, title="Moje sprawy", slug="moje-sprawy", plugin="my-cases")
    user = get_user_model().objects.create_user("rezydent", password="x" * 16)
    client.force_login(user)
    response = client.get("/moje-sprawy/")
    assert response.status_code == 200
    assert f"Sprawy użytkownika {user.pk}" in response.text
    assert "no-store" in response["Cache-Control"]


def test_page_of_an_uninstalled_plugin_answers_404(client, demo_site, personal_registry):
    _add(demo_site, title="Moje sprawy", slug="moje-sprawy", plugin="my-cases")
    personal_registry._plugins.pop("my-cases")
    assert client.get("/moje-sprawy/").status_code == 404


def test_plain_text_from_a_plugin_is_escaped(client, demo_site, personal_registry):
    @personal_registry.register("careless")
    class Careless(EService):
        verbose_name = "Nieostrożna"
        description = "Zwraca tekst."
        category = Category.PUBLIC_INFORMATION

        def render(self, request, *, options, context):
            return "<script>alert(1)</script>"

    _add(demo_site, title="Nieostrożna", slug="nieostrozna", plugin="careless")
    text = client.get("/nieostrozna/").text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
