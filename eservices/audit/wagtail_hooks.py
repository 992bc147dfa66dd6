"""The read-only audit log in the Wagtail admin, with its own permission policy."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import AuditEvent
from .viewsets import AuditEventViewSet, ReadOnlyPermissionPolicy

register_permission_policy(AuditEvent, ReadOnlyPermissionPolicy(AuditEvent))


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEventViewSet("audit_events")
