"""Reusable content kept as snippets: the GDPR information clause ("klauzula informacyjna RODO").

Every form that collects personal data must tell the person who the controller is, how to reach
the data protection officer, why and on what legal basis the data are processed, who receives
them, how long they are kept and what rights the person has (GDPR art. 13). The office writes a
clause once per purpose and places it next to forms and on pages with the ``GdprClauseBlock``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail.snippets.models import register_snippet

CLAUSE_FEATURES = ["bold", "italic", "link", "ol", "ul"]


@register_snippet
class GdprClause(TranslatableMixin, index.Indexed, models.Model):
    """A GDPR information clause ("klauzula informacyjna RODO"), translatable per locale."""

    title = models.CharField(
        _("tytuł"),
        max_length=255,
        help_text=_("Np. „Klauzula informacyjna – podatek od nieruchomości”."),
    )
    controller = RichTextField(
        _("administrator danych"),
        features=CLAUSE_FEATURES,
        help_text=_("Nazwa i adres administratora, np. Burmistrz Zatora, adres urzędu."),
    )
    dpo_contact = RichTextField(_("kontakt z inspektorem ochrony danych"), features=CLAUSE_FEATURES)
    purposes = RichTextField(_("cele przetwarzania"), features=CLAUSE_FEATURES)
    legal_basis = RichTextField(
        _("podstawa prawna"),
        features=CLAUSE_FEATURES,
        help_text=_("Przepis RODO (np. art. 6 ust. 1 lit. c) i ustawa, która nakłada obowiązek."),
    )
    recipients = RichTextField(_("odbiorcy danych"), features=CLAUSE_FEATURES)
    retention = RichTextField(
        _("okres przechowywania"),
        features=CLAUSE_FEATURES,
        help_text=_("Zgodnie z jednolitym rzeczowym wykazem akt (kategoria archiwalna)."),
    )
    rights = RichTextField(
        _("prawa osoby"),
        features=CLAUSE_FEATURES,
        help_text=_("Dostęp, sprostowanie, ograniczenie, sprzeciw, skarga do Prezesa UODO."),
    )
    other_information = RichTextField(
        _("inne informacje"),
        blank=True,
        features=CLAUSE_FEATURES,
        help_text=_("Np. czy podanie danych jest obowiązkowe, profilowanie, przekazanie poza EOG."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("controller"),
        FieldPanel("dpo_contact"),
        FieldPanel("purposes"),
        FieldPanel("legal_basis"),
        FieldPanel("recipients"),
        FieldPanel("retention"),
        FieldPanel("rights"),
        FieldPanel("other_information"),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("klauzula informacyjna RODO")
        verbose_name_plural = _("klauzule informacyjne RODO")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def parts(self) -> list[tuple[str, str]]:
        """The clause's parts as (label, rich text) in the order GDPR art. 13 lists them."""
        fields = [
            "controller",
            "dpo_contact",
            "purposes",
            "legal_basis",
            "recipients",
            "retention",
            "rights",
            "other_information",
        ]
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in fields
            if getattr(self, name)
        ]


class GdprClauseBlock(SnippetChooserBlock):
    """A chosen GDPR information clause, shown in the reader's language when translated."""

    def __init__(self, **kwargs):
        super().__init__(target_model=GdprClause, **kwargs)

    def get_preview_value(self):
        """The first clause in the library, so the block previews with real text."""
        return GdprClause.objects.first()

    class Meta:
        icon = "lock"
        template = "cms_pages/blocks/gdpr_clause_block.html"
        label = _("Klauzula informacyjna RODO")
        description = _(
            "Klauzula z biblioteki fragmentów; umieść ją przy każdym formularzu, który zbiera "
            "dane osobowe."
        )
