"""The e-service catalogue: cards for every e-service, grouped by the three eUrząd areas."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from eservices.base import Category, EService, RenderContext
from eservices.registry import register, registry


class CatalogueOptions(forms.Form):
    """What an editor may set: limit the catalogue to one area."""

    category = forms.ChoiceField(
        label=_("Obszar"),
        required=False,
        choices=[("", _("Wszystkie obszary")), *[(c.value, c.label) for c in Category]],
    )


@register("catalogue")
class CatalogueService(EService):
    """Lists the e-services; those published on the site link to their page."""

    verbose_name = _("Katalog e-usług")
    description = _(
        "Lista e-usług urzędu: do czego służą, kto może z nich korzystać "
        "i czy trzeba się zalogować."
    )
    category = Category.PUBLIC_INFORMATION
    options_form = CatalogueOptions

    def render(
        self, request: HttpRequest, *, options: Mapping[str, Any], context: RenderContext
    ) -> str:
        """Cards grouped by area, in catalogue order."""
        wanted = options.get("category") or None
        sections = []
        for category in Category:
            if wanted and category.value != wanted:
                continue
            services = [
                {
                    "identifier": plugin.identifier,
                    "name": plugin.verbose_name,
                    "description": plugin.description,
                    "auth_label": plugin.auth_level.label,
                    "needs_login": plugin.auth_level != plugin.auth_level.PUBLIC,
                    "url": context.service_urls.get(plugin.identifier),
                }
                for plugin in registry
                if plugin.category == category and plugin.identifier != self.identifier
            ]
            sections.append({"category": category, "services": services})
        return render_to_string("catalogue/catalogue.html", {"sections": sections}, request=request)
