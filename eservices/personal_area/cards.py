"""The slot personal-area plugins fill: cards on the resident's dashboard ("kafelki")."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from eservices import registry as registries
from eservices.registry import Registry

if TYPE_CHECKING:
    from eservices.accounts.models import Person

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PersonalAreaCard:
    """One card: a title, a short summary (e.g. "Do zapłaty: 120,00 zł"), where it leads.

    ``icon`` is an optional name a theme may map to a picture; it is never required.
    """

    title: str
    summary: str
    url: str = ""
    icon: str = ""


@dataclass(frozen=True)
class PluginCards:
    """The cards of one plugin, or the note that it could not give them now."""

    identifier: str
    name: str
    cards: tuple[PersonalAreaCard, ...]
    unavailable: bool = False


def collect_cards(
    *, request: HttpRequest, person: Person, plugins: Registry | None = None
) -> list[PluginCards]:
    """The cards of every plugin of ``plugins`` (the portal's registry) that contributes.

    A plugin whose integration fails does not take the dashboard down: its section says the
    service is unavailable and the kind of error is logged with the plugin (never its message,
    which may quote the person's data: a plugin logs its own diagnostics, safely).
    """
    sections = []
    for plugin in registries.registry if plugins is None else plugins:
        try:
            cards = tuple(plugin.personal_area_cards(request=request, person=person))
        except Exception as error:
            # The kind of error only: its message or traceback may quote the resident's data.
            logger.error(
                "Personal-area cards of %s failed: %s", plugin.identifier, type(error).__qualname__
            )
            sections.append(
                PluginCards(
                    identifier=plugin.identifier,
                    name=str(plugin.verbose_name),
                    cards=(),
                    unavailable=True,
                )
            )
            continue
        if cards:
            sections.append(
                PluginCards(
                    identifier=plugin.identifier, name=str(plugin.verbose_name), cards=cards
                )
            )
    return sections


#: Shown instead of the cards of a plugin that failed.
UNAVAILABLE_TEXT = _("Ta usługa jest chwilowo niedostępna. Spróbuj ponownie później.")
