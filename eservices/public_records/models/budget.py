"""The budget ("budżet gminy"): years, amendments, the budget classification, plan and execution."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .common import PublicRecord

MONEY = {"max_digits": 15, "decimal_places": 2}


class BudgetDivision(models.Model):
    """A "dział" of the budget classification (3 digits, e.g. 600 Transport i łączność)."""

    code = models.CharField(_("dział"), max_length=3, unique=True)
    name = models.CharField(_("nazwa"), max_length=300)

    class Meta:
        verbose_name = _("dział klasyfikacji budżetowej")
        verbose_name_plural = _("działy klasyfikacji budżetowej")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BudgetChapter(models.Model):
    """A "rozdział" (5 digits, starting with the code of its dział, e.g. 60016)."""

    code = models.CharField(_("rozdział"), max_length=5, unique=True)
    division = models.ForeignKey(
        BudgetDivision, verbose_name=_("dział"), on_delete=models.PROTECT, related_name="chapters"
    )
    name = models.CharField(_("nazwa"), max_length=300)

    class Meta:
        verbose_name = _("rozdział klasyfikacji budżetowej")
        verbose_name_plural = _("rozdziały klasyfikacji budżetowej")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BudgetParagraph(models.Model):
    """A "paragraf" (3 digits, e.g. 401); budget lines add a 4th digit for the source of funds."""

    code = models.CharField(_("paragraf"), max_length=3, unique=True)
    name = models.CharField(_("nazwa"), max_length=400)

    class Meta:
        verbose_name = _("paragraf klasyfikacji budżetowej")
        verbose_name_plural = _("paragrafy klasyfikacji budżetowej")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}0 {self.name}"


class BudgetYear(PublicRecord):
    """The budget of one year, adopted by the council's "uchwała budżetowa"."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("projekt")
        ADOPTED = "adopted", _("uchwalony")
        CLOSED = "closed", _("wykonany (sprawozdanie roczne)")

    year = models.PositiveSmallIntegerField(_("rok"), unique=True)
    resolution_number = models.CharField(_("numer uchwały budżetowej"), max_length=100, blank=True)
    resolution_date = models.DateField(_("data uchwały budżetowej"), null=True, blank=True)
    status = models.CharField(
        _("stan"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )

    class Meta:
        verbose_name = _("budżet roku")
        verbose_name_plural = _("budżety")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class BudgetAmendment(PublicRecord):
    """A change of the budget: a council resolution or a mayor's order ("zarządzenie")."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("uchwała rady")
        ORDER = "order", _("zarządzenie burmistrza")

    budget_year = models.ForeignKey(
        BudgetYear, verbose_name=_("budżet"), on_delete=models.CASCADE, related_name="amendments"
    )
    kind = models.CharField(_("rodzaj"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("numer"), max_length=100)
    date = models.DateField(_("data"))
    description = models.TextField(_("opis zmian"), blank=True)

    class Meta:
        verbose_name = _("zmiana budżetu")
        verbose_name_plural = _("zmiany budżetu")
        ordering = ["budget_year", "date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget_year", "number"], name="public_records_amendment_natural_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} z {self.date:%d.%m.%Y}"


class BudgetLine(PublicRecord):
    """One line of the budget: plan and execution of a dział/rozdział/paragraf in one year."""

    class LineType(models.TextChoices):
        INCOME = "income", _("dochody")
        EXPENSE = "expense", _("wydatki")

    budget_year = models.ForeignKey(
        BudgetYear, verbose_name=_("budżet"), on_delete=models.CASCADE, related_name="lines"
    )
    line_type = models.CharField(_("rodzaj"), max_length=7, choices=LineType.choices)
    division = models.ForeignKey(
        BudgetDivision, verbose_name=_("dział"), on_delete=models.PROTECT, related_name="+"
    )
    chapter = models.ForeignKey(
        BudgetChapter, verbose_name=_("rozdział"), on_delete=models.PROTECT, related_name="+"
    )
    paragraph = models.ForeignKey(
        BudgetParagraph, verbose_name=_("paragraf"), on_delete=models.PROTECT, related_name="+"
    )
    #: The 4th digit of the paragraph: the source of financing (0 general, e.g. 7 EU funds).
    financing_digit = models.CharField(_("czwarta cyfra paragrafu"), max_length=1, default="0")
    initial_plan = models.DecimalField(_("plan pierwotny"), **MONEY)
    plan_after_amendments = models.DecimalField(_("plan po zmianach"), **MONEY)
    execution = models.DecimalField(_("wykonanie"), **MONEY)
    data_as_of = models.DateField(_("stan na dzień"))

    class Meta:
        verbose_name = _("pozycja budżetu")
        verbose_name_plural = _("pozycje budżetu")
        ordering = ["budget_year", "line_type", "chapter__code", "paragraph__code"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "budget_year",
                    "line_type",
                    "division",
                    "chapter",
                    "paragraph",
                    "financing_digit",
                ],
                name="public_records_budget_line_natural_key",
            )
        ]

    @property
    def paragraph_code(self) -> str:
        """The four-digit paragraph as budgets print it, e.g. ``6057``."""
        return f"{self.paragraph.code}{self.financing_digit}"

    def __str__(self) -> str:
        return f"{self.budget_year.year} {self.chapter.code} § {self.paragraph_code}"
