"""The clerks' upload form in the Wagtail admin: check a file (dry run), then confirm the import."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .importers.readers import FORMATS
from .models import ImportRun
from .selectors import import_runs_recent
from .services import ImportResult, records_import

PERMISSION = "public_records.import_public_records"
SESSION_KEY = "public_records_pending_import"
UPLOAD_DIR = "public_records/uploads"
REPORT_ROWS_SHOWN = 500


class ImportForm(forms.Form):
    """What a clerk uploads."""

    kind = forms.ChoiceField(label=gettext_lazy("Rodzaj danych"), choices=ImportRun.Kind.choices)
    file = forms.FileField(
        label=gettext_lazy("Plik"), help_text=gettext_lazy("CSV (średnik, Excel), XLSX lub JSON.")
    )
    system = forms.CharField(label=gettext_lazy("System źródłowy"), required=False, max_length=200)
    valid_only = forms.BooleanField(
        label=gettext_lazy("Importuj tylko poprawne wiersze (pomiń błędne)"), required=False
    )

    def clean_file(self):
        """Only the formats the importers read."""
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower().lstrip(".") not in FORMATS:
            raise forms.ValidationError(_("Dozwolone są pliki CSV, XLSX i JSON."))
        return upload


def import_upload(request: HttpRequest) -> HttpResponse:
    """Step 1 uploads and checks (nothing written); step 2 confirms and imports the same file."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request)
    if request.method == "POST" and "cancel" in request.POST:
        _discard(request)
        return redirect("public_records_import")
    result: ImportResult | None = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            _discard(request)
            upload = form.cleaned_data["file"]
            suffix = PurePath(upload.name).suffix.lower()
            stored = default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}{suffix}", upload)
            pending = {
                "token": uuid.uuid4().hex,
                "stored": stored,
                "file_name": upload.name,
                "kind": form.cleaned_data["kind"],
                "system": form.cleaned_data["system"],
                "valid_only": form.cleaned_data["valid_only"],
            }
            result = _run(request, pending, dry_run=True)
            if result.rejected:
                default_storage.delete(stored)
            else:
                request.session[SESSION_KEY] = pending
    else:
        form = ImportForm()
    pending = request.session.get(SESSION_KEY) if result is not None else None
    return TemplateResponse(
        request,
        "public_records/admin/import_form.html",
        {
            "form": form,
            "result": result,
            "errors_shown": result.errors[:REPORT_ROWS_SHOWN] if result else [],
            "pending": pending,
            "runs": import_runs_recent(),
        },
    )


def _run(request: HttpRequest, pending: dict, *, dry_run: bool) -> ImportResult:
    with default_storage.open(pending["stored"], "rb") as stream:
        return records_import(
            kind=pending["kind"],
            stream=stream,
            file_name=pending["file_name"],
            system_label=pending["system"],
            user=request.user,
            dry_run=dry_run,
            valid_only=pending["valid_only"],
        )


def _confirm(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(SESSION_KEY)
    if not pending or pending["token"] != request.POST.get("token"):
        messages.error(
            request, _("Nie ma sprawdzonego pliku do zaimportowania; wyślij go ponownie.")
        )
        return redirect("public_records_import")
    result = _run(request, pending, dry_run=False)
    _discard(request)
    if result.rejected:
        messages.error(
            request, _("Plik odrzucony: zmienił się od sprawdzenia; sprawdź go ponownie.")
        )
    else:
        messages.success(
            request,
            _(
                "Zaimportowano %(name)s: dodane %(created)s, zmienione %(updated)s, "
                "bez zmian %(unchanged)s."
            )
            % {
                "name": result.file_name,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    return redirect("public_records_import")


def _discard(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending and default_storage.exists(pending["stored"]):
        default_storage.delete(pending["stored"])
