"""Fixtures shared by the tests of the pages, the API and the exports: the Zator demo records.

Loading the demo takes seconds, and these tests only read, so it is loaded once per test module
(committed, outside the per-test transactions) and removed again after the module.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from eservices.public_records.models import (
    BudgetAmendment,
    BudgetChapter,
    BudgetDivision,
    BudgetLine,
    BudgetParagraph,
    BudgetYear,
    Building,
    BusinessEntry,
    ImportRun,
    Parcel,
    PkdCode,
    Premises,
)

#: Deleted children first (the classification and imports are protected by foreign keys).
DEMO_MODELS = (
    BudgetLine,
    BudgetAmendment,
    BudgetYear,
    BusinessEntry,
    Premises,
    Building,
    Parcel,
    ImportRun,
    BudgetParagraph,
    BudgetChapter,
    BudgetDivision,
    PkdCode,
)


@pytest.fixture(scope="module")
def records_demo_module(django_db_setup, django_db_blocker):
    """The demo records, committed for the whole module, removed afterwards."""
    with django_db_blocker.unblock():
        call_command("load_public_records_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        for model in DEMO_MODELS:
            model.objects.all().delete()


@pytest.fixture
def records_demo(records_demo_module, db):
    """Zator's demo budget (2025–2026), 300 register entries and 300 parcels."""
