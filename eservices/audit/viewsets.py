"""The audit log in the Wagtail admin: a read-only listing for staff allowed to view it."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import AuditEvent

READ_ONLY_ACTIONS = frozenset({"view"})


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Viewing needs ``audit.view_auditevent``; adding, changing, deleting: nobody, not even a
    superuser (the admin would only meet the triggers' refusal)."""

    def user_has_permission(self, user, action):
        return action in READ_ONLY_ACTIONS and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [action for action in actions if action in READ_ONLY_ACTIONS]
        )


class AuditEventViewSet(ModelViewSet):
    """Listing and details of audit events; no add, edit, delete, copy or history views."""

    model = AuditEvent
    icon = "list-ul"
    menu_label = _("Dziennik dostępu")
    menu_order = 950
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50
    list_display = [
        "occurred_at",
        "action",
        "actor_kind",
        "actor_user_id",
        "subject_id",
        "object_type",
        "purpose",
        "reason",
    ]
    # Ids, not the related objects: the user or person may be gone, the event stays.
    inspect_view_fields = [
        "occurred_at",
        "action",
        "actor_kind",
        "actor_user_id",
        "subject_id",
        "object_type",
        "object_id",
        "purpose",
        "reason",
        "ip_address",
        "user_agent",
        "request_id",
        "session_key_hash",
    ]
    list_filter = ["action", "actor_kind"]
    search_fields = None

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{conv}:pk>/", self.inspect_view, name="inspect"),
        ]
