"""E-service plugins that exist only in tests, registered in the tests' own registry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.http import HttpRequest

from eservices.base import Category, EService, RenderContext
from eservices.personal_area.cards import PersonalAreaCard
from eservices.registry import Registry


class _TestService(EService):
    description = "test"
    category = Category.PERSONAL_AREA

    def render(
        self, request: HttpRequest, *, options: Mapping[str, Any], context: RenderContext
    ) -> str:
        return ""


def build_registry() -> Registry:
    """A tax-like plugin with a card, one that fails, and one that contributes nothing."""
    plugins = Registry()

    @plugins.register("test-taxes")
    class Taxes(_TestService):
        verbose_name = "Podatki (test)"

        def personal_area_cards(self, *, request, person) -> Sequence[PersonalAreaCard]:
            return [
                PersonalAreaCard(
                    title="Do zapłaty",
                    summary=f"Rata dla osoby #{person.pk}: 120,00 zł",
                    url="/moj-e-urzad/podatki/",
                    icon="money",
                )
            ]

    @plugins.register("test-broken")
    class Broken(_TestService):
        verbose_name = "Sprawy (awaria)"

        def personal_area_cards(self, *, request, person) -> Sequence[PersonalAreaCard]:
            raise ConnectionError("the case system did not answer")

    @plugins.register("test-silent")
    class Silent(_TestService):
        verbose_name = "Bez kafelków"

    return plugins
