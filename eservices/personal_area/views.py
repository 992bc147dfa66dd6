"""The personal area's pages: the dashboard and the history of access to the resident's data."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from eservices.accounts.decorators import resident_required
from eservices.audit.models import AuditEvent
from eservices.audit.selectors import access_history
from eservices.audit.services import audit_record

from .cards import UNAVAILABLE_TEXT, collect_cards

#: Purposes ("cel") recorded when the resident opens these pages.
PURPOSE_DASHBOARD = "pulpit"
PURPOSE_ACCESS_LOG = "historia dostępu do danych"
ACCESS_LOG_PAGE_SIZE = 50


@resident_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard ("Mój e-Urząd"): who is logged in, the plugins' cards, the account links."""
    if request.GET:
        # The page takes no parameters; its cached form is kept per path, so any query string
        # would only add copies of it (see the template).
        return HttpResponseRedirect(request.path)
    person = request.user.person
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_VIEW,
        request=request,
        subject=person,
        object_type="person",
        object_id=person.pk,
        purpose=PURPOSE_DASHBOARD,
    )
    sections_html = render_to_string(
        "personal_area/includes/sections.html",
        {
            "sections": collect_cards(request=request, person=person),
            "unavailable_text": UNAVAILABLE_TEXT,
        },
    )  # no request: the sections need none of the context processors' values
    # Only plain values reach the page: it is cached with markers in their place (its
    # template says how), so nothing of the resident may come to it any other way.
    context = {
        "person_name": person.full_name,
        "masked_pesel": person.masked_pesel,
        "sections_html": sections_html,
    }
    return render(request, "personal_area/dashboard.html", context)


def _actor_label(event: AuditEvent, *, viewer_user_id: int) -> str:
    if event.actor_kind == AuditEvent.ActorKind.RESIDENT and event.actor_user_id == viewer_user_id:
        return str(_("Ty"))
    return str(AuditEvent.ActorKind(event.actor_kind).label)


@resident_required
def access_log(request: HttpRequest) -> HttpResponse:
    """Who used the resident's data or account, when and why (RODO art. 15), newest first."""
    person = request.user.person
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_VIEW,
        request=request,
        subject=person,
        object_type="access_log",
        object_id=person.pk,
        purpose=PURPOSE_ACCESS_LOG,
    )
    paginator = Paginator(access_history(person=person), ACCESS_LOG_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("strona"))
    rows = [
        {
            "occurred_at": event.occurred_at,
            "actor": _actor_label(event, viewer_user_id=request.user.pk),
            "action": AuditEvent.Action(event.action).label,
            "purpose": event.purpose,
        }
        for event in page.object_list
    ]
    return render(
        request, "personal_area/access_log.html", {"person": person, "page": page, "rows": rows}
    )
