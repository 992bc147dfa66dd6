"""`manage.py import_property PATH`: Importuj działki mienia komunalnego."""

from eservices.public_records.management.importing import ImportCommand
from eservices.public_records.models import ImportRun


class Command(ImportCommand):
    help = "Importuj działki mienia komunalnego."
    kind = ImportRun.Kind.PROPERTY
