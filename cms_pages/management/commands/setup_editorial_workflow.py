"""Set up the editorial workflow "Redakcja → Recenzja → Publikacja" (idempotent).

Editors ("Redaktorzy") write and change pages under the home page but cannot publish: saving
for review starts the workflow "Recenzja i publikacja", whose one task ("Recenzja") waits for a
reviewer ("Recenzenci"); a reviewer's approval publishes the page (or schedules it, when the
editor set a "go live" date). Reviewers may also publish directly.

Running the command again changes nothing that is already right; it adds what is missing and
puts back the permissions and the workflow if someone removed them. It never removes a
permission an administrator added to these groups by hand.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

EDITORS = "Redaktorzy"
REVIEWERS = "Recenzenci"
WORKFLOW_NAME = "Recenzja i publikacja"
TASK_NAME = "Recenzja"

# Wagtail's page permission types ("add" = add pages and edit one's own, "change" = edit any).
PAGE_PERMISSIONS = {
    EDITORS: ["add", "change"],
    REVIEWERS: ["add", "change", "publish", "lock", "unlock"],
}
# Editors and reviewers put images and documents into pages they write.
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]


class Command(BaseCommand):
    help = (
        "Create the groups Redaktorzy and Recenzenci and the workflow "
        "'Recenzja i publikacja' on the home page (idempotent)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        home = self._home_page()
        access_admin = Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        groups = {}
        for name, permission_types in PAGE_PERMISSIONS.items():
            group, created = Group.objects.get_or_create(name=name)
            group.permissions.add(access_admin)
            for permission_type in permission_types:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=home,
                    permission=Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
                    ),
                )
            self._grant_collections(group)
            groups[name] = group
            self.stdout.write(f"Grupa {name}: {'utworzona' if created else 'uzupełniona'}.")

        task, _ = GroupApprovalTask.objects.get_or_create(name=TASK_NAME)
        task.groups.add(groups[REVIEWERS])
        if not task.active:
            task.active = True
            task.save(update_fields=["active"])

        workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
        if not workflow.active:
            workflow.active = True
            workflow.save(update_fields=["active"])
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
        self.stdout.write(
            self.style.SUCCESS(
                f"Obieg „{WORKFLOW_NAME}” ({'utworzony' if created else 'już był'}) "
                f"obowiązuje dla strony „{home.title}” i stron pod nią."
            )
        )

    def _home_page(self) -> Page:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError(
                "There is no default site yet; load content first (manage.py load_demo_content) "
                "or create a site in the admin."
            )
        return site.root_page

    def _grant_collections(self, group: Group) -> None:
        root = Collection.get_first_root_node()
        if root is None:  # the table is empty only when migrations were skipped (tests)
            root = Collection.add_root(name="Root")
        for app_label, codename in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )
