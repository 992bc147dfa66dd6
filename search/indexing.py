"""Keeping the indexes current: one object after a save or delete, everything on a rebuild.

The database table (SearchEntry) is always written, even when an engine is configured: it is
what answers when the engine is down. Saves only queue a background task (django-tasks), so
an import of many rows is not slowed by the engine; deletes too, with the key computed first
because the row is gone by the time the task runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .backends.database import DatabaseBackend, entry_values
from .documents import SearchDocument, registry


def _engine():
    if not settings.SEARCH_CONFIG.uses_engine:
        return None
    from .backends.engine import EngineBackend

    return EngineBackend()


def index_object(*, model_label: str, pk: str) -> SearchDocument | None:
    """Put the current state of one object into the indexes (or take it out).

    Returns the document written, or None when the object is gone or not searchable.
    """
    model = apps.get_model(model_label)
    source = registry.for_model(model)
    if source is None:
        return None
    instance = model._default_manager.filter(pk=pk).first()
    document = source.document(instance) if instance is not None else None
    if document is None:
        remove_key(key=source.key(pk))
        return None
    DatabaseBackend().index_documents(documents=[document])
    engine = _engine()
    if engine is not None:
        engine.index_documents(documents=[document])
    return document


def remove_key(*, key: str) -> None:
    """Remove one document from the indexes."""
    DatabaseBackend().remove_document(key=key)
    engine = _engine()
    if engine is not None:
        engine.remove_document(key=key)


def reindex_source(*, type_: str) -> int:
    """Index every object of one document type again and drop the ones that are gone.

    For writes that send no per-object signals (imports use ``bulk_create``/``bulk_update``):
    the importing app queues this once per import instead.
    """
    from .models import SearchEntry

    source = registry.get(type_)
    if source is None:
        raise LookupError(f"no search document source of type {type_!r}")
    documents = list(source.documents())
    fresh = {document.key for document in documents}
    stale = set(SearchEntry.objects.filter(type=type_).values_list("key", flat=True)) - fresh
    with transaction.atomic():  # readers see the old rows or the new ones, never none
        SearchEntry.objects.filter(type=type_).delete()
        SearchEntry.objects.bulk_create(
            [SearchEntry(key=d.key, **entry_values(d)) for d in documents], batch_size=1000
        )
    engine = _engine()
    if engine is not None:
        engine.index_documents(documents=documents)
        for key in stale:
            engine.remove_document(key=key)
    return len(documents)


def queue_reindex(*, type_: str) -> None:
    """Queue :func:`reindex_source` for after the current transaction commits."""
    from .tasks import reindex_source_task

    transaction.on_commit(lambda: reindex_source_task.enqueue(type_=type_))


def all_documents(*, progress: Callable[[int], None] | None = None) -> Iterator[SearchDocument]:
    """Every searchable document of every source, calling ``progress(1)`` per object seen."""
    for source in registry:
        for instance in source.instances():
            document = source.document(instance)
            if progress is not None:
                progress(1)
            if document is not None:
                yield document


def total_objects() -> int:
    """How many objects a rebuild goes through."""
    return sum(source.count() for source in registry)


def _on_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or registry.for_model(sender) is None:
        return
    from .tasks import index_object_task

    label, pk = sender._meta.label, str(instance.pk)
    # After the commit: the worker must see the saved row, and a rolled-back import queues nothing.
    transaction.on_commit(lambda: index_object_task.enqueue(model_label=label, pk=pk))


def _on_delete(sender, instance, **kwargs) -> None:
    source = registry.for_model(sender)
    if source is None:
        return
    from .tasks import remove_key_task

    key = source.key(instance.pk)
    transaction.on_commit(lambda: remove_key_task.enqueue(key=key))


def connect_signals() -> None:
    """Queue index updates on every save and delete of a model some source indexes."""
    post_save.connect(_on_save, dispatch_uid="search-index-on-save")
    post_delete.connect(_on_delete, dispatch_uid="search-index-on-delete")
