"""The BIP "metryka" of pages and documents and their public register of changes.

Polish public-information law requires every published item to say who produced the
information, who entered it, when it was produced and published, and to keep a register of
changes (who changed what and when) that anyone can read. Pages get two editable fields from
`MetrykaMixin`; everything else is derived from what Wagtail already records:

- "entered by" (osoba, która wprowadziła informację) is the page's owner, or the author of its
  first revision when the page was created without an owner (imports, the demo loader);
- "published at" (data udostępnienia) is `first_published_at`, "last modified" is
  `last_published_at`;
- the register (rejestr zmian) lists each publication and withdrawal from Wagtail's audit log
  (`PageLogEntry`) with the names of the fields that differ from the previous published revision.
  Saved drafts are not listed: until published they are not public information.

People are named by their full name (public under the BIP law for the officials who publish);
never by username or e-mail. An account without a name appears as "Redakcja".

Documents keep their metryka in `DocumentMetryka`, one-to-one with Wagtail's document and edited
as a snippet ("Metryki dokumentów"): that needs no custom document model, no change to Wagtail's
document forms and no setting, and a document without one still has a metryka derived from its
upload (uploader, upload date) and Wagtail's audit log.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.models import get_all_child_relations
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.snippets.models import register_snippet

from .view_restrictions import RememberedViewRestrictions

ACTION_PUBLISH = "wagtail.publish"
ACTION_UNPUBLISH = "wagtail.unpublish"
DOCUMENT_ACTIONS = ("wagtail.create", "wagtail.edit")

# Fields of Wagtail's Page that an editor changes; the rest is bookkeeping (tree position,
# publication state, locks, revision pointers) that must not show up as "changes".
PAGE_EDITABLE_FIELDS = (
    "title",
    "slug",
    "seo_title",
    "search_description",
    "show_in_menus",
    "go_live_at",
    "expire_at",
)


def person_name(user: AbstractBaseUser | None) -> str:
    """The full name of an editor as published in the metryka, "Redakcja" when it has none."""
    full_name = user.get_full_name().strip() if user is not None else ""
    return full_name or gettext("Redakcja")


class MetrykaMixin(RememberedViewRestrictions, models.Model):
    """Adds the editable part of the BIP metryka to a page type ("metryka informacji").

    Every page type of the portal has it, so it also brings `RememberedViewRestrictions`.
    """

    information_producer = models.CharField(
        _("informację wytworzył(a)"),
        max_length=255,
        blank=True,
        help_text=_(
            "Osoba lub komórka organizacyjna, która wytworzyła informację lub odpowiada za jej "
            "treść, np. „Referat Finansowy”. Puste: osoba, która wprowadziła informację."
        ),
    )
    information_produced_at = models.DateField(
        _("data wytworzenia informacji"),
        null=True,
        blank=True,
        help_text=_("Puste: data pierwszej publikacji."),
    )

    metryka_panel = MultiFieldPanel(
        [FieldPanel("information_producer"), FieldPanel("information_produced_at")],
        heading=_("Metryka informacji publicznej"),
    )

    class Meta:
        abstract = True


@register_snippet
class DocumentMetryka(models.Model):
    """Who produced a document and when ("metryka dokumentu"), edited as a snippet."""

    document = models.OneToOneField(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="metryka",
        verbose_name=_("dokument"),
    )
    information_producer = models.CharField(
        _("informację wytworzył(a)"),
        max_length=255,
        help_text=_("Osoba lub komórka organizacyjna, która wytworzyła dokument."),
    )
    information_produced_at = models.DateField(_("data wytworzenia informacji"))

    panels = [
        FieldPanel("document"),
        FieldPanel("information_producer"),
        FieldPanel("information_produced_at"),
    ]

    class Meta:
        verbose_name = _("metryka dokumentu")
        verbose_name_plural = _("metryki dokumentów")

    def __str__(self) -> str:
        return str(self.document)


@dataclass(frozen=True)
class Metryka:
    """The metryka of a published page or document."""

    information_producer: str
    information_produced_at: datetime.date | None
    entered_by: str
    published_at: datetime.datetime | None
    last_modified_at: datetime.datetime | None
    last_modified_by: str


@dataclass(frozen=True)
class ChangedField:
    """A field whose value differs from the previous publication."""

    name: str
    label: str


@dataclass(frozen=True)
class ChangeEntry:
    """One line of the register of changes ("rejestr zmian")."""

    at: datetime.datetime
    user: str
    action: str
    action_label: str
    changed_fields: tuple[ChangedField, ...]
    description: str


def metryka_for_page(*, page: Page) -> Metryka:
    """The metryka of a page (works for any page type; the mixin adds the editable part)."""
    page = page.specific
    register = change_register(page=page)
    entered_by = person_name(_page_creator(page))
    published_at = page.first_published_at
    produced_at = getattr(page, "information_produced_at", None)
    if produced_at is None and published_at is not None:
        produced_at = timezone.localdate(published_at)
    last_modified_by = register[-1].user if register else entered_by
    return Metryka(
        information_producer=getattr(page, "information_producer", "") or entered_by,
        information_produced_at=produced_at,
        entered_by=entered_by,
        published_at=published_at,
        last_modified_at=page.last_published_at,
        last_modified_by=last_modified_by,
    )


def change_register(*, page: Page) -> list[ChangeEntry]:
    """Every publication and withdrawal of the page, oldest first, with what changed."""
    page = page.specific
    entries = (
        PageLogEntry.objects.filter(page=page, action__in=(ACTION_PUBLISH, ACTION_UNPUBLISH))
        .select_related("user", "revision", "revision__user")
        .order_by("timestamp", "pk")
    )
    tracked = _tracked_fields(type(page))
    register: list[ChangeEntry] = []
    previous: Revision | None = None
    for entry in entries:
        if entry.action == ACTION_UNPUBLISH:
            register.append(
                ChangeEntry(
                    at=entry.timestamp,
                    user=person_name(entry.user),
                    action="unpublish",
                    action_label=gettext("Wycofanie z publikacji"),
                    changed_fields=(),
                    description=gettext("Informacja przestała być udostępniana."),
                )
            )
            continue
        revision = entry.revision
        # The author of the revision made the change; the publisher may be a moderator.
        author = revision.user if revision is not None and revision.user_id else entry.user
        if previous is None:
            register.append(
                ChangeEntry(
                    at=entry.timestamp,
                    user=person_name(author),
                    action="first_publish",
                    action_label=gettext("Pierwsza publikacja"),
                    changed_fields=(),
                    description=gettext("Udostępnienie informacji."),
                )
            )
        else:
            changed = _changed_fields(previous, revision, tracked) if revision else ()
            description = (
                gettext("Zmieniono: %(fields)s.") % {"fields": ", ".join(f.label for f in changed)}
                if changed
                else gettext("Ponowna publikacja bez zmian treści.")
            )
            register.append(
                ChangeEntry(
                    at=entry.timestamp,
                    user=person_name(author),
                    action="publish",
                    action_label=gettext("Publikacja zmian"),
                    changed_fields=changed,
                    description=description,
                )
            )
        if revision is not None:
            previous = revision
    if not register and page.live and page.first_published_at:
        # Published before the audit log existed (or by a raw import): the first publication
        # is still known from the page itself.
        register.append(
            ChangeEntry(
                at=page.first_published_at,
                user=person_name(_page_creator(page)),
                action="first_publish",
                action_label=gettext("Pierwsza publikacja"),
                changed_fields=(),
                description=gettext("Udostępnienie informacji."),
            )
        )
    return register


def document_metryka(*, document: Any) -> Metryka:
    """The metryka of a Wagtail document, from its `DocumentMetryka` or its upload."""
    register = document_change_register(document=document)
    entered_by = person_name(document.uploaded_by_user)
    stored = DocumentMetryka.objects.filter(document=document).first()
    return Metryka(
        information_producer=stored.information_producer if stored else entered_by,
        information_produced_at=(
            stored.information_produced_at if stored else timezone.localdate(document.created_at)
        ),
        entered_by=entered_by,
        published_at=document.created_at,
        last_modified_at=register[-1].at if register else document.created_at,
        last_modified_by=register[-1].user if register else entered_by,
    )


def document_change_register(*, document: Any) -> list[ChangeEntry]:
    """Uploads and edits of a document from Wagtail's audit log, oldest first."""
    from wagtail.models import ModelLogEntry

    entries = (
        ModelLogEntry.objects.for_instance(document)
        .filter(action__in=DOCUMENT_ACTIONS)
        .select_related("user")
        .order_by("timestamp", "pk")
    )
    labels = {
        "wagtail.create": (gettext("Dodanie dokumentu"), gettext("Udostępnienie dokumentu.")),
        "wagtail.edit": (gettext("Zmiana dokumentu"), gettext("Zmieniono dokument.")),
    }
    return [
        ChangeEntry(
            at=entry.timestamp,
            user=person_name(entry.user),
            action=entry.action.removeprefix("wagtail."),
            action_label=labels[entry.action][0],
            changed_fields=(),
            description=labels[entry.action][1],
        )
        for entry in entries
    ]


def _page_creator(page: Page) -> AbstractBaseUser | None:
    if page.owner_id:
        return page.owner
    first = page.revisions.select_related("user").order_by("created_at", "pk").first()
    return first.user if first is not None else None


def _tracked_fields(model: type[Page]) -> dict[str, str]:
    """Editable fields of a page type, by name, with their (Polish) verbose names."""
    tracked: dict[str, str] = {}
    for field in model._meta.concrete_fields:
        if field.model is Page and field.name not in PAGE_EDITABLE_FIELDS:
            continue
        if not field.editable or (field.remote_field and field.remote_field.parent_link):
            continue
        tracked[field.name] = str(field.verbose_name)
    for relation in get_all_child_relations(model):
        related = relation.related_model
        if related._meta.app_label != "wagtailcore":  # not Wagtail's own (comments)
            tracked[relation.get_accessor_name()] = str(related._meta.verbose_name_plural)
    return tracked


def _changed_fields(
    before: Revision, after: Revision, tracked: dict[str, str]
) -> tuple[ChangedField, ...]:
    return tuple(
        ChangedField(name=name, label=label)
        for name, label in tracked.items()
        if _normalised(before.content.get(name)) != _normalised(after.content.get(name))
    )


def _normalised(value: Any) -> Any:
    # StreamField values are stored in revisions as JSON text; compare their structure so that
    # a different serialisation of the same content is not reported as a change.
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    if isinstance(value, Iterable) and not isinstance(value, str | dict):
        return [_normalised(item) for item in value]
    return value
