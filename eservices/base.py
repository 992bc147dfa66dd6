"""What an e-service plugin is: identity for the catalogue, the login it needs, options, rendering.

A plugin subclasses :class:`EService`, sets its class attributes and implements :meth:`render`;
``options_form`` and :meth:`check_config` are optional. Plugins render with templates looked up
in the active theme first (``themes/<theme>/templates/<app>/...``), then in their app.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.core.checks import CheckMessage
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from eservices.accounts.models import Person
    from eservices.personal_area.cards import PersonalAreaCard


class AuthLevel(enum.StrEnum):
    """Who may use an e-service ("poziom uwierzytelnienia")."""

    PUBLIC = "public"
    TRUSTED_PROFILE = "trusted_profile"  # a resident logged in with the national trusted profile
    STAFF = "staff"  # an employee of the office

    @property
    def label(self) -> str:
        """Human-readable name shown in the catalogue."""
        return {
            AuthLevel.PUBLIC: _("Bez logowania"),
            AuthLevel.TRUSTED_PROFILE: _("Wymaga logowania profilem zaufanym"),
            AuthLevel.STAFF: _("Dla pracowników urzędu"),
        }[self]


class Category(enum.StrEnum):
    """Catalogue sections, after the three areas of the eUrząd concept."""

    PUBLIC_INFORMATION = "public_information"
    PERSONAL_AREA = "personal_area"
    FORMS_AND_DOCUMENTS = "forms_and_documents"

    @property
    def label(self) -> str:
        """Human-readable name of the catalogue section."""
        return {
            Category.PUBLIC_INFORMATION: _("Informacja publiczna"),
            Category.PERSONAL_AREA: _("Sprawy osobiste"),
            Category.FORMS_AND_DOCUMENTS: _("Formularze i dokumenty elektroniczne"),
        }[self]


@dataclass(frozen=True)
class RenderContext:
    """What the hosting page tells a plugin when it renders.

    ``service_urls`` maps the identifier of every e-service published on the site to the URL of
    its page, so a plugin can link to another one without knowing the page types.
    """

    page_title: str
    service_urls: Mapping[str, str] = field(default_factory=dict)


class EService(ABC):
    """Base class of every e-service plugin."""

    identifier: ClassVar[str]
    verbose_name: ClassVar[str]
    description: ClassVar[str]
    category: ClassVar[Category]
    auth_level: ClassVar[AuthLevel] = AuthLevel.PUBLIC
    #: The options an editor sets on the hosting page, validated by this form (None: no options).
    options_form: ClassVar[type[forms.Form] | None] = None

    @abstractmethod
    def render(
        self, request: HttpRequest, *, options: Mapping[str, Any], context: RenderContext
    ) -> str:
        """Return the plugin's HTML for the hosting page (already validated options).

        Return what the template engine renders (``render_to_string``, a SafeString); a plain
        ``str`` is treated as text and escaped by the hosting page.
        """

    def check_config(self) -> list[CheckMessage]:
        """Report missing settings, unreachable systems or bad credentials (as check messages)."""
        return []

    def personal_area_cards(
        self, *, request: HttpRequest, person: Person
    ) -> Sequence[PersonalAreaCard]:
        """Cards for the logged-in resident's dashboard ("Mój e-Urząd"); none by default.

        Read the resident's objects with ``eservices.personal_area.access.owned_or_404`` or
        filter by ``person`` yourself; never show anything another resident owns.
        """
        return ()

    def clean_options(self, options: Mapping[str, Any] | None) -> dict[str, Any]:
        """Validate editor-set options; raise forms.ValidationError with every problem."""
        if self.options_form is None:
            if options:
                raise forms.ValidationError(_("Ta e-usługa nie ma ustawień."), code="no_options")
            return {}
        form = self.options_form(data=dict(options or {}))
        if not form.is_valid():
            raise forms.ValidationError(
                [
                    forms.ValidationError(f"{name}: {message}", code="invalid_option")
                    for name, messages in form.errors.items()
                    for message in messages
                ]
            )
        return form.cleaned_data
