"""What the search index holds: one flat document per page or public record, and their sources.

Search depends on neither page types nor e-services (an import contract checks it), so the
record types come to search, not the other way round: an app describes its records in a
``search_documents`` module with a :class:`DocumentSource` registered by ``@register``, and
:func:`autodiscover` imports those modules when the search app is ready (as Wagtail finds
``wagtail_hooks``). Both backends index exactly these documents, so they give the same fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class SearchDocument:
    """A page or a public record as the index sees it.

    ``identifiers`` are matched exactly (NIP, REGON, parcel numbers, land-register numbers,
    budget classification codes), with or without separators; the facet fields are plain
    values people recognise ("Zator", "aktywny", "600 Transport i łączność").
    """

    key: str  # "<type>:<primary key>", unique in the index
    type: str
    title: str
    url: str
    body: str = ""
    identifiers: tuple[str, ...] = ()
    year: int | None = None
    town: str = ""
    status: str = ""
    budget_section: str = ""
    pkd_sections: tuple[str, ...] = ()


class DocumentSource:
    """Turns the instances of one model into search documents.

    Subclasses set ``type`` (a short slug), ``label`` (plural, Polish, for the record-type
    facet) and ``model``, and implement :meth:`document`; :meth:`instances` lists what a full
    rebuild indexes.
    """

    type: str = ""
    label: str = ""
    model: type[models.Model]

    def instances(self) -> Iterable[models.Model]:
        """Everything of this type that a rebuild puts in the index."""
        return self.model._default_manager.order_by("pk").iterator(chunk_size=500)

    def document(self, instance: models.Model) -> SearchDocument | None:
        """The instance as a document, or None when it must not be searchable (e.g. a draft)."""
        raise NotImplementedError

    def key(self, pk: Any) -> str:
        """The index key of the instance with primary key ``pk``."""
        return f"{self.type}:{pk}"

    def documents(self) -> Iterator[SearchDocument]:
        """Every searchable document of this type."""
        for instance in self.instances():
            document = self.document(instance)
            if document is not None:
                yield document

    def count(self) -> int:
        """How many instances a rebuild goes through (for the progress bar)."""
        return self.model._default_manager.count()


class DuplicateSourceError(ValueError):
    """A second source was registered for a type or model already taken."""


class SourceRegistry:
    """The document sources, by type; each type and each model at most once."""

    def __init__(self) -> None:
        self._sources: dict[str, DocumentSource] = {}

    def register(self, source_class: type[DocumentSource]) -> type[DocumentSource]:
        """Class decorator: ``@register`` over a :class:`DocumentSource` subclass."""
        source = source_class()
        if not source.type or source.type in self._sources:
            raise DuplicateSourceError(f"search document type {source.type!r} is taken or empty")
        if any(other.model is source.model for other in self._sources.values()):
            raise DuplicateSourceError(f"{source.model.__name__} already has a document source")
        self._sources[source.type] = source
        return source_class

    def __iter__(self) -> Iterator[DocumentSource]:
        return iter(self._sources.values())

    def get(self, type_: str) -> DocumentSource | None:
        """The source of one document type."""
        return self._sources.get(type_)

    def for_model(self, model: type[models.Model]) -> DocumentSource | None:
        """The source indexing ``model`` (or a parent of it: a specific page type)."""
        for source in self._sources.values():
            if issubclass(model, source.model):
                return source
        return None

    def labels(self) -> dict[str, str]:
        """Type → plural label, for the record-type facet."""
        return {source.type: str(source.label) for source in self._sources.values()}


registry = SourceRegistry()
register: Callable[[type[DocumentSource]], type[DocumentSource]] = registry.register


def autodiscover() -> None:
    """Import every installed app's ``search_documents`` module (they register sources)."""
    autodiscover_modules("search_documents")
