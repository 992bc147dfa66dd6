"""`manage.py import_budget PATH`: Importuj pozycje budżetu (plan i wykonanie)."""

from eservices.public_records.management.importing import ImportCommand
from eservices.public_records.models import ImportRun


class Command(ImportCommand):
    help = "Importuj pozycje budżetu (plan i wykonanie)."
    kind = ImportRun.Kind.BUDGET
