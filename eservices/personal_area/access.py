"""Per-object access in the personal area: a resident gets their own objects, nobody else's.

Every personal-area plugin reads a resident's object through :func:`owned_or_404`: an object
of another resident answers 404 like one that does not exist (a 403 would confirm that it
exists), and every successful read is written to the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from eservices.audit.models import AuditEvent
from eservices.audit.services import audit_record

if TYPE_CHECKING:
    from eservices.accounts.models import Person

M = TypeVar("M", bound=Model)


def current_person(request: HttpRequest) -> Person | None:
    """The logged-in resident, or None (anonymous visitor, office staff)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "person", None)


def owned_or_404(
    *,
    request: HttpRequest,
    queryset: QuerySet[M],
    pk: Any,
    purpose: str,
    object_type: str,
    owner_field: str = "person",
) -> M:
    """The object ``pk`` of ``queryset`` if the logged-in resident owns it; Http404 otherwise.

    ``owner_field`` is the lookup from the object to its owner Person ("person",
    "obligation__person", or "pk" when the object is the Person). The read is audited as a
    ``personal_data_view`` with ``purpose`` ("cel") and ``object_type``; a refused one as
    ``access_denied`` without naming the owner.
    """
    if not purpose or not object_type:
        raise ValueError("Say what is read and why: purpose and object_type are required.")
    person = current_person(request)
    if person is None:
        raise Http404
    owner = person.pk if owner_field == "pk" else person
    try:
        found = queryset.filter(**{owner_field: owner}).filter(pk=pk).first()
    except (ValueError, TypeError, ValidationError):  # a pk of the wrong shape: same answer
        found = None
    if found is None:
        audit_record(
            action=AuditEvent.Action.ACCESS_DENIED,
            request=request,
            object_type=object_type,
            object_id=str(pk)[:100],
            purpose=purpose,
            reason="not_found_or_not_owner",
        )
        raise Http404
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_VIEW,
        request=request,
        subject=person,
        object_type=object_type,
        object_id=str(found.pk),
        purpose=purpose,
    )
    return found
