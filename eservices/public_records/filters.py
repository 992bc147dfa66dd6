"""Filters of the public records, shared by the pages, the API and the exports.

One FilterSet per register, so a page, its API list and its export of the same query string
select exactly the same rows. Parameter names are Polish, as in the page URLs: ``q`` (text),
``rok``, ``miejscowosc``, ``status``, ``dzial``, ``sekcja_pkd``… and ``sortuj`` (ordering).
An invalid value is a form error: the API and the exports answer 400, never 500.
"""

from __future__ import annotations

from django import forms
from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import BudgetDivision, BudgetLine, BusinessEntry, Parcel, PkdCode
from .models.business import BusinessStatus
from .models.property import PropertyStatus

# The folding lives with the models, whose search columns are built from it; its names stay
# importable from here, where they used to be.
from .models.search_text import (  # noqa: F401
    POLISH_ACCENTED,
    POLISH_PLAIN,
    SEARCH_TEXT_FIELD,
    SQLITE_FOLD_FUNCTION,
    Folded,
    fold_text,
)

#: Longest text query accepted; longer ones are a form error rather than a slow LIKE.
MAX_QUERY_LENGTH = 100
FIRST_YEAR, LAST_YEAR = 1900, 2100


def text_search(queryset: QuerySet, *, fields: tuple[str, ...], text: str) -> QuerySet:
    """Rows where every word of ``text`` occurs in one of ``fields``, ignoring case and accents.

    Folds every row on every query (a scan): used where the rows are few (budget lines, a few
    thousand a year, searched through the names of their classification), and by the benchmark
    as the "before". Registers with a stored search column use :func:`stored_text_search`.
    """
    words = fold_text(text).split()
    if not words:
        return queryset
    parts: list = []
    for name in fields:
        parts += [F(name), Value(" ")]
    queryset = queryset.annotate(_search_text=Folded(Concat(*parts, output_field=CharField())))
    for word in words:
        queryset = queryset.filter(_search_text__contains=word)
    return queryset


def stored_text_search(
    queryset: QuerySet, *, text: str, column: str = SEARCH_TEXT_FIELD
) -> QuerySet:
    """Rows whose stored, folded ``column`` contains every word of ``text`` (same matches).

    The column holds the same folded, space-joined text that :func:`text_search` computes per
    query, so the rows found are the same; on PostgreSQL each ``LIKE '%word%'`` is answered
    from the column's trigram index (words under 3 letters give the index nothing to look up
    and are checked on the rows the other words found, or by a scan when alone).
    """
    for word in fold_text(text).split():
        queryset = queryset.filter(**{f"{column}__contains": word})
    return queryset


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(filters.NumberFilter):
    """A whole year between 1900 and 2100 (never a decimal, never out of the integer range)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)


class TextQueryFilter(filters.CharFilter):
    """The ``q`` box: words looked up without regard to case or accents.

    Either in the model's stored search column (``search_column``, indexed on PostgreSQL) or,
    for small tables, in ``search_fields`` folded on the fly.
    """

    def __init__(
        self,
        *args,
        search_column: str = "",
        search_fields: tuple[str, ...] = (),
        **kwargs,
    ):
        if bool(search_column) == bool(search_fields):
            raise TypeError("TextQueryFilter needs search_column or search_fields, not both.")
        self.search_column = search_column
        self.search_fields = search_fields
        kwargs.setdefault("label", _("Szukaj (słowa)"))
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        """Filter by every word of ``value`` (nothing to do for an empty box)."""
        if not value:
            return qs
        if self.search_column:
            return stored_text_search(qs, text=value, column=self.search_column)
        return text_search(qs, fields=self.search_fields, text=value)


def _business_towns() -> list[tuple[str, str]]:
    towns = BusinessEntry.objects.order_by("town").values_list("town", flat=True).distinct()
    return [(town, town) for town in towns]


def _parcel_towns() -> list[tuple[str, str]]:
    towns = Parcel.objects.order_by("town").values_list("town", flat=True).distinct()
    return [(town, town) for town in towns]


def _precincts() -> list[tuple[str, str]]:
    rows = (
        Parcel.objects.order_by("precinct_code")
        .values_list("precinct_code", "precinct_name")
        .distinct()
    )
    return [(code, f"{code} {name}") for code, name in rows]


def _pkd_sections() -> list[tuple[str, str]]:
    sections = PkdCode.objects.order_by("section").values_list("section", flat=True).distinct()
    return [(section, section) for section in sections]


def _divisions() -> list[tuple[str, str]]:
    return [(d.code, str(d)) for d in BudgetDivision.objects.order_by("code")]


def _budget_years() -> list[tuple[str, str]]:
    years = BudgetLine.objects.order_by("-budget_year__year").values_list(
        "budget_year__year", flat=True
    )
    return [(str(year), str(year)) for year in dict.fromkeys(years)]


class StableOrderingFilter(filters.OrderingFilter):
    """``sortuj`` with the primary key as the last key, so pages never share or skip rows."""

    def filter(self, qs, value):
        """Order by the chosen fields, then by id."""
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "pk")
        return qs


class BusinessEntryFilter(filters.FilterSet):
    """Filters of the register of business activity (facets: town, status, PKD section, year)."""

    q = TextQueryFilter(
        search_column=SEARCH_TEXT_FIELD,
        help_text=_("Firma, imię i nazwisko, adres, NIP lub REGON."),
    )
    miejscowosc = filters.ChoiceFilter(
        field_name="town",
        label=_("Miejscowość"),
        choices=_business_towns,
        empty_label=_("wszystkie"),
    )
    status = filters.ChoiceFilter(
        field_name="status",
        label=_("Status"),
        choices=BusinessStatus.choices,
        empty_label=_("wszystkie"),
    )
    sekcja_pkd = filters.ChoiceFilter(
        field_name="pkd_codes__section",
        label=_("Sekcja PKD"),
        choices=_pkd_sections,
        empty_label=_("wszystkie"),
        distinct=True,
    )
    pkd = filters.CharFilter(
        field_name="pkd_codes__code",
        label=_("Kod PKD"),
        max_length=7,
        distinct=True,
        help_text=_("Na przykład 47.11.Z."),
    )
    rok = YearFilter(
        field_name="start_date", lookup_expr="year", label=_("Rok rozpoczęcia działalności")
    )
    sortuj = StableOrderingFilter(
        label=_("Kolejność"),
        fields=(
            ("business_name", "firma"),
            ("town", "miejscowosc"),
            ("start_date", "data_rozpoczecia"),
            ("id", "id"),
        ),
        field_labels={
            "business_name": _("firma"),
            "town": _("miejscowość"),
            "start_date": _("data rozpoczęcia"),
            "id": _("kolejność wpisu"),
        },
    )

    class Meta:
        model = BusinessEntry
        fields: list[str] = []


class ParcelFilter(filters.FilterSet):
    """Filters of municipal property (facets: town, obręb, status)."""

    q = TextQueryFilter(
        search_column=SEARCH_TEXT_FIELD,
        help_text=_("Numer działki, obręb, adres, sposób użytkowania lub księga wieczysta."),
    )
    miejscowosc = filters.ChoiceFilter(
        field_name="town", label=_("Miejscowość"), choices=_parcel_towns, empty_label=_("wszystkie")
    )
    obreb = filters.ChoiceFilter(
        field_name="precinct_code", label=_("Obręb"), choices=_precincts, empty_label=_("wszystkie")
    )
    status = filters.ChoiceFilter(
        field_name="status",
        label=_("Forma władania"),
        choices=PropertyStatus.choices,
        empty_label=_("wszystkie"),
    )
    sortuj = StableOrderingFilter(
        label=_("Kolejność"),
        fields=(
            ("precinct_code", "obreb"),
            ("number", "numer"),
            ("area_m2", "powierzchnia"),
            ("town", "miejscowosc"),
            ("id", "id"),
        ),
        field_labels={
            "precinct_code": _("obręb"),
            "number": _("numer działki"),
            "area_m2": _("powierzchnia"),
            "town": _("miejscowość"),
            "id": _("kolejność wpisu"),
        },
    )

    class Meta:
        model = Parcel
        fields: list[str] = []


class BudgetLineFilter(filters.FilterSet):
    """Filters of budget lines (facets: year, income/expense, dział, rozdział)."""

    q = TextQueryFilter(
        search_fields=("division__name", "chapter__name", "paragraph__name"),
        help_text=_("Nazwa działu, rozdziału lub paragrafu."),
    )
    rok = filters.ChoiceFilter(
        field_name="budget_year__year",
        label=_("Rok budżetu"),
        choices=_budget_years,
        empty_label=_("wszystkie"),
    )
    rodzaj = filters.ChoiceFilter(
        field_name="line_type",
        label=_("Dochody czy wydatki"),
        choices=BudgetLine.LineType.choices,
        empty_label=_("wszystkie"),
    )
    dzial = filters.ChoiceFilter(
        field_name="division__code",
        label=_("Dział"),
        choices=_divisions,
        empty_label=_("wszystkie"),
    )
    rozdzial = filters.CharFilter(
        field_name="chapter__code", label=_("Rozdział"), max_length=5, help_text=_("5 cyfr.")
    )
    sortuj = StableOrderingFilter(
        label=_("Kolejność"),
        fields=(
            ("chapter__code", "rozdzial"),
            ("plan_after_amendments", "plan"),
            ("execution", "wykonanie"),
            ("id", "id"),
        ),
        field_labels={
            "chapter__code": _("rozdział"),
            "plan_after_amendments": _("plan po zmianach"),
            "execution": _("wykonanie"),
            "id": _("kolejność wpisu"),
        },
    )

    class Meta:
        model = BudgetLine
        fields: list[str] = []
