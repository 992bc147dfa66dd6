"""Importers of public records from domain-system exports (CSV, XLSX, JSON).

``readers`` turn a file into numbered rows of text; one importer per record type checks a row and
maps its Polish column headers to model fields; ``services.records_import`` runs them.
"""

from __future__ import annotations

from ..models import ImportRun
from .base import RecordImporter, RowError
from .budget import BudgetImporter
from .business import BusinessImporter
from .property import ParcelImporter

IMPORTERS: dict[str, type[RecordImporter]] = {
    ImportRun.Kind.BUDGET: BudgetImporter,
    ImportRun.Kind.BUSINESS: BusinessImporter,
    ImportRun.Kind.PROPERTY: ParcelImporter,
}

__all__ = ["IMPORTERS", "BudgetImporter", "BusinessImporter", "ParcelImporter", "RowError"]
