"""Editors' workflow through Wagtail's admin: write, submit for review, approve, preview, schedule.

Everything goes through the admin views with the test client, as an editor (Redaktorzy) or a
reviewer (Recenzenci) would click through it, after `setup_editorial_workflow` has run.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from cms_pages.management.commands.setup_editorial_workflow import (
    EDITORS,
    REVIEWERS,
    TASK_NAME,
    WORKFLOW_NAME,
)
from cms_pages.models import ContentPage, GuideChapterPage, GuidePage
from cms_pages.tests.guide_helpers import demo_guide

PAGE_TYPES_THAT_MUST_PREVIEW = {
    "HomePage",
    "ContentPage",
    "ProjectPage",
    "EServicePage",
    "GuidePage",
    "GuideChapterPage",
}


@pytest.fixture
def client(client, otp_login):
    """The test client; its force_login also gives the admin's second factor (TOTP)."""
    client.force_login = functools.partial(otp_login, client)
    return client


def _setup() -> None:
    call_command("setup_editorial_workflow", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def workflow(demo_site) -> Workflow:
    """The editorial workflow on the demo site."""
    _setup()
    return Workflow.objects.get(name=WORKFLOW_NAME)


def _member_of(group_name: str, username: str):
    user = get_user_model().objects.create_user(username, password="hasło-testowe-123")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(workflow):
    """A member of Redaktorzy."""
    return _member_of(EDITORS, "redaktor")


@pytest.fixture
def reviewer(workflow):
    """A member of Recenzenci."""
    return _member_of(REVIEWERS, "recenzent")


@pytest.fixture
def guide(demo_site) -> GuidePage:
    """The demo guide (published, with published chapters), for the guide page types."""
    guide = demo_guide(demo_site)
    assert guide.live
    assert GuideChapterPage.objects.child_of(guide).live().exists()
    return guide


def _add_url(model, parent: Page, view: str = "add") -> str:
    meta = model._meta
    return reverse(f"wagtailadmin_pages:{view}", args=(meta.app_label, meta.model_name, parent.pk))


def _form_data(client, url: str, **values) -> dict:
    """What the admin form at `url` would submit, with `values` typed in."""
    html = client.get(url).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form").dict()
    data.update(values)
    return data


def _content_page_data(client, parent: Page, **values) -> dict:
    return _form_data(
        client,
        _add_url(ContentPage, parent),
        **nested_form_data(
            {
                "title": "Nowe godziny pracy urzędu",
                "slug": "godziny-pracy",
                "intro": "Od lipca urząd pracuje dłużej w poniedziałki.",
                "body": streamfield([("paragraph", rich_text("<p>W poniedziałki do 17:00.</p>"))]),
            }
        ),
        **values,
    )


def _task_state(page: Page):
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    return state.current_task_state


def _submit_new_page(client, editor, parent: Page, **values) -> ContentPage:
    client.force_login(editor)
    data = _content_page_data(client, parent, **values)
    response = client.post(_add_url(ContentPage, parent), {**data, "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return ContentPage.objects.get(slug=data["slug"])


def _approve(client, reviewer, page: Page):
    client.force_login(reviewer)
    task_state = _task_state(page)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    response = client.post(url, {"comment": "Sprawdzone, można publikować."})
    client.logout()
    return response


# --- the command ---------------------------------------------------------------------------


def test_setup_creates_groups_workflow_and_page_permissions(workflow, demo_site):
    editors, reviewers = Group.objects.get(name=EDITORS), Group.objects.get(name=REVIEWERS)
    task = GroupApprovalTask.objects.get(name=TASK_NAME)
    assert list(task.groups.all()) == [reviewers]
    assert [wt.task.specific for wt in WorkflowTask.objects.filter(workflow=workflow)] == [task]
    assert WorkflowPage.objects.get(page=demo_site).workflow == workflow
    assert demo_site.get_workflow() == workflow

    def codenames(group):
        return set(
            GroupPagePermission.objects.filter(group=group, page=demo_site).values_list(
                "permission__codename", flat=True
            )
        )

    assert codenames(editors) == {"add_page", "change_page"}
    assert {"add_page", "change_page", "publish_page"} <= codenames(reviewers)
    for group in (editors, reviewers):
        assert group.permissions.filter(codename="access_admin").exists()


def test_setup_twice_changes_nothing(workflow):
    counts = (
        Group.objects.count(),
        Workflow.objects.count(),
        GroupApprovalTask.objects.count(),
        WorkflowTask.objects.count(),
        WorkflowPage.objects.count(),
        GroupPagePermission.objects.count(),
    )
    _setup()
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    assert (
        Group.objects.count(),
        Workflow.objects.count(),
        GroupApprovalTask.objects.count(),
        WorkflowTask.objects.count(),
        WorkflowPage.objects.count(),
        GroupPagePermission.objects.count(),
    ) == counts


def test_setup_without_a_site_says_what_to_do(db):
    from django.core.management.base import CommandError
    from wagtail.models import Site

    Site.objects.all().delete()  # a migrated database starts with Wagtail's placeholder site
    with pytest.raises(CommandError, match="load_demo_content"):
        _setup()


# --- write, submit, approve --------------------------------------------------------------


def test_editor_submits_a_new_page_for_review_and_it_stays_unpublished(
    client, editor, demo_site, workflow
):
    page = _submit_new_page(client, editor, demo_site)
    assert not page.live
    state = WorkflowState.objects.for_instance(page).get()
    assert state.workflow == workflow
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == TASK_NAME
    assert client.get(page.url).status_code == 404


def test_editor_cannot_publish(client, editor, demo_site):
    client.force_login(editor)
    url = _add_url(ContentPage, demo_site)
    edit_form = client.get(url).content.decode()
    assert 'name="action-publish"' not in edit_form
    assert 'name="action-submit"' in edit_form
    client.post(url, {**_content_page_data(client, demo_site), "action-publish": "1"})
    page = ContentPage.objects.get(slug="godziny-pracy")
    assert not page.live
    assert page.live_revision is None


def test_editor_cannot_approve_a_page_under_review(client, editor, demo_site):
    page = _submit_new_page(client, editor, demo_site)
    response = _approve(client, editor, page)
    assert response.status_code in {302, 403}
    page.refresh_from_db()
    assert not page.live
    assert _task_state(page).status == "in_progress"


def test_reviewer_approves_and_the_page_goes_live(client, editor, reviewer, demo_site):
    page = _submit_new_page(client, editor, demo_site)
    response = _approve(client, reviewer, page)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert WorkflowState.objects.for_instance(page).get().status == "approved"
    public = client.get(page.url)
    assert public.status_code == 200
    assert "W poniedziałki do 17:00." in public.text


def test_reviewer_sees_the_page_awaiting_review(client, editor, reviewer, demo_site):
    page = _submit_new_page(client, editor, demo_site)
    client.force_login(reviewer)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert page.title in dashboard


# --- preview --------------------------------------------------------------------------------


def _preview(client, url: str, data: dict) -> str:
    response = client.post(url, data)
    assert response.status_code == 200
    assert json.loads(response.content) == {"is_valid": True, "is_available": True}, data
    shown = client.get(url)
    assert shown.status_code == 200
    return shown.content.decode()


def _block_form_data(block: blocks.Block, value: Any) -> Any:
    """A block value as the admin's StreamField widget would post it.

    The widget is built by JavaScript, so the edit page's HTML holds no inputs for it; this
    is the inverse of the blocks' `value_from_datadict`.
    """
    if isinstance(block, blocks.StreamBlock):
        children = {
            str(index): {
                "type": child.block_type,
                "value": _block_form_data(child.block, child.value),
                "deleted": "",
                "order": str(index),
                "id": child.id or "",
            }
            for index, child in enumerate(value)
        }
        return {**children, "count": str(len(children))}
    if isinstance(block, blocks.ListBlock):
        items = {
            str(index): {
                "value": _block_form_data(block.child_block, item.value),
                "deleted": "",
                "order": str(index),
                "id": item.id or "",
            }
            for index, item in enumerate(value.bound_blocks)
        }
        return {**items, "count": str(len(items))}
    if isinstance(block, blocks.StructBlock):
        return {
            name: _block_form_data(child, value.get(name))
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value.source if value else "", features=block.features)
    form_value = block.value_for_form(value)
    if form_value is None:
        return ""
    return getattr(form_value, "pk", form_value)


def _edit_form_data(client, page: Page) -> dict:
    data = _form_data(client, reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            value = getattr(page, field.name)
            data.update(nested_form_data({field.name: _block_form_data(field.stream_block, value)}))
    return data


def test_every_page_of_the_site_previews_in_the_admin(admin_client, demo_site, guide):
    previewed = set()
    for page in Page.objects.filter(depth__gt=1).specific():
        data = _edit_form_data(admin_client, page)
        html = _preview(
            admin_client, reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,)), data
        )
        assert page.title in html, type(page).__name__
        previewed.add(type(page).__name__)
    assert previewed >= PAGE_TYPES_THAT_MUST_PREVIEW


def test_every_page_renders_its_body_in_preview(demo_site, guide):
    for page in Page.objects.filter(depth__gt=1).specific():
        for mode, _label in page.preview_modes:
            response = page.make_preview_request(preview_mode=mode)
            assert response.status_code == 200, (type(page).__name__, mode)


def test_editor_previews_a_draft_chapter_before_saving(client, editor, guide):
    client.force_login(editor)
    data = _form_data(
        client,
        _add_url(GuideChapterPage, guide),
        **nested_form_data(
            {
                "title": "Doręczenia elektroniczne",
                "slug": "doreczenia",
                "body": streamfield(
                    [
                        ("heading", {"text": "Adres do doręczeń", "level": "h2"}),
                        ("paragraph", rich_text("<p>Adres założysz w mObywatelu.</p>")),
                    ]
                ),
            }
        ),
    )
    html = _preview(client, _add_url(GuideChapterPage, guide, "preview_on_add"), data)
    assert "Doręczenia elektroniczne" in html
    assert "Adres założysz w mObywatelu." in html
    assert not GuideChapterPage.objects.filter(slug="doreczenia").exists()


def test_editor_previews_a_draft_guide_before_saving(client, editor, demo_site):
    client.force_login(editor)
    data = _form_data(
        client,
        _add_url(GuidePage, demo_site),
        title="Informator dla przedsiębiorców",
        slug="informator-firmy",
    )
    html = _preview(client, _add_url(GuidePage, demo_site, "preview_on_add"), data)
    assert "Informator dla przedsiębiorców" in html
    assert "Pobierz informator" not in html  # nothing published yet, so no PDF


# --- scheduled publishing ---------------------------------------------------------------------


def _advance_clock(monkeypatch, to: datetime.datetime) -> None:
    """Make Django (and so Wagtail's scheduler) believe it is `to` now."""
    monkeypatch.setattr(timezone, "now", lambda: to)


def test_approved_page_with_a_future_go_live_date_waits_for_publish_scheduled(
    client, editor, reviewer, demo_site, monkeypatch
):
    go_live = (timezone.now() + datetime.timedelta(hours=1)).replace(second=0, microsecond=0)
    page = _submit_new_page(
        client,
        editor,
        demo_site,
        go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
    )
    _approve(client, reviewer, page)
    page.refresh_from_db()
    assert not page.live
    assert page.latest_revision.approved_go_live_at == go_live

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live, "not before its time"

    _advance_clock(monkeypatch, go_live + datetime.timedelta(minutes=1))
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


def test_publish_scheduled_publishes_only_pages_whose_time_has_come(demo_site, monkeypatch):
    now = timezone.now()
    due = ContentPage(title="Ogłoszenie o sesji", slug="sesja", live=False)
    later = ContentPage(title="Ogłoszenie o dożynkach", slug="dozynki", live=False)
    for page, hours in ((due, 1), (later, 3)):
        demo_site.add_child(instance=page)
        page.go_live_at = now + datetime.timedelta(hours=hours)
        page.save_revision().publish()
        page.refresh_from_db()
        assert not page.live

    _advance_clock(monkeypatch, now + datetime.timedelta(hours=2))
    call_command("publish_scheduled")
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.live
    assert not later.live
