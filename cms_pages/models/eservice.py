"""E-service pages: host an e-service plugin chosen by its identifier."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from eservices.base import AuthLevel, EService, RenderContext
from eservices.registry import UnknownEService, registry

from ..metryka import MetrykaMixin


class EServicePageForm(WagtailAdminPageForm):
    """Offers the registered plugins as choices (read when the form is built, so no migration)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plugin"].widget = forms.Select(
            choices=[("", "---------"), *registry.choices()]
        )


def validate_registered_plugin(value: str) -> None:
    """The identifier must name a registered e-service plugin."""
    if value not in registry:
        raise ValidationError(
            _("Nie ma e-usługi o identyfikatorze „%(identifier)s”."),
            code="unknown_eservice",
            params={"identifier": value},
        )


class EServicePage(MetrykaMixin, Page):
    """A page that hosts an e-service plugin chosen by its identifier ("strona e-usługi")."""

    intro = RichTextField(_("wstęp"), blank=True, features=["bold", "italic", "link"])
    plugin = models.CharField(
        _("e-usługa"), max_length=100, validators=[validate_registered_plugin]
    )
    options = models.JSONField(
        _("ustawienia e-usługi"),
        default=dict,
        blank=True,
        help_text=_("Ustawienia wybranej e-usługi w formacie JSON; puste, jeśli nie ma ustawień."),
    )

    base_form_class = EServicePageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("plugin"),
        FieldPanel("options"),
        MetrykaMixin.metryka_panel,
    ]
    # The plugin's options stay out of the API: they configure the service, they do not inform.
    api_fields = [APIField("intro"), APIField("plugin")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms_pages.HomePage", "cms_pages.ContentPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("strona e-usługi")
        verbose_name_plural = _("strony e-usług")

    @cached_property
    def service(self) -> EService:
        """The hosted plugin; Http404 when it is no longer installed."""
        try:
            return registry.get(self.plugin)
        except UnknownEService:
            raise Http404(f"E-service {self.plugin!r} is not installed") from None

    def clean(self) -> None:
        """Validate the options against the plugin's schema, in the editor's language."""
        super().clean()
        if self.plugin not in registry:
            return  # the field validator reports it
        try:
            self.options = registry.get(self.plugin).clean_options(self.options)
        except forms.ValidationError as error:
            raise ValidationError({"options": error.messages}) from error

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """Enforce the plugin's authentication level before rendering."""
        level = self.service.auth_level
        if level == AuthLevel.TRUSTED_PROFILE and not request.user.is_authenticated:
            response = redirect_to_login(request.get_full_path(), settings.RESIDENT_LOGIN_URL)
        elif level == AuthLevel.STAFF and not request.user.is_staff:
            if request.user.is_authenticated:
                raise Http404
            response = redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        else:
            response = super().serve(request, *args, **kwargs)
        if level != AuthLevel.PUBLIC:
            add_never_cache_headers(response)  # personal pages are never cached anywhere
        return response

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        """Render the plugin into the page."""
        context = super().get_context(request, *args, **kwargs)
        service_urls = {
            page.plugin: page.get_url(request)
            for page in EServicePage.objects.live().public().only("id", "url_path", "plugin")
        }
        options = self.service.clean_options(self.options)
        html = self.service.render(
            request,
            options=options,
            context=RenderContext(page_title=self.title, service_urls=service_urls),
        )
        context["eservice"] = self.service
        # HTML from the template engine (render_to_string) is SafeString; anything else a plugin
        # returns is text and gets escaped, so a careless plugin cannot inject markup.
        context["eservice_html"] = conditional_escape(html)
        return context
