"""Background tasks (django-tasks) that update the search indexes after saves and deletes."""

from __future__ import annotations

from django_tasks import task

from .indexing import index_object, reindex_source, remove_key


@task()
def index_object_task(*, model_label: str, pk: str) -> None:
    """Index the current state of one object (or remove it if it is gone or hidden)."""
    index_object(model_label=model_label, pk=pk)


@task()
def remove_key_task(*, key: str) -> None:
    """Remove one deleted object's document."""
    remove_key(key=key)


@task()
def reindex_source_task(*, type_: str) -> None:
    """Index all objects of one type again (after a bulk import)."""
    reindex_source(type_=type_)
