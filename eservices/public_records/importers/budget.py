"""Importer of budget lines (plan and execution by dział, rozdział and paragraf)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from ..models import BudgetChapter, BudgetLine, BudgetParagraph, BudgetYear, ImportRun
from .base import Column, ParsedRow, RecordImporter, RowChecker
from .fields import parse_date, parse_decimal, parse_digits

LINE_TYPES = {
    "dochody": BudgetLine.LineType.INCOME,
    "dochód": BudgetLine.LineType.INCOME,
    "d": BudgetLine.LineType.INCOME,
    "income": BudgetLine.LineType.INCOME,
    "wydatki": BudgetLine.LineType.EXPENSE,
    "wydatek": BudgetLine.LineType.EXPENSE,
    "w": BudgetLine.LineType.EXPENSE,
    "expense": BudgetLine.LineType.EXPENSE,
}


class BudgetImporter(RecordImporter):
    """One row: one paragraph of one rozdział, income or expense, of one year."""

    kind = ImportRun.Kind.BUDGET
    model = BudgetLine
    key_name = "rok, rodzaj, dział, rozdział i paragraf"
    columns = (
        Column("year", "Rok"),
        Column("line_type", "Rodzaj", aliases=("Typ", "Dochody/wydatki")),
        Column("division", "Dział"),
        Column("chapter", "Rozdział"),
        Column("paragraph", "Paragraf", aliases=("§",)),
        Column("initial_plan", "Plan pierwotny", aliases=("Plan",)),
        Column("plan_after_amendments", "Plan po zmianach"),
        Column("execution", "Wykonanie"),
        Column("data_as_of", "Stan na dzień", aliases=("Data danych", "Stan na")),
    )

    def prepare(self) -> None:
        self.chapters = {c.code: c for c in BudgetChapter.objects.select_related("division")}
        self.paragraphs = {p.code: p for p in BudgetParagraph.objects.all()}
        self.years = {y.year: y for y in BudgetYear.objects.all()}

    def clean(self, checker: RowChecker) -> tuple[dict[str, Any], tuple, dict]:
        year = checker.value("year", lambda text: parse_digits(text, length=4, label="Rok"))
        line_type_text = checker.value("line_type")
        line_type = None
        if line_type_text is not None:
            line_type = LINE_TYPES.get(line_type_text.strip().casefold())
            if line_type is None:
                checker.fail(
                    _("Rodzaj „%(value)s” jest nieznany: wpisz „dochody” albo „wydatki”.")
                    % {"value": line_type_text},
                    "line_type",
                )
        division_code = checker.value(
            "division", lambda text: parse_digits(text, length=3, label="Dział")
        )
        chapter_code = checker.value(
            "chapter", lambda text: parse_digits(text, length=5, label="Rozdział")
        )
        paragraph_text = checker.value("paragraph")
        chapter = paragraph = None
        financing_digit = "0"
        if chapter_code is not None:
            chapter = self.chapters.get(chapter_code)
            if chapter is None:
                checker.fail(
                    _("Nieznany rozdział klasyfikacji budżetowej: %(code)s.")
                    % {"code": chapter_code},
                    "chapter",
                )
            elif division_code is not None and chapter.division.code != division_code:
                checker.fail(
                    _("Rozdział %(chapter)s nie należy do działu %(division)s.")
                    % {"chapter": chapter_code, "division": division_code},
                    "chapter",
                )
        if paragraph_text is not None:
            compact = paragraph_text.replace("§", "").strip()
            if not (compact.isdigit() and len(compact) in (3, 4)):
                checker.fail(
                    _("Paragraf „%(value)s” musi mieć 3 lub 4 cyfry.") % {"value": paragraph_text},
                    "paragraph",
                )
            else:
                paragraph = self.paragraphs.get(compact[:3])
                financing_digit = compact[3:] or "0"
                if paragraph is None:
                    checker.fail(
                        _("Nieznany paragraf klasyfikacji budżetowej: %(code)s.")
                        % {"code": compact},
                        "paragraph",
                    )
        amounts = {}
        for name in ("initial_plan", "plan_after_amendments", "execution"):
            amounts[name] = checker.value(name, parse_decimal)
        for name in ("initial_plan", "plan_after_amendments"):
            if amounts[name] is not None and amounts[name] < 0:
                checker.fail(
                    _("Kwota w kolumnie „%(column)s” nie może być ujemna.")
                    % {"column": self.headers[name]},
                    name,
                )
        data_as_of = checker.value("data_as_of", parse_date)
        values = {
            "year_number": int(year) if year else None,
            "line_type": line_type,
            "division": chapter.division if chapter else None,
            "chapter": chapter,
            "paragraph": paragraph,
            "financing_digit": financing_digit,
            **amounts,
            "data_as_of": data_as_of,
        }
        key = (
            values["year_number"],
            line_type,
            chapter_code,
            f"{paragraph.code}{financing_digit}" if paragraph else None,
        )
        return values, key, {}

    def describe_key(self, key: tuple) -> str:
        year, line_type, chapter, paragraph = key
        return f"{year} {BudgetLine.LineType(line_type).label} {chapter} § {paragraph}"

    def resolve(self, rows: Sequence[ParsedRow], *, dry_run: bool) -> None:
        for row in rows:
            number = row.values.pop("year_number", None)
            if number is None:
                continue
            year = self.years.get(number)
            if year is None and not dry_run:
                year, _created = BudgetYear.objects.get_or_create(
                    year=number,
                    defaults={
                        "information_producer": self.producer,
                        "information_produced_at": self.produced_at,
                    },
                )
                self.years[number] = year
            row.values["budget_year"] = year

    def existing(self, keys: Sequence[tuple]) -> dict[tuple, models.Model]:
        years = {key[0] for key in keys}
        found = BudgetLine.objects.filter(
            Q(budget_year__year__in=years), chapter__code__in={key[2] for key in keys}
        ).select_related("budget_year", "chapter", "paragraph")
        return {
            (line.budget_year.year, line.line_type, line.chapter.code, line.paragraph_code): line
            for line in found
        }
