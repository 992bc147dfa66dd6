"""StreamField blocks of the content pages; each describes itself for the editor."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


class LinkTargetMixin:
    """A block that links to either a page or an address, never both or neither."""

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Wybierz stronę albo wpisz adres (dokładnie jedno z nich).")
            raise StructBlockValidationError(block_errors={"url": ValidationError(message)})
        return value


class HeadingBlock(blocks.StructBlock):
    """A section heading at level 2 or 3 (level 1 is the page title)."""

    text = blocks.CharBlock(label=_("Tekst"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Poziom"),
        choices=[("h2", _("Nagłówek sekcji")), ("h3", _("Podsekcja"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "cms_pages/blocks/heading_block.html"
        label = _("Nagłówek")
        description = _("Nagłówek sekcji; tytuł strony jest nagłówkiem pierwszego poziomu.")
        preview_value = {"text": "Sprawy podatkowe", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text without headings of level 1."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "features", ["h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"]
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "cms_pages/blocks/paragraph_block.html"
        label = _("Tekst")
        description = _("Akapity tekstu z wyróżnieniami, listami i odnośnikami.")
        preview_value = (
            "<p>Urząd Miejski w Zatorze zaprasza mieszkańców do korzystania z e-usług.</p>"
        )


class CardBlock(LinkTargetMixin, blocks.StructBlock):
    """One card: a title, a short text and a link to a page or an address."""

    title = blocks.CharBlock(label=_("Tytuł"), max_length=120)
    text = blocks.TextBlock(label=_("Opis"), max_length=400)
    page = blocks.PageChooserBlock(label=_("Strona"), required=False)
    url = blocks.URLBlock(label=_("albo adres"), required=False)

    class Meta:
        icon = "link"
        label = _("Karta")


class CardGridBlock(blocks.StructBlock):
    """A grid of cards, for example the three areas of the eUrząd."""

    heading = blocks.CharBlock(label=_("Nagłówek"), required=False, max_length=200)
    cards = blocks.ListBlock(CardBlock(), label=_("Karty"), min_num=1)

    class Meta:
        icon = "table"
        template = "cms_pages/blocks/card_grid_block.html"
        label = _("Karty")
        description = _("Karty z tytułem, opisem i odnośnikiem, ułożone w siatkę.")
        preview_value = {
            "heading": "Obszary e-Urzędu",
            "cards": [
                {
                    "title": "Informacja publiczna",
                    "text": "Budżet, ewidencja działalności, mienie gminy.",
                },
                {"title": "Sprawy osobiste", "text": "Podatki i sprawy po zalogowaniu."},
            ],
        }


class CallToActionBlock(LinkTargetMixin, blocks.StructBlock):
    """A prominent link to the next step."""

    text = blocks.CharBlock(label=_("Treść"), max_length=200)
    link_text = blocks.CharBlock(label=_("Tekst odnośnika"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Strona"), required=False)
    url = blocks.URLBlock(label=_("albo adres"), required=False)

    class Meta:
        icon = "pick"
        template = "cms_pages/blocks/call_to_action_block.html"
        label = _("Wezwanie do działania")
        description = _("Wyróżniony odnośnik do następnego kroku, np. do formularza.")
        preview_value = {
            "text": "Załatw sprawę przez internet.",
            "link_text": "Przejdź do e-usług",
            "url": "https://example.org/",
        }


class BodyBlock(blocks.StreamBlock):
    """The body of content pages."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    cards = CardGridBlock()
    call_to_action = CallToActionBlock()
