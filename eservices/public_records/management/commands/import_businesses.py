"""`manage.py import_businesses PATH`: Importuj ewidencję działalności gospodarczej."""

from eservices.public_records.management.importing import ImportCommand
from eservices.public_records.models import ImportRun


class Command(ImportCommand):
    help = "Importuj ewidencję działalności gospodarczej."
    kind = ImportRun.Kind.BUSINESS
