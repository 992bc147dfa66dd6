"""The public records as search documents (found by the search app's autodiscovery).

Search may not import e-services, so the registers describe themselves to it here: what is the
title, what text is searched, which identifiers match exactly, and the facet values.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from search.documents import DocumentSource, SearchDocument, register
from search.indexing import queue_reindex

from .models import BudgetLine, BusinessEntry, ImportRun, Parcel
from .models.business import BusinessStatus, PkdCode
from .models.property import PropertyStatus, format_area

#: Stands for the primary key in a detail URL reversed once (no real key is this long).
_PK_MARK = "987654321987654321"


@lru_cache(maxsize=16)
def _words(language: str | None, prefix: str) -> dict:
    """The fixed words and detail-URL templates of the documents in one language.

    A re-index builds a million documents; translating the same dozen words and reversing the
    same URLs for each of them took half its time. ``language`` and ``prefix`` (the script
    prefix) are the cache key: the words and URLs follow them.
    """
    return {
        "register": str(_("Ewidencja działalności gospodarczej")),
        "property": str(_("Mienie komunalne")),
        "parcel_title": str(_("Działka %(number)s, obręb %(precinct)s")),
        "business_status": {value: str(label) for value, label in BusinessStatus.choices},
        "property_status": {value: str(label) for value, label in PropertyStatus.choices},
        "business_url": reverse("public-records:business-detail", kwargs={"pk": int(_PK_MARK)}),
        "parcel_url": reverse("public-records:parcel-detail", kwargs={"pk": int(_PK_MARK)}),
    }


def _fixed() -> dict:
    """:func:`_words` for the active language and script prefix."""
    return _words(get_language(), get_script_prefix())


def _detail_url(template: str, pk: int) -> str:
    """A detail URL from its template (``reverse`` of the mark, see :func:`_words`)."""
    return template.replace(_PK_MARK, str(pk), 1)


#: Rows read per query by a re-index.
_CHUNK = 2000
_BUSINESS_FIELDS = (
    "id", "business_name", "street", "building_number", "town", "postal_code", "nip", "regon",
    "start_date", "status",
)  # fmt: skip
_PARCEL_FIELDS = (
    "id", "number", "precinct_name", "precinct_code", "town", "street", "use", "status",
    "area_m2", "land_register_number",
)  # fmt: skip


def _pkd_codes() -> dict[int, tuple[int, tuple[str, str, str]]]:
    """Every PKD code by key: its rank in PkdCode's ordering (an entry's codes come in that
    order) and (code, name, section)."""
    return {
        pk: (rank, (code, name, section))
        for rank, (pk, code, name, section) in enumerate(
            PkdCode.objects.values_list("pk", "code", "name", "section")
        )
    }


def _row_chunks(model, fields: tuple[str, ...]) -> Iterator[list]:
    """Every row of ``model`` as named tuples of ``fields``, in lists of _CHUNK, by key."""
    after = None
    while True:
        rows = model.objects.order_by("pk")
        if after is not None:
            rows = rows.filter(pk__gt=after)
        chunk = list(rows.values_list(*fields, named=True)[:_CHUNK])
        if not chunk:
            return
        yield chunk
        after = chunk[-1].id


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
        codes = [(code.code, code.name, code.section) for code in instance.pkd_codes.all()]
        return self._document(instance, codes)

    def documents(self) -> Iterator[SearchDocument]:
        """Every entry's document, read as plain rows (a re-index builds 100 000 and more).

        The same documents as :meth:`document` gives, without a model instance per entry and
        per PKD code: the codes are read once, the links as pairs.
        """
        codes = _pkd_codes()
        links = BusinessEntry.pkd_codes.through.objects
        words = _fixed()
        for rows in _row_chunks(BusinessEntry, _BUSINESS_FIELDS):
            linked: dict[int, list] = {row.id: [] for row in rows}
            for entry_id, code_id in links.filter(
                businessentry_id__gte=rows[0].id, businessentry_id__lte=rows[-1].id
            ).values_list("businessentry_id", "pkdcode_id"):
                if entry_id in linked:
                    if code_id not in codes:  # a code added while this runs
                        codes = _pkd_codes()
                    linked[entry_id].append(codes[code_id])
            for row in rows:
                yield self._document(
                    row, [code for _rank, code in sorted(linked[row.id])], words=words
                )

    def _document(
        self, entry, codes: list[tuple[str, str, str]], *, words: dict | None = None
    ) -> SearchDocument:
        """The document of ``entry`` (an instance or a row of _BUSINESS_FIELDS) and its codes
        as (code, name, section), in the order of their links; ``words`` from :func:`_fixed`."""
        words = words or _fixed()
        address = " ".join(part for part in (entry.street, entry.building_number) if part)
        body = [
            words["register"],
            f"{entry.town}, {address}, {entry.postal_code}",
            *(f"PKD {code} {name}" for code, name, _section in codes),
            f"NIP {entry.nip}",
            f"REGON {entry.regon}" if entry.regon else "",
        ]
        return SearchDocument(
            key=self.key(entry.id),
            type=self.type,
            title=entry.business_name,
            url=_detail_url(words["business_url"], entry.id),
            body=". ".join(part for part in body if part),
            identifiers=tuple(
                value for value in (entry.nip, entry.regon, *(c[0] for c in codes)) if value
            ),
            year=entry.start_date.year,
            town=entry.town,
            status=words["business_status"].get(entry.status, entry.status),
            pkd_sections=tuple(sorted({section for _code, _name, section in codes})),
        )


@register
class ParcelSource(DocumentSource):
    """Municipal parcels."""

    type = "parcel"
    label = _("Mienie komunalne (działki)")
    model = Parcel

    def documents(self) -> Iterator[SearchDocument]:
        """Every parcel's document, read as plain rows (as :meth:`document` gives it)."""
        words = _fixed()
        for rows in _row_chunks(Parcel, _PARCEL_FIELDS):
            for row in rows:
                yield self.document(row, words=words)

    def document(self, instance: Parcel, *, words: dict | None = None) -> SearchDocument:
        """Parcel number and precinct as the title; use, place and land register in the text.

        ``instance`` may be a row of _PARCEL_FIELDS as well; ``words`` from :func:`_fixed`.
        """
        words = words or _fixed()
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
            format_area(instance.area_m2),
            f"KW {instance.land_register_number}" if instance.land_register_number else "",
        ]
        return SearchDocument(
            key=self.key(instance.id),
            type=self.type,
            title=str(title),
            url=_detail_url(words["parcel_url"], instance.id),
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
