"""Reading the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import AuditEvent

if TYPE_CHECKING:
    from eservices.accounts.models import Person

#: How far back the personal area shows a person's history by default.
ACCESS_HISTORY_LIMIT = 500


def access_history(*, person: Person, limit: int = ACCESS_HISTORY_LIMIT) -> QuerySet[AuditEvent]:
    """The events about ``person``'s data and logins, newest first, at most ``limit`` of them.

    What the resident sees under "Historia dostępu do Twoich danych" (RODO: the dates and
    purposes of accesses, staff ones included).
    """
    return AuditEvent.objects.filter(subject=person).order_by("-occurred_at", "-id")[:limit]
