"""Full rebuild of the indexes: a new engine index behind an atomic alias switch."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from .backends.database import DatabaseBackend
from .bulk_gc import fewer_collections
from .engine import SearchEngineUnavailable, transport_errors
from .indexing import DocumentFeed, all_documents
from .results_cache import index_changed


@dataclass(frozen=True)
class RebuildReport:
    """What a rebuild did."""

    documents: int
    new_index: str | None
    removed_indexes: tuple[str, ...]


@fewer_collections()
def rebuild_indexes(
    *,
    progress: Callable[[int], None] | None = None,
    before_switch: Callable[[str], None] | None = None,
) -> RebuildReport:
    """Rebuild the database table and, with an engine, a new index the alias then moves to.

    Searches keep using the old index until the alias moves (``before_switch(new_index)`` runs
    just before, for tests and logs); the old index is deleted after. If the build fails, the
    new index is deleted and the alias stays where it was.
    """
    database = DatabaseBackend()
    if not settings.SEARCH_CONFIG.uses_engine:
        count = database.replace_all(documents=all_documents(progress=progress))
        index_changed()
        return RebuildReport(documents=count, new_index=None, removed_indexes=())
    from .backends.engine import EngineBackend, engine_client

    engine, client = EngineBackend(), engine_client()
    new_index = None
    try:
        try:
            new_index = engine.create_versioned_index(client)
        except transport_errors():
            database.replace_all(documents=all_documents(progress=progress))  # the fallback
            index_changed()
            raise
        # The table and the new index are written from the same pass over the documents.
        feed = DocumentFeed(
            lambda documents: engine.fill_index(index=new_index, documents=documents)
        )
        try:
            count = database.replace_all(
                documents=all_documents(progress=progress), each_batch=feed.put
            )
        except BaseException:
            feed.close(raise_error=False)  # the table's error is the one to see
            with contextlib.suppress(*transport_errors()):
                client.indices.delete(index=new_index, ignore_unavailable=True)
            raise
        index_changed()
        feed.close()
        if before_switch is not None:
            before_switch(new_index)
        old = engine.switch_alias(new_index=new_index, client=client)
        index_changed()
        for index in old:
            client.indices.delete(index=index)
    except transport_errors() as error:
        if new_index is not None:
            client.indices.delete(index=new_index, ignore_unavailable=True)
        raise SearchEngineUnavailable(
            f"Rebuilding the search index failed ({type(error).__name__}); "
            "the previous index is still in use."
        ) from error
    finally:
        client.close()
    return RebuildReport(documents=count, new_index=new_index, removed_indexes=tuple(old))
