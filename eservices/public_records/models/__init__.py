"""Models of the public records: import runs, the budget, businesses, municipal property."""

from .budget import (
    BudgetAmendment,
    BudgetChapter,
    BudgetDivision,
    BudgetLine,
    BudgetParagraph,
    BudgetYear,
)
from .business import BusinessEntry, PkdCode
from .common import ImportRun, PublicRecord
from .property import Building, Parcel, Premises

__all__ = [
    "BudgetAmendment",
    "BudgetChapter",
    "BudgetDivision",
    "BudgetLine",
    "BudgetParagraph",
    "BudgetYear",
    "Building",
    "BusinessEntry",
    "ImportRun",
    "Parcel",
    "PkdCode",
    "Premises",
    "PublicRecord",
]
