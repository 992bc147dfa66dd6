"""The public records as search documents (found by the search app's autodiscovery).

Search may not import e-services, so the registers describe themselves to it here: what is the
title, what text is searched, which identifiers match exactly, and the facet values.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from search.documents import DocumentSource, SearchDocument, register
from search.indexing import queue_reindex

from .models import BudgetLine, BusinessEntry, ImportRun, Parcel
from .models.business import BusinessStatus
from .models.property import PropertyStatus

#: Stands for the primary key in a detail URL reversed once (no real key is this long).
_PK_MARK = "987654321987654321"


@lru_cache(maxsize=16)
def _words(language: str | None) -> dict:
    """The fixed words of the documents in one language.

    A re-index builds a million documents; translating the same dozen words for each of them
    took half its time. ``language`` is the cache key: the words follow the active language.
    """
    return {
        "register": str(_("Ewidencja działalności gospodarczej")),
        "property": str(_("Mienie komunalne")),
        "parcel_title": str(_("Działka %(number)s, obręb %(precinct)s")),
        "business_status": {value: str(label) for value, label in BusinessStatus.choices},
        "property_status": {value: str(label) for value, label in PropertyStatus.choices},
    }


@lru_cache(maxsize=64)
def _url_template(name: str, language: str | None, prefix: str) -> str:
    return reverse(name, kwargs={"pk": int(_PK_MARK)})


def _detail_url(name: str, pk: int) -> str:
    """``reverse(name, kwargs={"pk": pk})``, reversed once per language and script prefix."""
    return _url_template(name, get_language(), get_script_prefix()).replace(_PK_MARK, str(pk), 1)


@register
class BusinessSource(DocumentSource):
    """Entries of the register of business activity."""

    type = "business"
    label = _("Działalność gospodarcza")
    model = BusinessEntry

    def instances(self) -> Iterable[BusinessEntry]:
        """All entries with their PKD codes, streamed (a million entries need not fit in memory)."""
        return (
            BusinessEntry.objects.prefetch_related("pkd_codes")
            .order_by("pk")
            .iterator(chunk_size=2000)
        )

    def document(self, instance: BusinessEntry) -> SearchDocument:
        """Firm, place of business, PKD activities; NIP, REGON and PKD codes as identifiers."""
        words = _words(get_language())
        codes = list(instance.pkd_codes.all())
        address = " ".join(part for part in (instance.street, instance.building_number) if part)
        body = [
            words["register"],
            f"{instance.town}, {address}, {instance.postal_code}",
            *(f"PKD {code.code} {code.name}" for code in codes),
            f"NIP {instance.nip}",
            f"REGON {instance.regon}" if instance.regon else "",
        ]
        return SearchDocument(
            key=self.key(instance.pk),
            type=self.type,
            title=instance.business_name,
            url=_detail_url("public-records:business-detail", instance.pk),
            body=". ".join(part for part in body if part),
            identifiers=tuple(
                value for value in (instance.nip, instance.regon, *(c.code for c in codes)) if value
            ),
            year=instance.start_date.year,
            town=instance.town,
            status=words["business_status"].get(instance.status, instance.status),
            pkd_sections=tuple(sorted({code.section for code in codes})),
        )


@register
class ParcelSource(DocumentSource):
    """Municipal parcels."""

    type = "parcel"
    label = _("Mienie komunalne (działki)")
    model = Parcel

    def document(self, instance: Parcel) -> SearchDocument:
        """Parcel number and precinct as the title; use, place and land register in the text."""
        words = _words(get_language())
        title = words["parcel_title"] % {
            "number": instance.number,
            "precinct": instance.precinct_name,
        }
        status = words["property_status"].get(instance.status, instance.status)
        body = [
            words["property"],
            f"{instance.town} {instance.street}".strip(),
            instance.use,
            status,
            instance.area_display,
            f"KW {instance.land_register_number}" if instance.land_register_number else "",
        ]
        return SearchDocument(
            key=self.key(instance.pk),
            type=self.type,
            title=str(title),
            url=_detail_url("public-records:parcel-detail", instance.pk),
            body=". ".join(part for part in body if part),
            identifiers=tuple(
                value
                for value in (
                    instance.number,
                    f"{instance.precinct_code}-{instance.number}",
                    instance.land_register_number,
                )
                if value
            ),
            town=instance.town,
            status=status,
        )


@register
class BudgetLineSource(DocumentSource):
    """Lines of the budget (plan and execution of one paragraph in one rozdział and year)."""

    type = "budget_line"
    label = _("Budżet")
    model = BudgetLine

    def instances(self) -> Iterable[BudgetLine]:
        """All lines with their year and classification, streamed."""
        return (
            BudgetLine.objects.select_related("budget_year", "division", "chapter", "paragraph")
            .order_by("pk")
            .iterator(chunk_size=2000)
        )

    def document(self, instance: BudgetLine) -> SearchDocument:
        """Paragraph and rozdział names; dział, rozdział and paragraph codes as identifiers."""
        year = instance.budget_year.year
        kind = str(instance.get_line_type_display())
        title = f"§ {instance.paragraph_code} {instance.paragraph.name} – {instance.chapter.name}"
        body = [
            str(_("Budżet %(year)s, %(kind)s") % {"year": year, "kind": kind}),
            str(_("dział")) + f" {instance.division.code} {instance.division.name}",
            str(_("rozdział")) + f" {instance.chapter.code} {instance.chapter.name}",
            str(_("paragraf")) + f" {instance.paragraph_code} {instance.paragraph.name}",
        ]
        url = reverse("public-records:budget-year", kwargs={"year": year})
        return SearchDocument(
            key=self.key(instance.pk),
            type=self.type,
            title=f"{title} ({year})",
            url=f"{url}#dzial-{instance.line_type}-{instance.division.code}",
            body=". ".join(body),
            identifiers=(
                instance.paragraph_code,
                instance.chapter.code,
                instance.division.code,
                f"{instance.chapter.code}-{instance.paragraph_code}",
            ),
            year=year,
            status=kind,
            budget_section=f"{instance.division.code} {instance.division.name}",
        )


#: The document type each kind of import writes.
IMPORTED_TYPES = {
    ImportRun.Kind.BUDGET: "budget_line",
    ImportRun.Kind.BUSINESS: "business",
    ImportRun.Kind.PROPERTY: "parcel",
}


@receiver(post_save, sender=ImportRun, dispatch_uid="public-records-reindex-after-import")
def reindex_after_import(sender, instance: ImportRun, raw=False, **kwargs) -> None:
    """A finished, successful import queues one re-index of its record type.

    Importers write with ``bulk_create``/``bulk_update``, which send no per-row signals.
    """
    if raw or instance.status != ImportRun.Status.SUCCEEDED or instance.finished_at is None:
        return
    queue_reindex(type_=IMPORTED_TYPES[instance.kind])
