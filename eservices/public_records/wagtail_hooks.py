"""The admin entry for clerks: the import form, its menu item and the permission for groups."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


class ImportMenuItem(MenuItem):
    """Shown only to staff allowed to import public records."""

    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "rejestry-publiczne/import/",
            admin_views.import_upload,
            name="public_records_import",
        )
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import rejestrów"),
        reverse("public_records_import"),
        name="public-records-import",
        icon_name="upload",
        order=850,
    )


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="public_records", codename="import_public_records"
    )
