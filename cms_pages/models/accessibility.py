"""The accessibility statement ("deklaracja dostępności").

Every public body publishes one for each website and each language version (ustawa z dnia
4 kwietnia 2019 r. o dostępności cyfrowej stron internetowych i aplikacji mobilnych podmiotów
publicznych, art. 10), reviewed by 31 March every year. The minister's template fixes the order of
its parts and the ids of its elements (``a11y-wstep``, ``a11y-podmiot``, ...), which the state's
monitoring reads automatically; the page's template renders them, the editor fills the facts.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..metryka import MetrykaMixin

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"]

# The element ids of the official template, in the order in which the page renders them. The
# optional ones of the template (a11y-audytor: only after an external audit) are left out here.
STATEMENT_ELEMENT_IDS = (
    "a11y-deklaracja",
    "a11y-wstep",
    "a11y-podmiot",
    "a11y-url",
    "a11y-data-publikacja",
    "a11y-data-aktualizacja",
    "a11y-status",
    "a11y-ocena",
    "a11y-data-sporzadzenie",
    "a11y-data-przeglad",
    "a11y-kontakt",
    "a11y-osoba",
    "a11y-email",
    "a11y-telefon",
    "a11y-procedura",
    "a11y-architektura",
    "a11y-aplikacje",
)


class ComplianceStatus(models.TextChoices):
    """The statement's status of compliance ("status pod względem zgodności z ustawą")."""

    COMPLIANT = "zgodna", _("zgodna")
    PARTIALLY_COMPLIANT = "czesciowo-zgodna", _("częściowo zgodna")
    NON_COMPLIANT = "niezgodna", _("niezgodna")


class AssessmentMethod(models.TextChoices):
    """How the accessibility was assessed ("sposób dokonania oceny")."""

    SELF_ASSESSMENT = "samoocena", _("samoocena przeprowadzona przez podmiot publiczny")
    EXTERNAL_AUDIT = "audyt", _("badanie przeprowadzone przez podmiot zewnętrzny")


class AccessibilityStatementPage(MetrykaMixin, Page):
    """The accessibility statement of the site ("deklaracja dostępności"), in the official form."""

    entity_name = models.CharField(
        _("nazwa podmiotu publicznego"),
        max_length=255,
        help_text=_("Np. „Urząd Miejski w Zatorze”, w mianowniku."),
    )
    website_name = models.CharField(
        _("nazwa strony internetowej"),
        max_length=255,
        help_text=_("Np. „Portal Gminy Zator i e-Urząd”."),
    )
    website_url = models.URLField(_("adres strony internetowej"))
    publication_date = models.DateField(_("data publikacji strony internetowej"))
    last_update_date = models.DateField(
        _("data ostatniej istotnej aktualizacji"),
        help_text=_("Zmiana wyglądu, struktury lub sposobu publikowania informacji."),
    )
    status = models.CharField(
        _("status zgodności z ustawą"),
        max_length=20,
        choices=ComplianceStatus.choices,
        default=ComplianceStatus.PARTIALLY_COMPLIANT,
    )
    non_accessible_content = RichTextField(
        _("treści niedostępne"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "Lista niezgodności z WCAG 2.1 i ich powody; wymagana przy statusie innym niż „zgodna”."
        ),
    )
    exemptions = RichTextField(
        _("wyłączenia"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "Treści wyłączone ze stosowania ustawy (art. 3 ust. 4), np. archiwalne pliki "
            "opublikowane przed 23 września 2018 r."
        ),
    )
    disproportionate_burden_analysis_url = models.URLField(
        _("analiza nadmiernego obciążenia"),
        blank=True,
        help_text=_(
            "Adres wyniku analizy, gdy podmiot powołuje się na nadmierne obciążenie "
            "(art. 8 ustawy)."
        ),
    )
    prepared_date = models.DateField(_("data sporządzenia deklaracji"))
    reviewed_date = models.DateField(
        _("data ostatniego przeglądu deklaracji"),
        help_text=_("Deklarację przegląda się i aktualizuje co najmniej raz w roku, do 31 marca."),
    )
    assessment_method = models.CharField(
        _("sposób dokonania oceny"),
        max_length=20,
        choices=AssessmentMethod.choices,
        default=AssessmentMethod.SELF_ASSESSMENT,
    )
    auditor_name = models.CharField(
        _("podmiot zewnętrzny, który przeprowadził badanie"), max_length=255, blank=True
    )
    accessibility_features = RichTextField(
        _("udogodnienia i skróty klawiaturowe"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Np. wersja kontrastowa, powiększanie tekstu, niestandardowe skróty."),
    )
    contact_person = models.CharField(_("osoba do kontaktu"), max_length=255)
    contact_email = models.EmailField(_("adres e-mail do kontaktu"))
    contact_phone = models.CharField(_("telefon do kontaktu"), max_length=40)
    procedure_notes = RichTextField(
        _("uzupełnienie procedury"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "Opis procedury wnioskowo-skargowej (żądanie zapewnienia dostępności, "
            "skarga, Rzecznik Praw Obywatelskich) jest w szablonie; tu można go "
            "uzupełnić."
        ),
    )
    architectural_accessibility = RichTextField(
        _("dostępność architektoniczna"),
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "Budynki: wejścia, windy, toalety, miejsca parkingowe, pętla indukcyjna, "
            "tłumacz języka migowego, wejście z psem asystującym."
        ),
    )
    mobile_apps = RichTextField(
        _("aplikacje mobilne"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "Aplikacje mobilne podmiotu i odnośniki do nich; puste oznacza, że podmiot "
            "nie udostępnia aplikacji mobilnych."
        ),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("entity_name"),
                FieldPanel("website_name"),
                FieldPanel("website_url"),
                FieldRowPanel([FieldPanel("publication_date"), FieldPanel("last_update_date")]),
            ],
            heading=_("Wstęp"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("non_accessible_content"),
                FieldPanel("exemptions"),
                FieldPanel("disproportionate_burden_analysis_url"),
            ],
            heading=_("Stan dostępności cyfrowej"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("prepared_date"), FieldPanel("reviewed_date")]),
                FieldPanel("assessment_method"),
                FieldPanel("auditor_name"),
            ],
            heading=_("Przygotowanie deklaracji"),
        ),
        FieldPanel("accessibility_features"),
        MultiFieldPanel(
            [
                FieldPanel("contact_person"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("procedure_notes"),
            ],
            heading=_("Informacje zwrotne i dane kontaktowe"),
        ),
        FieldPanel("architectural_accessibility"),
        FieldPanel("mobile_apps"),
        MetrykaMixin.metryka_panel,
    ]
    api_fields = [
        APIField("entity_name"),
        APIField("website_name"),
        APIField("website_url"),
        APIField("publication_date"),
        APIField("last_update_date"),
        APIField("status"),
        APIField("non_accessible_content"),
        APIField("exemptions"),
        APIField("disproportionate_burden_analysis_url"),
        APIField("prepared_date"),
        APIField("reviewed_date"),
        APIField("assessment_method"),
        APIField("auditor_name"),
        APIField("accessibility_features"),
        APIField("contact_person"),
        APIField("contact_email"),
        APIField("contact_phone"),
        APIField("procedure_notes"),
        APIField("architectural_accessibility"),
        APIField("mobile_apps"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("non_accessible_content"),
        index.SearchField("architectural_accessibility"),
    ]
    parent_page_types = ["cms_pages.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("deklaracja dostępności")
        verbose_name_plural = _("deklaracje dostępności")

    def clean(self):
        """The template's rules: reasons for non-compliance, the auditor of an external audit."""
        super().clean()
        errors = {}
        if self.status != ComplianceStatus.COMPLIANT and not _has_text(self.non_accessible_content):
            errors["non_accessible_content"] = _(
                "Przy statusie „częściowo zgodna” lub „niezgodna” wymień treści niedostępne."
            )
        if self.assessment_method == AssessmentMethod.EXTERNAL_AUDIT and not self.auditor_name:
            errors["auditor_name"] = _("Podaj nazwę podmiotu, który przeprowadził badanie.")
        dates = (self.publication_date, self.last_update_date)
        if all(dates) and self.last_update_date < self.publication_date:
            errors["last_update_date"] = _(
                "Data aktualizacji nie może być wcześniejsza niż data publikacji strony."
            )
        if errors:
            raise ValidationError(errors)


def _has_text(rich_text: str) -> bool:
    """True when rich text holds more than empty paragraphs."""
    return bool(strip_tags(rich_text or "").strip())
