"""Keeping the indexes current: one object after a save or delete, everything on a rebuild.

The database table (SearchEntry) is always written, even when an engine is configured: it is
what answers when the engine is down. Saves only queue a background task (django-tasks), so
an import of many rows is not slowed by the engine; deletes too, with the key computed first
because the row is gone by the time the task runs.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .backends.database import DatabaseBackend
from .bulk_gc import fewer_collections
from .documents import SearchDocument, registry
from .entry_writes import delete_entries, insert_entries
from .results_cache import index_changed


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
    try:
        if engine is not None:
            engine.index_documents(documents=[document])
    finally:
        index_changed()  # the table changed even when the engine failed
    return document


def remove_key(*, key: str) -> None:
    """Remove one document from the indexes."""
    DatabaseBackend().remove_document(key=key)
    engine = _engine()
    try:
        if engine is not None:
            engine.remove_document(key=key)
    finally:
        index_changed()


#: Documents per write of the fallback table during a re-index.
REINDEX_BATCH = 1000


class DocumentFeed:
    """Hands documents to the engine from a second thread while the caller writes the table.

    ``write`` consumes an iterator of documents (e.g. ``EngineBackend.stream_documents``). The
    engine analyses documents in its own process; meanwhile this process can build the next
    documents and write the fallback table, instead of waiting for each bulk request in turn.
    A failure of the engine is kept and raised by :meth:`close`, after the table is written,
    so that the fallback stays current when the engine is down (as it always did).
    """

    _END = object()

    def __init__(self, write: Callable[[Iterator[SearchDocument]], object]) -> None:
        self.write = write
        self.batches: queue.Queue = queue.Queue(maxsize=4)
        self.ended = False
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="search-engine-feed", daemon=True)
        self.thread.start()

    def _documents(self) -> Iterator[SearchDocument]:
        while (batch := self.batches.get()) is not self._END:
            yield from batch
        self.ended = True

    def _run(self) -> None:
        try:
            self.write(self._documents())
        except BaseException as error:  # handed to the caller's thread by close()
            self.error = error
        finally:
            while not self.ended:  # keep taking batches, so that put() never blocks for good
                self.ended = self.batches.get() is self._END

    def put(self, batch: list[SearchDocument]) -> None:
        """Queue one batch (waits while the engine is several batches behind)."""
        self.batches.put(batch)

    def close(self, *, raise_error: bool = True) -> None:
        """Wait until the engine has every document; raise what went wrong there, if anything."""
        self.batches.put(self._END)
        self.thread.join()
        if self.error is not None and raise_error:
            raise self.error


@fewer_collections()
def reindex_source(*, type_: str) -> int:
    """Index every object of one document type again and drop the ones that are gone.

    For writes that send no per-object signals (imports use ``bulk_create``/``bulk_update``):
    the importing app queues this once per import instead. Documents are streamed from the
    database in batches; the fallback table is rewritten in one transaction (readers see the
    old rows or the new ones, never none) while the engine indexes the same batches.
    """
    from .models import SearchEntry

    source = registry.get(type_)
    if source is None:
        raise LookupError(f"no search document source of type {type_!r}")
    engine = _engine()
    known = set(SearchEntry.objects.filter(type=type_).values_list("key", flat=True).iterator())
    fresh: set[str] = set()
    feed = (
        DocumentFeed(lambda documents: engine.stream_documents(documents=documents))
        if engine is not None
        else None
    )
    try:
        with transaction.atomic():
            delete_entries(type_=type_)
            batch: list[SearchDocument] = []
            for document in source.documents():
                batch.append(document)
                if len(batch) >= REINDEX_BATCH:
                    _write_batch(batch, feed, fresh)
                    batch = []
            if batch:
                _write_batch(batch, feed, fresh)
    except BaseException:
        if feed is not None:
            feed.close(raise_error=False)  # the table's error is the one to see
        raise
    try:
        if feed is not None:
            feed.close()
        stale = known - fresh
        if engine is not None and stale:
            engine.remove_documents(keys=sorted(stale))
    finally:
        index_changed()
    return len(fresh)


def _write_batch(batch: list[SearchDocument], feed: DocumentFeed | None, fresh: set[str]) -> None:
    if feed is not None:
        feed.put(batch)
    insert_entries(documents=batch)
    fresh.update(d.key for d in batch)


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
