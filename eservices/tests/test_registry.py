"""The e-service registry and the plugin base class."""

import pytest
from django import forms

from eservices.base import AuthLevel, Category, EService
from eservices.registry import DuplicateEService, Registry, UnknownEService, registry


def _plugin_class(**attributes):
    class Plugin(EService):
        verbose_name = "Testowa"
        description = "Opis"
        category = Category.FORMS_AND_DOCUMENTS

        def render(self, request, *, options, context):
            return "<p>test</p>"

    for name, value in attributes.items():
        setattr(Plugin, name, value)
    return Plugin


def test_decorator_registers_an_instance_under_its_identifier():
    local = Registry()
    cls = local.register("tax-account")(_plugin_class())
    assert "tax-account" in local
    assert isinstance(local.get("tax-account"), cls)
    assert cls.identifier == "tax-account"
    assert local.choices() == [("tax-account", "Testowa")]


def test_duplicate_identifier_is_rejected_naming_the_first_plugin():
    local = Registry()
    local.register("cases")(_plugin_class())
    with pytest.raises(DuplicateEService, match="'cases' is already registered by"):
        local.register("cases")(_plugin_class())
    assert len(local) == 1


@pytest.mark.parametrize("identifier", ["Tax", "tax_account", "-tax", "tax-", "", "1tax"])
def test_identifiers_must_be_lowercase_words_joined_by_dashes(identifier):
    with pytest.raises(ValueError, match="lowercase words"):
        Registry().register(identifier)(_plugin_class())


def test_only_eservice_subclasses_can_register():
    with pytest.raises(TypeError):
        Registry().register("plain")(object)


def test_unknown_identifier_raises_a_typed_error():
    with pytest.raises(UnknownEService):
        Registry().get("missing")


def test_iteration_is_ordered_by_identifier():
    local = Registry()
    for identifier in ("zeta", "alpha", "mid"):
        local.register(identifier)(_plugin_class())
    assert [plugin.identifier for plugin in local] == ["alpha", "mid", "zeta"]


def test_plugins_are_discovered_from_installed_apps():
    assert "catalogue" in registry


class _Options(forms.Form):
    limit = forms.IntegerField(min_value=1, max_value=50)


def test_options_are_validated_by_the_plugins_form():
    plugin = _plugin_class(options_form=_Options)()
    assert plugin.clean_options({"limit": "10"}) == {"limit": 10}
    with pytest.raises(forms.ValidationError) as raised:
        plugin.clean_options({"limit": "500"})
    assert raised.value.messages[0].startswith("limit: ")


def test_a_plugin_without_options_refuses_them():
    plugin = _plugin_class()()
    assert plugin.clean_options({}) == {}
    with pytest.raises(forms.ValidationError):
        plugin.clean_options({"anything": 1})


def test_auth_levels_have_catalogue_labels():
    assert str(AuthLevel.TRUSTED_PROFILE.label) == "Wymaga logowania profilem zaufanym"
    assert str(AuthLevel.PUBLIC.label) == "Bez logowania"
