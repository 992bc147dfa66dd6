"""Images and documents for tests, stored in the test settings' in-memory storage."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Collection


def root_collection() -> Collection:
    """Wagtail's root collection (its migration creates it; --nomigrations runs do not)."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def make_image(
    title: str = "Rynek w Zatorze", size: tuple[int, int] = (1600, 900)
) -> AbstractImage:
    """A real PNG image in the image library."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (11, 79, 138)).save(buffer, format="PNG")
    file = ImageFile(io.BytesIO(buffer.getvalue()), name="rynek.png")
    return get_image_model().objects.create(title=title, file=file, collection=root_collection())


def make_document(title: str, filename: str, size: int) -> AbstractDocument:
    """A document of exactly `size` bytes, with its size recorded as the upload form does."""
    document = get_document_model()(
        title=title,
        file=ContentFile(b"%PDF-1.4\n".ljust(size, b"0"), name=filename),
        collection=root_collection(),
    )
    document._set_document_file_metadata()
    document.save()
    return document
