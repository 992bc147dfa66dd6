"""Reads of the public records: the budget tree with sums, year comparison, lists for pages."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from .models import BudgetLine, BusinessEntry, ImportRun, Parcel
from .models.business import BusinessStatus, business_status

ZERO = Decimal("0.00")


@dataclass
class Amounts:
    """Plan and execution of a node of the budget tree."""

    initial_plan: Decimal = ZERO
    plan_after_amendments: Decimal = ZERO
    execution: Decimal = ZERO

    def add(self, other: Amounts | BudgetLine) -> None:
        """Add another node's (or a line's) amounts to these."""
        self.initial_plan += other.initial_plan
        self.plan_after_amendments += other.plan_after_amendments
        self.execution += other.execution

    @property
    def execution_percent(self) -> Decimal | None:
        """Execution as a percentage of the plan after amendments (None for a zero plan)."""
        if not self.plan_after_amendments:
            return None
        return (self.execution * 100 / self.plan_after_amendments).quantize(Decimal("0.01"))


@dataclass
class ParagraphNode(Amounts):
    """A paragraph (with its 4th digit) within a rozdział."""

    code: str = ""
    name: str = ""


@dataclass
class ChapterNode(Amounts):
    """A rozdział with its paragraphs."""

    code: str = ""
    name: str = ""
    paragraphs: list[ParagraphNode] = field(default_factory=list)


@dataclass
class DivisionNode(Amounts):
    """A dział with its rozdziały."""

    code: str = ""
    name: str = ""
    chapters: list[ChapterNode] = field(default_factory=list)


@dataclass
class BudgetTree(Amounts):
    """The budget of one year and type as dział → rozdział → paragraf, each level summed."""

    year: int = 0
    line_type: str = ""
    data_as_of: datetime.date | None = None
    divisions: list[DivisionNode] = field(default_factory=list)


def budget_tree(*, year: int, line_type: str) -> BudgetTree:
    """The year's income or expense as a tree whose every level is the sum of the level below."""
    lines = (
        BudgetLine.objects.filter(budget_year__year=year, line_type=line_type)
        .select_related("division", "chapter", "paragraph")
        .order_by("division__code", "chapter__code", "paragraph__code", "financing_digit")
    )
    tree = BudgetTree(year=year, line_type=line_type)
    divisions: dict[str, DivisionNode] = {}
    chapters: dict[str, ChapterNode] = {}
    for line in lines:
        division = divisions.get(line.division.code)
        if division is None:
            division = divisions[line.division.code] = DivisionNode(
                code=line.division.code, name=line.division.name
            )
            tree.divisions.append(division)
        chapter = chapters.get(line.chapter.code)
        if chapter is None:
            chapter = chapters[line.chapter.code] = ChapterNode(
                code=line.chapter.code, name=line.chapter.name
            )
            division.chapters.append(chapter)
        paragraph = ParagraphNode(
            code=line.paragraph_code,
            name=line.paragraph.name,
            initial_plan=line.initial_plan,
            plan_after_amendments=line.plan_after_amendments,
            execution=line.execution,
        )
        chapter.paragraphs.append(paragraph)
        for node in (chapter, division, tree):
            node.add(line)
        if tree.data_as_of is None or line.data_as_of > tree.data_as_of:
            tree.data_as_of = line.data_as_of
    return tree


@dataclass(frozen=True)
class ComparisonRow:
    """One dział across years: plan after amendments and execution per year."""

    code: str
    name: str
    plans: dict[int, Decimal]
    executions: dict[int, Decimal]

    def change(self, *, from_year: int, to_year: int) -> Decimal | None:
        """Percentage change of the plan between two years (None when the first is zero)."""
        before = self.plans.get(from_year, ZERO)
        if not before:
            return None
        after = self.plans.get(to_year, ZERO)
        return ((after - before) * 100 / before).quantize(Decimal("0.01"))


def budget_year_comparison(*, years: Sequence[int], line_type: str) -> list[ComparisonRow]:
    """Plans and execution by dział for several years side by side (missing years as zero)."""
    trees = {year: budget_tree(year=year, line_type=line_type) for year in years}
    names: dict[str, str] = {}
    for tree in trees.values():
        for division in tree.divisions:
            names[division.code] = division.name
    rows = []
    for code in sorted(names):
        plans, executions = {}, {}
        for year, tree in trees.items():
            node = next((d for d in tree.divisions if d.code == code), None)
            plans[year] = node.plan_after_amendments if node else ZERO
            executions[year] = node.execution if node else ZERO
        rows.append(ComparisonRow(code=code, name=names[code], plans=plans, executions=executions))
    return rows


def business_entries(*, status: str | None = None) -> QuerySet[BusinessEntry]:
    """Entries of the register with their PKD codes, optionally of one stored status."""
    entries = BusinessEntry.objects.prefetch_related("pkd_codes").order_by("business_name")
    return entries.filter(status=status) if status else entries


def business_current_status(*, entry: BusinessEntry, today: datetime.date) -> BusinessStatus:
    """The status on ``today`` (the stored one was derived on the day of import)."""
    return business_status(
        end_date=entry.end_date,
        suspended_from=entry.suspended_from,
        suspended_until=entry.suspended_until,
        today=today,
    )


def parcels(*, precinct_code: str | None = None, status: str | None = None) -> QuerySet[Parcel]:
    """Municipal parcels, optionally of one obręb and/or one status."""
    found = Parcel.objects.order_by("precinct_code", "number")
    if precinct_code:
        found = found.filter(precinct_code=precinct_code)
    if status:
        found = found.filter(status=status)
    return found


def import_runs_recent(*, limit: int = 20) -> QuerySet[ImportRun]:
    """The latest import runs, newest first, for the admin."""
    return ImportRun.objects.select_related("started_by").order_by("-started_at")[:limit]
