"""Page types of the municipal site, the eZator project site and the e-service pages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from eservices.base import AuthLevel, EService, RenderContext
from eservices.registry import UnknownEService, registry

from .blocks import BodyBlock


class HomePage(Page):
    """The municipality's home page ("strona główna")."""

    intro = RichTextField(_("wstęp"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyBlock(), verbose_name=_("treść"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms_pages.ContentPage", "cms_pages.ProjectPage", "cms_pages.EServicePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("strona główna")
        verbose_name_plural = _("strony główne")


class ContentPage(Page):
    """A page of text, cards and calls to action ("strona treści")."""

    intro = models.TextField(_("wstęp"), blank=True, max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("treść"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms_pages.HomePage", "cms_pages.ContentPage", "cms_pages.ProjectPage"]
    subpage_types = ["cms_pages.ContentPage", "cms_pages.EServicePage"]

    class Meta:
        verbose_name = _("strona treści")
        verbose_name_plural = _("strony treści")


class ProjectPage(Page):
    """The site of a funded project, with its programme attribution ("strona projektu")."""

    intro = models.TextField(_("wstęp"), blank=True, max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("treść"), blank=True)
    programme = models.CharField(
        _("program"),
        max_length=255,
        help_text=_("Np. Małopolski Regionalny Program Operacyjny na lata 2007–2013."),
    )
    funding_statement = models.TextField(
        _("informacja o współfinansowaniu"),
        help_text=_("Treść wymaganej informacji o współfinansowaniu ze środków Unii Europejskiej."),
    )
    website = models.URLField(_("adres serwisu projektu"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("programme"), FieldPanel("funding_statement"), FieldPanel("website")],
            heading=_("Finansowanie"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("funding_statement"),
    ]
    parent_page_types = ["cms_pages.HomePage"]
    subpage_types = ["cms_pages.ContentPage"]

    class Meta:
        verbose_name = _("strona projektu")
        verbose_name_plural = _("strony projektów")


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


class EServicePage(Page):
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
    ]
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
        # The plugin rendered its HTML through the template engine, which escaped its data.
        context["eservice_html"] = mark_safe(html)  # noqa: S308
        return context
