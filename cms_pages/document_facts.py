"""What readers are told about a downloadable document: its file type and size ("PDF, 1,2 MB")."""

from __future__ import annotations

from django.template.defaultfilters import filesizeformat
from wagtail.documents.models import AbstractDocument


def document_file_type(document: AbstractDocument) -> str:
    """The file type in capitals, e.g. "PDF" or "ODT"; empty when the file has no extension."""
    return document.file_extension.upper()


def document_file_size(document: AbstractDocument) -> str:
    """The size in the active language's number format, e.g. "1,2 MB"; empty when unknown.

    The size is read from the stored metadata (and computed once when missing), never by opening
    a remote file on every page view.
    """
    size = document.get_file_size()  # None when the file is gone from storage
    return filesizeformat(size) if size is not None else ""


def document_summary(document: AbstractDocument) -> str:
    """The type and size together, as shown after a link: "PDF, 1,2 MB"."""
    return ", ".join(
        part for part in (document_file_type(document), document_file_size(document)) if part
    )
