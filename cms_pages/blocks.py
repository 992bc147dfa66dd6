"""StreamField blocks of the content pages; each describes itself for the editor."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.typed_table_block.blocks import (
    TypedTableBlock,
    TypedTableBlockValidationError,
)
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from eservices.base import AuthLevel, Category

from .document_facts import document_file_size, document_file_type, document_summary
from .snippets import GdprClauseBlock


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


class FigureValue(blocks.StructValue):
    """An image with its alternative text resolved: empty on purpose when decorative."""

    @property
    def alt(self) -> str:
        """The alt attribute: the editor's text, or "" for a decorative image."""
        if self.get("decorative"):
            return ""
        return self.get("alt_text") or ""


class FigureBlock(blocks.StructBlock):
    """An image with required alternative text (or an explicit "decorative") and a caption."""

    image = ImageChooserBlock(label=_("Obraz"))
    alt_text = blocks.CharBlock(
        label=_("Tekst alternatywny"),
        required=False,
        max_length=250,
        help_text=_(
            "Wymagany. Opisz, co obraz przekazuje w tym miejscu, tak jak opisał(a)byś go komuś "
            "przez telefon – zwykle jednym zdaniem, do 150 znaków. Nie zaczynaj od „Zdjęcie "
            "przedstawia”, nie powtarzaj podpisu ani tekstu obok. Jeśli na obrazie jest tekst, "
            "przepisz go."
        ),
    )
    decorative = blocks.BooleanBlock(
        label=_("Obraz wyłącznie dekoracyjny"),
        required=False,
        help_text=_(
            "Zaznacz tylko wtedy, gdy obraz niczego nie wnosi do treści (ozdobnik, tło). Czytniki "
            "ekranu go pominą, a tekst alternatywny zostanie celowo pusty."
        ),
    )
    caption = blocks.CharBlock(label=_("Podpis"), required=False, max_length=300)

    class Meta:
        icon = "image"
        template = "cms_pages/blocks/figure_block.html"
        label = _("Obraz")
        description = _("Obraz z tekstem alternatywnym i opcjonalnym podpisem.")
        value_class = FigureValue
        # The image chooser cannot be filled without an image in the library.
        preview_value = {
            "image": None,
            "alt_text": "Rynek w Zatorze",
            "decorative": False,
            "caption": "Rynek w Zatorze",
        }

    def clean(self, value):
        """An image that carries meaning needs alternative text; a decorative one needs none."""
        value = super().clean(value)
        # Drafts may be incomplete (Wagtail defers required fields); publishing checks again.
        if self.is_deferred_validation or not value.get("image"):
            return value
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            message = _(
                "Wpisz tekst alternatywny albo zaznacz, że obraz jest wyłącznie dekoracyjny."
            )
            raise StructBlockValidationError(block_errors={"alt_text": ValidationError(message)})
        return value


class DataTableBlock(TypedTableBlock):
    """A data table with a required caption, column headers and optional row headers."""

    text = blocks.CharBlock(label=_("Tekst"))
    row_heading = blocks.CharBlock(label=_("Nagłówek wiersza"))
    number = blocks.DecimalBlock(label=_("Liczba"))
    date = blocks.DateBlock(label=_("Data"))
    rich_text = blocks.RichTextBlock(label=_("Tekst z odnośnikami"), features=["bold", "link"])

    class Meta:
        icon = "table"
        template = "cms_pages/blocks/data_table_block.html"
        label = _("Tabela")
        description = _(
            "Tabela danych z tytułem (wymaganym) i nagłówkami kolumn; kolumna typu „Nagłówek "
            "wiersza” opisuje wiersze dla czytników ekranu."
        )
        preview_value = {
            "caption": "Stawki podatku od nieruchomości na 2026 rok",
            "columns": [
                {"type": "row_heading", "heading": "Przedmiot opodatkowania"},
                {"type": "number", "heading": "Stawka (zł)"},
            ],
            "rows": [
                {"values": ["Grunty związane z działalnością gospodarczą, od 1 m²", "1.38"]},
                {"values": ["Budynki mieszkalne, od 1 m² powierzchni użytkowej", "1.15"]},
            ],
        }

    def clean(self, value):
        """The caption names the table for screen-reader users, so it is required."""
        value = super().clean(value)
        if not self.is_deferred_validation and not (value.caption or "").strip():
            message = _("Wpisz tytuł tabeli – czytniki ekranu odczytują go przed jej treścią.")
            raise TypedTableBlockValidationError(non_block_errors=[ValidationError(message)])
        return value


class QuestionBlock(blocks.StructBlock):
    """One question with its answer."""

    question = blocks.CharBlock(label=_("Pytanie"), max_length=250)
    answer = blocks.RichTextBlock(
        label=_("Odpowiedź"), features=["bold", "italic", "link", "document-link", "ol", "ul"]
    )

    class Meta:
        icon = "help"
        label = _("Pytanie i odpowiedź")


class AccordionBlock(blocks.StructBlock):
    """Questions that open to show their answers (native details/summary, keyboard-accessible)."""

    heading = blocks.CharBlock(label=_("Nagłówek"), required=False, max_length=200)
    questions = blocks.ListBlock(QuestionBlock(), label=_("Pytania"), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "cms_pages/blocks/accordion_block.html"
        label = _("Pytania i odpowiedzi")
        description = _("Rozwijane pytania z odpowiedziami, np. najczęściej zadawane pytania.")
        preview_value = {
            "heading": "Najczęściej zadawane pytania",
            "questions": [
                {
                    "question": "Czy do e-Urzędu potrzebuję profilu zaufanego?",
                    "answer": "<p>Tylko do spraw osobistych, np. rozliczeń podatkowych.</p>",
                },
                {
                    "question": "Gdzie złożę wniosek?",
                    "answer": "<p>Przez internet albo w biurze podawczym urzędu.</p>",
                },
            ],
        }


class DocumentLinkValue(blocks.StructValue):
    """A listed document with what readers are told about it."""

    @property
    def link_text(self) -> str:
        """The editor's title, or the document's own title."""
        return self.get("title") or (self["document"].title if self.get("document") else "")

    @property
    def file_type(self) -> str:
        """E.g. "PDF"."""
        return document_file_type(self["document"]) if self.get("document") else ""

    @property
    def file_size(self) -> str:
        """E.g. "1,2 MB"."""
        return document_file_size(self["document"]) if self.get("document") else ""

    @property
    def summary(self) -> str:
        """E.g. "PDF, 1,2 MB"."""
        return document_summary(self["document"]) if self.get("document") else ""


class DocumentLinkBlock(blocks.StructBlock):
    """One document to download, with an optional title shown instead of the document's."""

    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(
        label=_("Tytuł"),
        required=False,
        max_length=250,
        help_text=_("Zostaw puste, aby pokazać tytuł dokumentu z biblioteki."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Dokument")
        value_class = DocumentLinkValue


class DocumentListBlock(blocks.StructBlock):
    """Documents to download, each shown with its file type and size."""

    heading = blocks.CharBlock(label=_("Nagłówek"), required=False, max_length=200)
    documents = blocks.ListBlock(DocumentLinkBlock(), label=_("Dokumenty"), min_num=1)

    class Meta:
        icon = "doc-full-inverse"
        template = "cms_pages/blocks/document_list_block.html"
        label = _("Dokumenty do pobrania")
        description = _("Lista plików do pobrania z typem i rozmiarem, np. „PDF, 1,2 MB”.")
        # Documents come from the library, so the preview shows the heading only.
        preview_value = {"heading": "Dokumenty do pobrania", "documents": []}


class MapValue(blocks.StructValue):
    """A place with a link to it on OpenStreetMap."""

    @property
    def has_coordinates(self) -> bool:
        """Whether both coordinates are given."""
        return self.get("latitude") is not None and self.get("longitude") is not None

    @property
    def map_url(self) -> str:
        """OpenStreetMap at the coordinates when given, otherwise a search for the address."""
        if self.has_coordinates:
            # Formatted here, not in the template, so the decimal separator is always a dot.
            lat, lon = f"{self['latitude']:.6f}", f"{self['longitude']:.6f}"
            return (
                f"https://www.openstreetmap.org/?{urlencode({'mlat': lat, 'mlon': lon})}"
                f"#map=18/{lat}/{lon}"
            )
        lines = (line.strip() for line in (self.get("address") or "").splitlines())
        address = ", ".join(line for line in lines if line)
        return f"https://www.openstreetmap.org/search?query={quote(address, safe='')}"


class MapBlock(blocks.StructBlock):
    """An address with a link to an online map; no embedded map, so no third-party requests."""

    address = blocks.TextBlock(
        label=_("Adres"),
        help_text=_("Np. pl. Marszałka J. Piłsudskiego 17, 32-640 Zator."),
    )
    latitude = blocks.FloatBlock(
        label=_("Szerokość geograficzna"), required=False, min_value=-90, max_value=90
    )
    longitude = blocks.FloatBlock(
        label=_("Długość geograficzna"), required=False, min_value=-180, max_value=180
    )

    class Meta:
        icon = "site"
        template = "cms_pages/blocks/map_block.html"
        label = _("Mapa (adres)")
        description = _(
            "Adres z odnośnikiem do mapy OpenStreetMap. Strona nie osadza mapy, więc nie łączy "
            "czytelnika z serwisem zewnętrznym, dopóki sam w niego nie kliknie."
        )
        value_class = MapValue
        preview_value = {
            "address": "Urząd Miejski w Zatorze\npl. Marszałka J. Piłsudskiego 17\n32-640 Zator",
            "latitude": None,
            "longitude": None,
        }

    def clean(self, value):
        """Coordinates come in pairs."""
        value = super().clean(value)
        if (value.get("latitude") is None) != (value.get("longitude") is None):
            message = _("Podaj obie współrzędne albo żadnej.")
            field = "longitude" if value.get("longitude") is None else "latitude"
            raise StructBlockValidationError(block_errors={field: ValidationError(message)})
        return value


LOGIN_CHOICES = [
    (AuthLevel.PUBLIC.value, _("Bez logowania")),
    (AuthLevel.TRUSTED_PROFILE.value, _("Wymaga logowania – profil zaufany")),
    (AuthLevel.STAFF.value, _("Wymaga logowania – konto pracownika urzędu")),
]


class EServiceCardValue(blocks.StructValue):
    """A catalogue card with its login requirement spelled out."""

    @property
    def needs_login(self) -> bool:
        """Whether the service asks the user to log in."""
        return self.get("login") != AuthLevel.PUBLIC.value

    @property
    def login_label(self) -> str:
        """The badge text, e.g. "Wymaga logowania – profil zaufany"."""
        return str(dict(LOGIN_CHOICES).get(self.get("login"), ""))

    @property
    def is_external(self) -> bool:
        """Whether the card leads to another service (e.g. a form on a national platform)."""
        return not self.get("page") and bool(self.get("url"))


class EServiceCardBlock(LinkTargetMixin, blocks.StructBlock):
    """One e-service in an editor-curated catalogue ("karta e-usługi")."""

    name = blocks.CharBlock(label=_("Nazwa e-usługi"), max_length=150)
    purpose = blocks.TextBlock(label=_("Do czego służy"), max_length=400)
    audience = blocks.CharBlock(
        label=_("Kto może skorzystać"),
        max_length=200,
        help_text=_("Np. „mieszkańcy gminy”, „przedsiębiorcy”, „każdy”."),
    )
    area = blocks.ChoiceBlock(label=_("Obszar"), choices=[(c.value, c.label) for c in Category])
    login = blocks.ChoiceBlock(
        label=_("Logowanie"), choices=LOGIN_CHOICES, default=AuthLevel.PUBLIC.value
    )
    page = blocks.PageChooserBlock(label=_("Strona w portalu"), required=False)
    url = blocks.URLBlock(
        label=_("albo adres zewnętrzny"),
        required=False,
        help_text=_("Np. formularz na platformie ePUAP albo w e-Doręczeniach."),
    )

    class Meta:
        icon = "form"
        template = "cms_pages/blocks/eservice_card_block.html"
        label = _("Karta e-usługi")
        description = _(
            "E-usługa w katalogu: do czego służy, kto może z niej skorzystać i czy wymaga "
            "logowania."
        )
        value_class = EServiceCardValue
        preview_value = {
            "name": "Wniosek o dowód osobisty",
            "purpose": "Złożenie wniosku o wydanie dowodu osobistego przez internet.",
            "audience": "Pełnoletni obywatele Polski",
            "area": Category.FORMS_AND_DOCUMENTS.value,
            "login": AuthLevel.TRUSTED_PROFILE.value,
            "url": "https://www.gov.pl/web/gov/uzyskaj-dowod-osobisty",
        }


class BodyBlock(blocks.StreamBlock):
    """The body of content pages."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    cards = CardGridBlock()
    call_to_action = CallToActionBlock()
    image = FigureBlock()
    table = DataTableBlock()
    accordion = AccordionBlock()
    documents = DocumentListBlock()
    map = MapBlock()
    gdpr_clause = GdprClauseBlock()
